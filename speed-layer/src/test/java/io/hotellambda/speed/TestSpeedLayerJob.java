package io.hotellambda.speed;

import io.hotellambda.schemas.EventCodec;
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

import static org.apache.spark.sql.functions.col;
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
        assertThat(parsed.get(1).<String>getAs("dedup_id")).isEqualTo("hotel_view_events/0/1");
    }

    @Test
    void countsViewsUniquesCountriesDevicesBookingsAndRevenuePerBucket(SparkSession spark)
    {
        Instant nextHour = T.plusSeconds(3600);
        List<Row> records = new ArrayList<>();
        List<PlatformEvent> events = List.of(
                TestingEvents.view(7, T, "a", "NL", "mobile"),
                TestingEvents.view(7, T.plusSeconds(60), "a", "DE", "desktop"),
                TestingEvents.view(7, T.plusSeconds(120), "b", "NL", "mobile"),
                TestingEvents.view(7, nextHour, "c", "NL", "tablet"),
                TestingEvents.view(8, T, "a", "US", "other"),
                TestingEvents.created(7, T, 20_000, "EUR"),
                TestingEvents.created(7, T, 30_000, "EUR"),
                TestingEvents.confirmed(7, T, 20_000, "EUR"),
                TestingEvents.confirmed(7, T, 5_000, "USD"),
                TestingEvents.confirmed(7, T, 1_000, "EUR"));
        for (int i = 0; i < events.size(); i++) {
            PlatformEvent event = events.get(i);
            records.add(record(event instanceof io.hotellambda.schemas.HotelViewed ? Topics.HOTEL_VIEW_EVENTS : Topics.BOOKING_EVENTS, i, event));
        }

        Dataset<Row> parsed = SpeedLayerJob.parse(kafka(spark, records));
        Map<String, String> updates = new TreeMap<>();
        for (Row row : SpeedLayerJob.counterUpdates(parsed.filter(col("error").isNull())).collectAsList()) {
            String field = row.getAs("field") == null ? "" : "." + row.getAs("field");
            String value = row.getAs("members") == null ? row.getAs("amount").toString() : new java.util.TreeSet<>(row.<String>getList(row.fieldIndex("members"))).toString();
            updates.put("%s:%s:%s%s".formatted(row.getAs("counter"), row.getAs("hotel_id"), row.getAs("bucket"), field), value);
        }

        assertThat(updates).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("VIEWS:7:2026112010", "3"),
                Map.entry("VIEWS:7:2026112011", "1"),
                Map.entry("VIEWS:8:2026112010", "1"),
                Map.entry("VIEWERS:7:2026112010", "[a, b]"),
                Map.entry("VIEWERS:7:2026112011", "[c]"),
                Map.entry("VIEWERS:8:2026112010", "[a]"),
                Map.entry("VIEWS_BY_COUNTRY:7:20261120.NL", "3"),
                Map.entry("VIEWS_BY_COUNTRY:7:20261120.DE", "1"),
                Map.entry("VIEWS_BY_COUNTRY:8:20261120.US", "1"),
                Map.entry("VIEWS_BY_DEVICE:7:20261120.mobile", "2"),
                Map.entry("VIEWS_BY_DEVICE:7:20261120.desktop", "1"),
                Map.entry("VIEWS_BY_DEVICE:7:20261120.tablet", "1"),
                Map.entry("VIEWS_BY_DEVICE:8:20261120.other", "1"),
                Map.entry("BOOKINGS:7:2026112010", "2"),
                Map.entry("REVENUE:7:2026112010.EUR", "21000"),
                Map.entry("REVENUE:7:2026112010.USD", "5000")));
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
