package io.hotellambda.speed;

import io.hotellambda.schemas.SpeedCounter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * The speed layer's transforms, pure functions of Datasets: tested on small in-memory Datasets
 * and run unchanged on the Kafka stream by {@link SpeedLayer}. Buckets are UTC {@code received_at}
 * hours and days: the session time zone must be UTC ({@code io.hotellambda.spark.SparkSessions}).
 */
public final class SpeedLayerJob
{
    private static final UserDefinedFunction PARSE = udf(new EventParser(), EventParser.SCHEMA);

    private SpeedLayerJob() {}

    /**
     * Kafka source rows ({@code key, value, topic, partition, offset}) to one row per
     * record: the parsed fields, or {@code error} with the reason, beside the source coordinates
     * (and, for rejected records only, the original key and bytes).
     */
    public static Dataset<Row> parse(Dataset<Row> kafkaRecords)
    {
        return kafkaRecords
                .select(col("key"), col("value"), col("topic"), col("partition"), col("offset"),
                        PARSE.apply(col("value"), col("topic")).as("event"))
                // only a rejected record keeps its bytes (for dead_letter): the batch is cached, and
                // valid rows' bytes would triple its size
                .select(when(col("event.error").isNotNull(), col("key")).as("key"), when(col("event.error").isNotNull(), col("value")).as("value"),
                        col("topic"), col("partition"), col("offset"),
                        col("event.*"));
    }

    /**
     * Every record, cut to what the counters need (for a booking event, {@code booking}: the
     * Redis fields it adds to and by how much) ({@code hotel_id, type, event_id, hour,
     * viewer_id, country, device, booking, received_at, error, topic, partition},
     * then for searches {@code city, check_in, nights, sold_out, first_page}), sorted by hotel
     * (searches, which have none, by city), then source partition, within each Spark partition.
     * There is no shuffle: Kafka partitions are keyed by hotel (searches by city), and
     * {@link RedisCounterApplier} applies each hotel's (or city's) events of each Kafka partition
     * once. Rejected records (no hotel, an {@code error}) sort first; the applier only counts
     * them, so one pass over the batch does everything in the common case of no rejects.
     */
    public static Dataset<Row> countable(Dataset<Row> parsed)
    {
        return parsed
                .select(col("hotel_id"), col("type"), col("event_id"),
                        date_format(col("received_at"), SpeedCounter.Bucket.HOUR.pattern()).as("hour"),
                        col("viewer_id"), col("country"), col("device"), col("booking"), col("received_at"), col("error"),
                        col("topic"), col("partition"),
                        col("city"), col("check_in"), col("nights"), col("sold_out"), col("first_page"))
                .sortWithinPartitions(col("hotel_id"), col("city"), col("topic"), col("partition"));
    }

    /**
     * Rejected records as {@code dead_letter} rows for Spark's Kafka sink: the original key and
     * bytes, and headers naming the reason and where the record came from. The key is the source
     * key so a rejected event stays on its hotel's partition.
     */
    public static Dataset<Row> deadLetters(Dataset<Row> parsed)
    {
        return parsed.filter(col("error").isNotNull())
                .select(col("key"), coalesce(col("value"), lit(new byte[0])).as("value"),
                        array(header("reason", col("error")),
                                header("source_topic", col("topic")),
                                header("source_partition", col("partition")),
                                header("source_offset", col("offset")),
                                header("rejected_by", lit("speed-layer"))).as("headers"));
    }

    private static Column header(String name, Column value)
    {
        return struct(lit(name).as("key"), value.cast("string").cast("binary").as("value"));
    }
}
