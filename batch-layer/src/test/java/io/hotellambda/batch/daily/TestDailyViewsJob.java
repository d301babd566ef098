package io.hotellambda.batch.daily;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.TestingArchive;
import io.hotellambda.batch.daily.TestingDayArchive.DayArchive;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The nightly job end to end: events through real Kafka, archived by the real archiver, counted
 * by Spark into Hive tables on the shared metastore, published to PostgreSQL.
 */
@ExtendWith({TestingLocalStack.class, TestingDayArchive.class})
public class TestDailyViewsJob
{
    private static final LocalDate DAY = TestingDayArchive.DAY;
    private static final Instant MIDNIGHT = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();

    @Test
    void theDayIsCountedExactlyRowByRow(LocalStack stack, DayArchive archive)
            throws Exception
    {
        DailyViewsJob.Outcome outcome = job(stack, archive.layout()).run(DAY, false);

        assertThat(outcome.forced()).isFalse();
        assertThat(outcome.shuffled()).isFalse();
        assertThat(outcome.views()).isEqualTo(6);
        assertThat(rows(stack, "SELECT hotel_id, views, unique_viewers FROM daily_hotel_views WHERE dt = '2026-11-20' ORDER BY hotel_id"))
                .containsExactly("1,4,2", "2,2,1");
        assertThat(rows(stack, "SELECT hotel_id, hour, country, device, views FROM daily_hotel_view_breakdown WHERE dt = '2026-11-20' ORDER BY hotel_id, hour"))
                .containsExactly("1,10,NL,mobile,3", "1,11,DE,desktop,1", "2,0,FR,tablet,2");
        assertThat(servingRows(stack)).containsExactly("2026-11-20,1,4,2", "2026-11-20,2,2,1");
        assertThat(servingHours(stack)).containsExactly("2026-11-20,1,10,3", "2026-11-20,1,11,1", "2026-11-20,2,0,2");
        assertThat(outcome.batchWatermark()).contains(MIDNIGHT.plus(Duration.ofDays(1)));
        // the raw tables see the day's hours
        assertThat(rows(stack, "SELECT hour, count(*) FROM raw_hotel_view_events WHERE dt = '2026-11-20' GROUP BY hour ORDER BY hour"))
                .containsExactly("00,3", "10,3", "11,1", "12,1");
    }

    @Test
    void aRerunGivesIdenticalOutput(LocalStack stack, DayArchive archive)
            throws Exception
    {
        job(stack, archive.layout()).run(DAY, false);
        List<String> before = rows(stack, "SELECT * FROM daily_hotel_view_breakdown WHERE dt = '2026-11-20' ORDER BY hotel_id, hour");

        DailyViewsJob.Outcome outcome = job(stack, archive.layout()).run(DAY, false);

        assertThat(rows(stack, "SELECT * FROM daily_hotel_view_breakdown WHERE dt = '2026-11-20' ORDER BY hotel_id, hour")).isEqualTo(before);
        assertThat(rows(stack, "SELECT hotel_id, views, unique_viewers FROM daily_hotel_views WHERE dt = '2026-11-20' ORDER BY hotel_id"))
                .containsExactly("1,4,2", "2,2,1");
        assertThat(servingRows(stack)).containsExactly("2026-11-20,1,4,2", "2026-11-20,2,2,1");
        assertThat(servingHours(stack)).containsExactly("2026-11-20,1,10,3", "2026-11-20,1,11,1", "2026-11-20,2,0,2");
        assertThat(outcome.batchWatermark()).contains(MIDNIGHT.plus(Duration.ofDays(1)));
    }

    @Test
    void anIncompleteDayIsRefusedAndAForcedRunSaysSoAndHoldsTheWatermark(LocalStack stack, DayArchive archive)
            throws Exception
    {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the fixture day computed (again: a rerun is idempotent), so W stands after it
        job(stack, archive.layout()).run(DAY, false);

        assertThatThrownBy(() -> job(stack, archive.layout()).run(today, false))
                .isInstanceOf(DailyViewsJob.IncompleteDayException.class)
                .hasMessageContaining("is archived up to");

        DailyViewsJob.Outcome forced = job(stack, archive.layout()).run(today, true);
        assertThat(forced.forced()).isTrue();
        assertThat(forced.batchWatermark()).contains(MIDNIGHT.plus(Duration.ofDays(1)));
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                ResultSet result = connection.createStatement().executeQuery("SELECT complete, forced FROM serving.batch_days WHERE day = current_date")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean("complete")).isFalse();
            assertThat(result.getBoolean("forced")).isTrue();
        }
    }

    @Test
    void aHotelFoundOnTwoKafkaPartitionsIsCountedAgainWithAShuffle(LocalStack stack)
            throws Exception
    {
        // a producer that did not key by hotel: hotel 7's views on partitions 0 and 1, viewers v0 and v1 on both
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(
                Files.createTempDirectory("hotel-lambda-archive-").resolve("raw").toUri().toString(), new Configuration()));
        LocalDate day = LocalDate.parse("2026-11-17");
        Instant noon = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
        TestingArchive.publishViews(store, Topics.HOTEL_VIEW_EVENTS, 0, 0, noon, 3);
        TestingArchive.publishViews(store, Topics.HOTEL_VIEW_EVENTS, 1, 0, noon.plusSeconds(60), 2);

        DailyViewsJob.Outcome outcome = job(stack, store.layout()).run(day, true);

        assertThat(outcome.shuffled()).isTrue();
        assertThat(rows(stack, "SELECT hotel_id, views, unique_viewers FROM daily_hotel_views WHERE dt = '2026-11-17'"))
                .containsExactly("7,5,3");
        assertThat(rows(stack, "SELECT hotel_id, hour, country, device, views FROM daily_hotel_view_breakdown WHERE dt = '2026-11-17'"))
                .containsExactly("7,12,NL,mobile,5");
    }

    public static DailyViewsJob job(LocalStack stack, ArchiveLayout archive)
    {
        ServingPublisher publisher = new ServingPublisher(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, "");
        publisher.migrate();
        return new DailyViewsJob(TestingBatchSpark.session(), archive, publisher);
    }

    public static List<String> rows(LocalStack stack, String sql)
    {
        return TestingBatchSpark.session().sql(sql).collectAsList().stream().map(TestDailyViewsJob::csv).toList();
    }

    private static String csv(Row row)
    {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            values.add(String.valueOf(row.get(i)));
        }
        return String.join(",", values);
    }

    private static List<String> servingRows(LocalStack stack)
            throws Exception
    {
        return postgresRows(stack, "SELECT day, hotel_id, views, unique_viewers FROM serving.hotel_daily_views ORDER BY day, hotel_id");
    }

    private static List<String> servingHours(LocalStack stack)
            throws Exception
    {
        return postgresRows(stack, "SELECT day, hotel_id, hour, views FROM serving.hotel_hourly_views ORDER BY day, hotel_id, hour");
    }

    public static List<String> postgresRows(LocalStack stack, String sql)
            throws Exception
    {
        List<String> rows = new ArrayList<>();
        try (Connection connection = stack.postgres().connect(LocalStack.DATABASE);
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join(",", values));
            }
        }
        return rows;
    }
}
