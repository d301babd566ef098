package io.hotellambda.batch;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The Hive metastore every batch JVM shares: the nightly jobs write tables, the Thrift server
 * serves them. Locally its database is a PostgreSQL database (an embedded Derby metastore serves
 * one JVM only); Spark's Hive client creates the schema on first use. On a cluster, point
 * {@code spark.hadoop.hive.metastore.uris} at a metastore service instead.
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
        settings.put("spark.hadoop.javax.jdo.option.ConnectionURL", jdbcUrl);
        settings.put("spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.postgresql.Driver");
        settings.put("spark.hadoop.javax.jdo.option.ConnectionUserName", user);
        settings.put("spark.hadoop.javax.jdo.option.ConnectionPassword", password);
        settings.put("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
        settings.put("spark.hadoop.hive.metastore.schema.verification", "false");
        return settings;
    }
}
