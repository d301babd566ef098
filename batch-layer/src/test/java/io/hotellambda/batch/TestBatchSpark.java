package io.hotellambda.batch;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings a main passes win over BatchSpark's defaults, on a session built as the mains build theirs. */
class TestBatchSpark
{
    @Test
    void theCallersShufflePartitionsAreTheSessionsEffectiveValue()
    {
        SparkSession shared = TestingBatchSpark.session();
        String before = shared.conf().get("spark.sql.shuffle.partitions");
        try {
            // getOrCreate hands back this JVM's one session with the builder's SQL settings applied, as a main's new session would have them
            SparkSession session = BatchSpark.create("batch-spark-test", "local[2]", TestingBatchSpark.metastore(), Map.of("spark.sql.shuffle.partitions", "3"));
            assertThat(session.conf().get("spark.sql.shuffle.partitions")).isEqualTo("3");

            BatchSpark.create("batch-spark-test", "local[2]", TestingBatchSpark.metastore(), Map.of("spark.sql.shuffle.partitions", "1"));
            assertThat(session.conf().get("spark.sql.shuffle.partitions")).as("the audit's one partition").isEqualTo("1");
        }
        finally {
            shared.conf().set("spark.sql.shuffle.partitions", before);
        }
    }
}
