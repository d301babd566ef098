package io.hotellambda.batch.hive;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The Hive metastore every batch JVM shares: the nightly jobs write tables, the Thrift server
 * serves them. Locally its database is Derby in network mode ({@link MetastoreDatabase}): an
 * embedded Derby metastore serves one JVM only, and Spark's Hive client creates the schema on first
 * use. On a cluster, point {@code spark.hadoop.hive.metastore.uris} at a metastore service instead.
 *
 * @param warehouse where managed tables live, as a Hadoop path
 */
public record HiveMetastore(String jdbcUrl, String user, String password, String warehouse)
{
    public HiveMetastore
    {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(warehouse, "warehouse is null");
    }

    public Map<String, String> sparkSettings()
    {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.sql.catalogImplementation", "hive");
        settings.put("spark.sql.warehouse.dir", warehouse);
        hadoopSettings().forEach((key, value) -> settings.put("spark.hadoop." + key, value));
        return settings;
    }

    /** The metastore client's own settings (Spark passes them on as {@code spark.hadoop.*}). */
    public Map<String, String> hadoopSettings()
    {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hive.metastore.warehouse.dir", warehouse);
        settings.put("javax.jdo.option.ConnectionURL", jdbcUrl);
        settings.put("javax.jdo.option.ConnectionDriverName", driver(jdbcUrl));
        settings.put("javax.jdo.option.ConnectionUserName", user);
        settings.put("javax.jdo.option.ConnectionPassword", password);
        // Derby creates the schema safely on first use; on PostgreSQL or MySQL create it with Hive's schematool
        settings.put("datanucleus.schema.autoCreateAll", Boolean.toString(jdbcUrl.startsWith("jdbc:derby:")));
        settings.put("hive.metastore.schema.verification", "false");
        return settings;
    }

    private static String driver(String jdbcUrl)
    {
        if (jdbcUrl.startsWith("jdbc:derby://")) {
            return "org.apache.derby.jdbc.ClientDriver";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:mysql:")) {
            return "com.mysql.cj.jdbc.Driver";
        }
        throw new IllegalArgumentException("metastore.jdbc.url[%s] must be a Derby network, PostgreSQL or MySQL URL".formatted(jdbcUrl));
    }
}
