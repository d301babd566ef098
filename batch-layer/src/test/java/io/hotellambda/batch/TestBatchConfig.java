package io.hotellambda.batch;

import io.hotellambda.batch.archive.ArchiverConfig;
import io.hotellambda.config.Settings;
import io.hotellambda.schemas.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
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
        ArchiverConfig config = ArchiverConfig.load(Settings.of(ArchiverConfig.ENV_PREFIX, Map.of()));

        assertThat(config.topics()).isEqualTo(Topics.ALL);
        assertThat(config.archiveRoot()).isEqualTo("var/archive/raw");
        assertThat(config.maxRecords()).isEqualTo(1_000_000);
        assertThat(config.maxSpan()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.lateness()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ArchiverConfig.load(Settings.of(ArchiverConfig.ENV_PREFIX, Map.of("max.records", "0"))))
                .hasMessageContaining("max.records[0]");
    }
}
