package io.hotellambda.speed;

import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelViewed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.Topics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The transforms on small in-memory Datasets shaped like Spark's Kafka source. */
@ExtendWith(TestingSpark.class)
class TestSpeedLayerJob
{
    private static final StructType KAFKA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);
    private static final Instant T = Instant.parse("2026-11-20T10:15:00Z");

    private final EventCodec codec = new EventCodec();

    @Test
    void parsesValidEventsAndNamesTheReasonForEveryRejectedRecord(SparkSession spark)
    {
        List<Row> records = new ArrayList<>();
        records.add(record(Topics.HOTEL_VIEW_EVENTS, 0, TestingEvents.view(7, T, "v1", "NL", "mobile")));
        records.add(raw(Topics.HOTEL_VIEW_EVENTS, 1, "{not json".getBytes(StandardCharsets.UTF_8)));
        records.add(raw(Topics.HOTEL_VIEW_EVENTS, 2, "{\"type\":\"hotel_viewed\",\"schema_version\":1}".getBytes(StandardCharsets.UTF_8)));
        records.add(record(Topics.BOOKING_EVENTS, 3, TestingEvents.view(7, T, "v1", "NL", "mobile")));
        records.add(raw(Topics.HOTEL_VIEW_EVENTS, 4, null));

        List<Row> parsed = SpeedLayerJob.parse(kafka(spark, records)).orderBy("offset").collectAsList();

        assertThat(parsed.get(0).<Long>getAs("hotel_id")).isEqualTo(7L);
        assertThat(parsed.get(0).<String>getAs("device")).isEqualTo("mobile");
        assertThat(parsed.get(0).<Timestamp>getAs("received_at").toInstant()).isEqualTo(T);
        assertThat(parsed.get(0).<String>getAs("error")).isNull();
        assertThat(parsed.stream().skip(1).map(row -> row.<String>getAs("error")).toList()).containsExactly(
                "malformed JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name",
                "hotel_viewed: field[event_id] is required",
                "type[hotel_viewed] belongs on topic[hotel_view_events], not [booking_events]",
                "record has no value (a tombstone)");
        assertThat(parsed.get(1).<byte[]>getAs("value")).asString(StandardCharsets.UTF_8).isEqualTo("{not json");
        assertThat(parsed.get(0).<byte[]>getAs("value")).as("a valid record's bytes are not carried on").isNull();
    }

    @Test
    void countableRowsCarryUtcHoursAndAreSortedByHotelWithinEachPartition(SparkSession spark)
    {
        List<PlatformEvent> events = List.of(
                TestingEvents.view(8, T, "a", "US", "other"),
                TestingEvents.view(7, T.plusSeconds(3600), "c", "NL", "tablet"),
                TestingEvents.created(7, T, 20_000, "EUR"),
                TestingEvents.confirmed(9, Instant.parse("2026-11-20T23:59:59.999Z"), 5_000, "USD", 2),
                TestingEvents.view(7, T, "a", "NL", "mobile"));
        List<Row> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(record(events.get(i) instanceof HotelViewed ? Topics.HOTEL_VIEW_EVENTS : Topics.BOOKING_EVENTS, i, events.get(i)));
        }
        records.add(raw(Topics.HOTEL_VIEW_EVENTS, 99, "{}".getBytes(StandardCharsets.UTF_8)));

        Dataset<Row> countable = SpeedLayerJob.countable(SpeedLayerJob.parse(kafka(spark, records).repartition(2)));

        assertThat(countable.columns()).containsExactly("hotel_id", "type", "event_id", "hour", "viewer_id", "country", "device", "booking",
                "received_at", "error", "topic", "partition", "city", "check_in", "nights", "sold_out", "first_page");
        List<List<Row>> partitions = countable.javaRDD().glom().collect();
        List<String> rows = new ArrayList<>();
        for (int partition = 0; partition < partitions.size(); partition++) {
            long previous = Long.MIN_VALUE;
            for (Row row : partitions.get(partition)) {
                if (row.isNullAt(0)) {
                    assertThat(previous).as("rejected records first").isEqualTo(Long.MIN_VALUE);
                    rows.add("rejected: " + row.getString(9));
                    continue;
                }
                assertThat(row.getLong(0)).as("sorted by hotel within a partition").isGreaterThanOrEqualTo(previous);
                previous = row.getLong(0);
                rows.add("%s %s %s %s %s %s %s %s".formatted(row.get(0), row.get(1), row.get(3), row.get(4), row.get(5), row.get(6),
                        row.isNullAt(7) ? null : new TreeMap<>(row.<String, Long>getJavaMap(7)), row.get(10)));
            }
        }
        assertThat(rows).containsExactlyInAnyOrder(
                "8 hotel_viewed 2026112010 a US other null hotel_view_events",
                "7 hotel_viewed 2026112011 c NL tablet null hotel_view_events",
                "7 reservation_created 2026112010 null null null {holds_created:EUR=1} booking_events",
                "9 reservation_confirmed 2026112023 null null null {confirmed:USD=1, revenue_cents:USD=5000, room_nights_sold:USD=4} booking_events",
                "7 hotel_viewed 2026112010 a NL mobile null hotel_view_events",
                "rejected: field[type] is required");
    }

    @Test
    void deadLettersKeepTheOriginalBytesAndSayWhyAndWhere(SparkSession spark)
    {
        byte[] garbage = "{\"type\":\"hotel_viewed\"".getBytes(StandardCharsets.UTF_8);
        List<Row> records = List.of(
                raw(Topics.HOTEL_VIEW_EVENTS, 41, garbage),
                record(Topics.HOTEL_VIEW_EVENTS, 42, TestingEvents.view(7, T, "a", "NL", "mobile")));

        List<Row> letters = SpeedLayerJob.deadLetters(SpeedLayerJob.parse(kafka(spark, records))).collectAsList();

        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).<byte[]>getAs("value")).isEqualTo(garbage);
        Map<String, String> headers = new TreeMap<>();
        for (Row header : letters.get(0).<Row>getList(letters.get(0).fieldIndex("headers"))) {
            headers.put(header.getString(0), new String((byte[]) header.get(1), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("source_topic", "hotel_view_events")
                .containsEntry("source_partition", "0")
                .containsEntry("source_offset", "41")
                .containsEntry("rejected_by", "speed-layer");
        assertThat(headers.get("reason")).startsWith("malformed JSON: Unexpected end-of-input");
    }

    private Row record(String topic, long offset, PlatformEvent event)
    {
        return raw(topic, offset, codec.encode(event));
    }

    private static Row raw(String topic, long offset, byte[] value)
    {
        return RowFactory.create("k".getBytes(StandardCharsets.UTF_8), value, topic, 0, offset, Timestamp.from(T));
    }

    private static Dataset<Row> kafka(SparkSession spark, List<Row> records)
    {
        return spark.createDataFrame(records, KAFKA);
    }
}
