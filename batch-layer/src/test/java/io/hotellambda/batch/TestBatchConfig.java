package io.hotellambda.batch;

import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.batch.audit.AuditConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.schemas.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestBatchConfig
{
    @Test
    void defaultsAreTheQuickstartsLocalServices()
    {
        BatchConfig config = BatchConfig.load(Settings.of(BatchConfig.ENV_PREFIX, Map.of()));

        assertThat(config.sparkMaster()).isEqualTo("local[2]");
        assertThat(config.archiveRoot()).isEqualTo("var/archive/raw");
        assertThat(config.metastore().jdbcUrl()).isEqualTo("jdbc:derby://127.0.0.1:11527/metastore;create=true");
        assertThat(config.metastore().sparkSettings())
                .containsEntry("spark.hadoop.javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.ClientDriver")
                .containsEntry("spark.hadoop.datanucleus.schema.autoCreateAll", "true");
        assertThat(config.localMetastorePort()).hasValue(11527);
        assertThat(config.metastoreDirectory()).isEqualTo(Path.of("var/archive/metastore"));
        assertThat(config.servingJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        assertThat(config.partitions()).isEqualTo(8);
    }

    @Test
    void aRemoteMetastoreIsNotStartedHere()
    {
        BatchConfig config = BatchConfig.load(Settings.of(BatchConfig.ENV_PREFIX, Map.of(
                "metastore.jdbc.url", "jdbc:postgresql://metastore.internal:5432/hive")));

        assertThat(config.localMetastorePort()).isEmpty();
        assertThat(config.metastore().sparkSettings()).containsEntry("spark.hadoop.datanucleus.schema.autoCreateAll", "false");
        assertThatThrownBy(() -> BatchConfig.load(Settings.of(BatchConfig.ENV_PREFIX, Map.of("metastore.jdbc.url", "jdbc:oracle:thin:@x"))).metastore().sparkSettings())
                .hasMessageContaining("metastore.jdbc.url");
    }

    @Test
    void archiverDefaultsAndLimits()
    {
        ArchiverConfig config = ArchiverConfig.load(Settings.of(ArchiverConfig.ENV_PREFIX, Map.of()),
                BatchConfig.load(Settings.of(BatchConfig.ENV_PREFIX, Map.of())).archiveRoot());

        assertThat(config.topics()).isEqualTo(Topics.ALL);
        assertThat(config.archiveRoot()).isEqualTo("var/archive/raw");
        assertThat(config.maxRecords()).isEqualTo(1_000_000);
        assertThat(config.maxSpan()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.lateness()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ArchiverConfig.load(Settings.of(ArchiverConfig.ENV_PREFIX, Map.of("max.records", "0")), "var/archive/raw"))
                .hasMessageContaining("max.records[0]");
    }

    /** Every setting the batch mains, the archiver and the audit read, with its default: one added without one here fails this test. */
    @Test
    void everySettingHasARecordedDefault()
    {
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("serving.jdbc.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        batch.put("serving.user", "postgres");
        batch.put("serving.password", "");
        batch.put("spark.master", "local[2]");
        batch.put("archive.root", "var/archive/raw");
        batch.put("metastore.jdbc.url", "jdbc:derby://127.0.0.1:11527/metastore;create=true");
        batch.put("metastore.user", "APP");
        batch.put("metastore.password", "app");
        batch.put("warehouse", "var/archive/warehouse");
        batch.put("partitions", "8");
        batch.put("metastore.directory", "var/archive/metastore");
        // booking-app's database: by default the serving one
        batch.put("booking.jdbc.url", "jdbc:postgresql://127.0.0.1:15432/hotel_lambda");
        batch.put("booking.user", "postgres");
        batch.put("booking.password", "");
        assertThat(Settings.recordDefaults(BatchConfig.ENV_PREFIX, BatchConfig::load)).containsExactlyEntriesOf(batch);

        Map<String, String> archiver = new LinkedHashMap<>();
        archiver.put("kafka.bootstrap.servers", "127.0.0.1:19092");
        archiver.put("group.id", "batch-archiver");
        archiver.put("topics", String.join(",", Topics.ALL));
        archiver.put("max.records", "1000000");
        archiver.put("max.span", "PT15M");
        archiver.put("max.age", "PT1M");
        archiver.put("lateness", "PT5M");
        assertThat(Settings.recordDefaults(ArchiverConfig.ENV_PREFIX, settings -> ArchiverConfig.load(settings, "var/archive/raw"))).containsExactlyEntriesOf(archiver);

        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("redis.cluster.nodes", "");
        audit.put("redis.uri", "redis://127.0.0.1:16379");
        audit.put("redis.timeout", "PT5S");
        audit.put("audit.max.drift", "0.001");
        audit.put("audit.max.hotel.drift", "0.01");
        audit.put("audit.min.hotel.views", "100");
        assertThat(Settings.recordDefaults(BatchConfig.ENV_PREFIX, AuditConfig::load)).containsExactlyEntriesOf(audit);
    }

}
