package io.hotellambda.batch.daily;

import io.hotellambda.batch.TestingBatchSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

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

    private Dataset<Row> rows(Row... rows)
    {
        return spark.createDataFrame(List.of(rows), RawColumns.SPARK);
    }

    private static Row view(String eventId, long hotel, String receivedAt, String viewer, String country, String device)
    {
        Timestamp at = Timestamp.from(Instant.parse(receivedAt));
        return RowFactory.create(0, 0L, at, Long.toString(hotel), eventId, DailyViews.VIEWED, hotel, at, viewer, country, device, "{}", null);
    }

    private static Row raw(String eventId, String type, Long hotel, String receivedAt, String error)
    {
        Timestamp at = Timestamp.from(Instant.parse(receivedAt));
        return RowFactory.create(0, 0L, at, null, eventId, type, hotel, at, null, null, null, "{}", error);
    }

    private static List<String> strings(Dataset<Row> rows)
    {
        return rows.collectAsList().stream().map(Row::toString).toList();
    }
}
