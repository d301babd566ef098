package io.hotellambda.batch.daily;

import io.hotellambda.batch.TestingBatchSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link DailyViews} on small in-memory Datasets with the archive's columns. */
class TestDailyViews
{
    private final SparkSession spark = TestingBatchSpark.session();

    @Test
    void anEventIdCountsOnceAtItsFirstAcceptanceAndOnlyValidViewsCount()
    {
        Dataset<Row> day = rows(
                view("e1", 7, "2026-11-20T10:05:00Z", "a", "NL", "mobile"),
                view("e1", 7, "2026-11-20T13:00:00Z", "a", "NL", "mobile"),   // retried later: counts at 10:05
                view("e2", 7, "2026-11-20T10:30:00Z", "b", "DE", "desktop"),
                view("e3", 7, "2026-11-20T00:01:00Z", "c", "NL", "mobile"),   // retry of yesterday's e3
                view("e4", 8, "2026-11-20T23:59:59Z", "a", "NL", "mobile"),
                raw("e5", "reservation_created", 7L, "2026-11-20T11:00:00Z", null),
                raw(null, null, null, "2026-11-20T11:00:00Z", "malformed JSON"));
        Dataset<Row> previousLastHour = rows(view("e3", 7, "2026-11-19T23:58:00Z", "c", "NL", "mobile"));

        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.byHotel(
                DailyViews.countable(day, false).union(DailyViews.countable(previousLastHour, true))));

        assertThat(DailyViews.splitHotels(hotelDays, 10)).isEmpty();
        assertThat(strings(DailyViews.hotelTotals(hotelDays).orderBy("hotel_id")))
                .containsExactly("[7,2,2]", "[8,1,1]");
        assertThat(strings(DailyViews.breakdown(hotelDays)))
                .containsExactlyInAnyOrder("[7,10,NL,mobile,1]", "[7,10,DE,desktop,1]", "[8,23,NL,mobile,1]");
    }

    @Test
    void viewersCountOncePerHotelAndAViewWithoutViewerCountsAsAView()
    {
        Dataset<Row> day = rows(
                view("e1", 7, "2026-11-20T10:05:00Z", "a", "NL", "mobile"),
                view("e2", 7, "2026-11-20T11:05:00Z", "a", "NL", "mobile"),
                view("e3", 7, "2026-11-20T11:06:00Z", "a", "DE", "desktop"),
                view("e4", 8, "2026-11-20T11:07:00Z", "a", "NL", "mobile"),
                view("e5", 7, "2026-11-20T12:00:00Z", null, null, null),
                view("e5", 7, "2026-11-20T12:00:01Z", null, null, null));

        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.byHotel(DailyViews.countable(day, false)));

        assertThat(strings(DailyViews.hotelTotals(hotelDays).orderBy("hotel_id")))
                .containsExactly("[7,4,1]", "[8,1,1]");
        assertThat(strings(DailyViews.breakdown(hotelDays)))
                .containsExactlyInAnyOrder("[7,10,NL,mobile,1]", "[7,11,NL,mobile,1]", "[7,11,DE,desktop,1]", "[7,12,null,null,1]", "[8,11,NL,mobile,1]");
    }

    @Test
    void anEventCountsOnceWhetherItsCopiesAreInVersionOneOrVersionTwoFiles()
    {
        // negative halves too: the sort key and the text view must not depend on the sign
        UUID retried = new UUID(0x8a3c_0f1e_0000_4abcL, 0xb123_4567_89ab_cdefL);
        UUID once = UUID.fromString("0f8e7d6c-5b4a-4938-8271-605f4e3d2c1b");
        Dataset<Row> day = rows(
                view(retried.toString(), 7, "2026-11-20T10:05:00Z", "a", "NL", "mobile"),    // a version 1 file's copy
                viewV2(retried, 7, "2026-11-20T10:09:00Z", "a", "NL", "mobile"),             // the retry, archived after the upgrade
                viewV2(once, 7, "2026-11-20T00:00:10Z", "b", "NL", "mobile"));               // retry of yesterday's, below
        Dataset<Row> previousLastHour = rows(view(once.toString(), 7, "2026-11-19T23:59:00Z", "b", "NL", "mobile"));

        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.byHotel(
                DailyViews.countable(day, false).union(DailyViews.countable(previousLastHour, true))));

        assertThat(strings(DailyViews.hotelTotals(hotelDays))).containsExactly("[7,1,1]");
        assertThat(strings(DailyViews.breakdown(hotelDays))).containsExactly("[7,10,NL,mobile,1]");
        // what the Hive views show: the same text for both versions
        assertThat(day.union(previousLastHour).selectExpr(RawColumns.idTextSql()).as(Encoders.STRING()).collectAsList())
                .containsExactly(retried.toString(), retried.toString(), once.toString(), once.toString());
    }

    @Test
    void hotelsWhoseIdsShareASortKeyAreCountedApart()
    {
        long far = 7 + (1L << 32);   // the same low 32 bits as hotel 7: their rows share sort keys
        Dataset<Row> day = rows(
                view("e1", 7, "2026-11-20T10:05:00Z", "a", "NL", "mobile"),
                view("e2", far, "2026-11-20T10:06:00Z", "a", "NL", "mobile"),
                view("e1", 7, "2026-11-20T10:07:00Z", "a", "NL", "mobile"),
                view("e3", far, "2026-11-20T09:00:00Z", "a", "NL", "mobile"),
                view("e2", far, "2026-11-20T10:08:00Z", "a", "NL", "mobile"));

        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.countable(day, false).coalesce(1));

        assertThat(DailyViews.splitHotels(hotelDays, 10)).isEmpty();
        assertThat(strings(DailyViews.hotelTotals(hotelDays).orderBy("hotel_id")))
                .containsExactly("[7,1,1]", "[" + far + ",2,1]");
        assertThat(strings(DailyViews.breakdown(hotelDays)))
                .containsExactlyInAnyOrder("[7,10,NL,mobile,1]", "[" + far + ",10,NL,mobile,1]", "[" + far + ",9,NL,mobile,1]");
    }

    @Test
    void viewersAndEventsWhoseHashesShareSortKeyBitsAreCountedApart()
    {
        // viewers x and y, and events e1 and e2, share the 16 hash bits of the sort key: all rows
        // of x's e1 and y's e2 have one key, and the counter must tell them apart
        List<String> viewers = sharingSortKeyBits("viewer");
        List<String> events = idsSharingSortKeyBits("event");
        String x = viewers.get(0);
        String y = viewers.get(1);
        String e1 = events.get(0);
        String e2 = events.get(1);
        Dataset<Row> day = rows(
                view(e1, 7, "2026-11-20T10:05:00Z", x, "NL", "mobile"),
                view(e2, 7, "2026-11-20T00:00:30Z", y, "DE", "mobile"),   // retry of y's e2 from yesterday
                view(e1, 7, "2026-11-20T12:00:00Z", x, "NL", "mobile"),   // retry of x's e1
                view("e3", 7, "2026-11-20T11:00:00Z", x, "NL", "mobile"),
                view("e4", 7, "2026-11-20T13:00:00Z", y, "DE", "mobile"));
        Dataset<Row> previousLastHour = rows(view(e2, 7, "2026-11-19T23:59:50Z", y, "DE", "mobile"));

        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.byHotel(
                DailyViews.countable(day, false).union(DailyViews.countable(previousLastHour, true))));

        assertThat(strings(DailyViews.hotelTotals(hotelDays))).containsExactly("[7,3,2]");
        assertThat(strings(DailyViews.breakdown(hotelDays)))
                .containsExactlyInAnyOrder("[7,10,NL,mobile,1]", "[7,11,NL,mobile,1]", "[7,13,DE,mobile,1]");
    }

    @Test
    void anEventRetriedOnAndOnCountsOnceAtItsFirstAcceptance()
    {
        // more rows of one event than the counter holds before keeping only the earliest
        List<Row> rows = new ArrayList<>();
        rows.add(view("e1", 7, "2026-11-20T09:59:00Z", "a", "NL", "mobile"));
        for (int retry = 1; retry < 3 * HotelDayCounter.COMPACT_AT; retry++) {
            // the retries all fall in the next hour: only the earliest row puts the view at 9
            rows.add(view("e1", 7, Instant.parse("2026-11-20T10:00:00Z").plusSeconds(retry).toString(), "a", "NL", "mobile"));
        }
        rows.add(view("e2", 7, "2026-11-20T12:00:00Z", "a", "NL", "mobile"));
        rows.add(view("e1", 7, "2026-11-20T12:00:00Z", "b", "NL", "mobile"));   // another viewer's event with the same id

        Dataset<Row> hotelDays = DailyViews.hotelDays(DailyViews.countable(rows(rows.toArray(Row[]::new)), false).coalesce(1));

        assertThat(strings(DailyViews.hotelTotals(hotelDays))).containsExactly("[7,3,2]");
        assertThat(strings(DailyViews.breakdown(hotelDays)))
                .containsExactlyInAnyOrder("[7,9,NL,mobile,1]", "[7,12,NL,mobile,2]");
    }

    @Test
    void aHotelWhoseRowsAreOnTwoTasksIsFoundAndAShuffleByHotelCountsItExactly()
    {
        // two tasks, as two Kafka partitions would be: hotel 7 on both, its retry on the other one
        Dataset<Row> first = DailyViews.countable(rows(
                view("e1", 7, "2026-11-20T10:05:00Z", "a", "NL", "mobile"),
                view("e2", 8, "2026-11-20T10:06:00Z", "b", "NL", "mobile")), false).coalesce(1);
        Dataset<Row> second = DailyViews.countable(rows(
                view("e1", 7, "2026-11-20T10:09:00Z", "a", "NL", "mobile"),
                view("e3", 7, "2026-11-20T10:10:00Z", "c", "NL", "mobile")), false).coalesce(1);
        Dataset<Row> countable = first.union(second);

        assertThat(DailyViews.splitHotels(DailyViews.hotelDays(countable), 10)).containsExactly(7L);
        Dataset<Row> shuffled = DailyViews.hotelDays(DailyViews.byHotel(countable));
        assertThat(DailyViews.splitHotels(shuffled, 10)).isEmpty();
        assertThat(strings(DailyViews.hotelTotals(shuffled).orderBy("hotel_id")))
                .containsExactly("[7,2,2]", "[8,1,1]");
    }

    /** Two {@code <prefix>N} viewer names whose {@code xxhash64} agree in the low 16 bits, the bits the sort key keeps. */
    private List<String> sharingSortKeyBits(String prefix)
    {
        return sharingSortKeyBits(prefix, xxhash64(col("name")));
    }

    /** Two {@code <prefix>N} text event ids whose halves' {@code xxhash64} agree in the low 16 bits, as the sort key hashes them. */
    private List<String> idsSharingSortKeyBits(String prefix)
    {
        return sharingSortKeyBits(prefix, xxhash64(RawColumns.idHigh(), RawColumns.idLow()));
    }

    private List<String> sharingSortKeyBits(String prefix, Column hash)
    {
        Row pair = spark.range(100_000)
                .select(concat(lit(prefix), col("id").cast("string")).as("name"))
                .select(col("name"), col("name").as("event_id"), lit(null).cast("bigint").as("event_id_hi"), lit(null).cast("bigint").as("event_id_lo"))
                .groupBy(hash.bitwiseAND(lit(0xFFFFL)))
                .agg(sort_array(collect_list(col("name"))).as("names"))
                .where(size(col("names")).geq(2))
                .orderBy(col("names"))
                .first();
        return pair.<String>getList(1).subList(0, 2);
    }

    private Dataset<Row> rows(Row... rows)
    {
        return spark.createDataFrame(List.of(rows), RawColumns.SPARK);
    }

    private static Row view(String eventId, long hotel, String receivedAt, String viewer, String country, String device)
    {
        Timestamp at = Timestamp.from(Instant.parse(receivedAt));
        return RowFactory.create(0, 0L, at, Long.toString(hotel), eventId, DailyViews.VIEWED, hotel, at, viewer, country, device, "{}", null, null, null);
    }

    /** A view as a version 2 file holds it: the id as its halves, no text. */
    private static Row viewV2(UUID eventId, long hotel, String receivedAt, String viewer, String country, String device)
    {
        Timestamp at = Timestamp.from(Instant.parse(receivedAt));
        return RowFactory.create(0, 0L, at, Long.toString(hotel), null, DailyViews.VIEWED, hotel, at, viewer, country, device, "{}", null,
                eventId.getMostSignificantBits(), eventId.getLeastSignificantBits());
    }

    private static Row raw(String eventId, String type, Long hotel, String receivedAt, String error)
    {
        Timestamp at = Timestamp.from(Instant.parse(receivedAt));
        return RowFactory.create(0, 0L, at, null, eventId, type, hotel, at, null, null, null, "{}", error, null, null);
    }

    private static List<String> strings(Dataset<Row> rows)
    {
        return rows.collectAsList().stream().map(Row::toString).toList();
    }
}
