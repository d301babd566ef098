package io.hotellambda.speed;

import io.hotellambda.schemas.EventType;
import io.hotellambda.schemas.SpeedCounter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

import java.time.Duration;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

/**
 * The speed layer's transforms, pure functions of Datasets: tested on small in-memory Datasets
 * and run unchanged on the Kafka stream by {@link SpeedLayer}. Buckets are UTC {@code received_at}
 * hours and days: the session time zone must be UTC ({@link SparkSessions}).
 */
public final class SpeedLayerJob
{
    private static final UserDefinedFunction PARSE = udf(new EventParser(), EventParser.SCHEMA);

    private SpeedLayerJob() {}

    /**
     * Kafka source rows ({@code key, value, topic, partition, offset, timestamp}) to one row per
     * record: the parsed fields, or {@code error} with the reason, beside the source coordinates
     * and the original bytes. {@code dedup_id} is the event id, or the record's coordinates when it
     * has none; {@code event_time} is {@code received_at}, or the Kafka timestamp when unparsable.
     */
    public static Dataset<Row> parse(Dataset<Row> kafkaRecords)
    {
        return kafkaRecords
                .select(col("key"), col("value"), col("topic"), col("partition"), col("offset"), col("timestamp"),
                        PARSE.apply(col("value"), col("topic")).as("event"))
                .select(col("key"), col("value"), col("topic"), col("partition"), col("offset"),
                        col("event.*"),
                        coalesce(col("event.event_id"), concat_ws("/", col("topic"), col("partition"), col("offset"))).as("dedup_id"),
                        coalesce(col("event.received_at"), col("timestamp")).as("event_time"));
    }

    /** Drops repeated {@code event_id}s seen within {@code window} of each other (client retries). */
    public static Dataset<Row> deduplicate(Dataset<Row> parsed, Duration window)
    {
        return parsed
                .withWatermark("event_time", window.toSeconds() + " seconds")
                .dropDuplicatesWithinWatermark("dedup_id");
    }

    /**
     * Valid events to counter updates, one row per Redis key and field:
     * {@code hotel_id, counter} (a {@link SpeedCounter} name){@code , bucket, field, amount, members}.
     */
    public static Dataset<Row> counterUpdates(Dataset<Row> events)
    {
        Column hour = date_format(col("received_at"), SpeedCounter.Bucket.HOUR.pattern());
        Column day = date_format(col("received_at"), SpeedCounter.Bucket.DAY.pattern());
        Dataset<Row> views = events.filter(col("type").equalTo(EventType.HOTEL_VIEWED.typeName()));
        Dataset<Row> hourlyViews = views.groupBy(col("hotel_id"), hour.as("bucket"))
                .agg(count(lit(1)).as("amount"), collect_set(col("viewer_id")).as("members"));
        Dataset<Row> created = events.filter(col("type").equalTo(EventType.RESERVATION_CREATED.typeName()));
        Dataset<Row> confirmed = events.filter(col("type").equalTo(EventType.RESERVATION_CONFIRMED.typeName()));
        return update(hourlyViews, SpeedCounter.VIEWS, null, col("amount"), null)
                .unionByName(update(hourlyViews, SpeedCounter.VIEWERS, null, lit(0L), col("members")))
                .unionByName(update(views.groupBy(col("hotel_id"), day.as("bucket"), col("country")).agg(count(lit(1)).as("amount")),
                        SpeedCounter.VIEWS_BY_COUNTRY, col("country"), col("amount"), null))
                .unionByName(update(views.groupBy(col("hotel_id"), day.as("bucket"), col("device")).agg(count(lit(1)).as("amount")),
                        SpeedCounter.VIEWS_BY_DEVICE, col("device"), col("amount"), null))
                .unionByName(update(created.groupBy(col("hotel_id"), hour.as("bucket")).agg(count(lit(1)).as("amount")),
                        SpeedCounter.BOOKINGS, null, col("amount"), null))
                .unionByName(update(confirmed.groupBy(col("hotel_id"), hour.as("bucket"), col("currency")).agg(sum(col("amount_cents")).as("amount")),
                        SpeedCounter.REVENUE, col("currency"), col("amount"), null));
    }

    private static Dataset<Row> update(Dataset<Row> aggregate, SpeedCounter counter, Column field, Column amount, Column members)
    {
        return aggregate.select(
                col("hotel_id"),
                lit(counter.name()).as("counter"),
                col("bucket"),
                (field == null ? lit(null).cast("string") : field).as("field"),
                amount.cast("long").as("amount"),
                (members == null ? lit(null).cast("array<string>") : members).as("members"));
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
