package io.hotellambda.batch.audit;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.batch.daily.TestDailyViewsJob;
import io.hotellambda.batch.daily.TestingDayArchive;
import io.hotellambda.batch.daily.TestingDayArchive.DayArchive;
import io.hotellambda.infra.LocalStack;
import io.hotellambda.infra.PostgresServer;
import io.hotellambda.infra.TestingLocalStack;
import io.hotellambda.schemas.SpeedCounter;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.hotellambda.batch.daily.TestingDayArchive.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit against the nightly job's fixture day (hotel 1: 4 views by 2 viewers at 10:00 and
 * 11:00 UTC; hotel 2: 2 views by 1 viewer at 00:00), with the speed layer's counters written into
 * real Redis as the speed layer writes them.
 */
@ExtendWith({TestingLocalStack.class, TestingDayArchive.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestAuditJob
{
    private static final Instant MIDNIGHT = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();

    private LocalStack stack;
    private JedisPooled redis;

    /** The batch's exact numbers of the fixture day, computed once for this class (a rerun is idempotent, so the order of classes does not matter). */
    @BeforeAll
    void computeTheDay(LocalStack stack, DayArchive archive)
            throws Exception
    {
        this.stack = stack;
        TestDailyViewsJob.job(stack, archive.layout()).run(DAY, false);
    }

    @BeforeEach
    void countTheDayInRedis()
            throws Exception
    {
        sql("TRUNCATE serving.audit_days, serving.audit_hotel_days");
        redis = new JedisPooled(URI.create(stack.redis().uri()));
        // only this test's keys go: the day's and the next day's, not the shared Redis of other tests
        SpeedDay day = new SpeedDay(redis, DAY);
        day.drop(day.hotels());
        redis.del(SpeedCounter.VIEWS.key(1, MIDNIGHT.plusSeconds(86_400)));
        speedView(1, "10", "a", 3);
        speedView(1, "11", "b", 1);
        speedView(2, "00", "c", 2);
        // the next day, which an audit of DAY must leave alone
        redis.incrBy(SpeedCounter.VIEWS.key(1, MIDNIGHT.plusSeconds(86_400)), 7);
    }

    @AfterEach
    void close()
    {
        redis.close();
    }

    @Test
    void exactSpeedCountsPassAndTheResultIsStoredInHiveAndPostgres()
            throws Exception
    {
        AuditJob.Outcome outcome = job().run(DAY, false);

        assertThat(outcome.result().passed()).isTrue();
        assertThat(outcome.result().totalAbsoluteDifference()).isZero();
        assertThat(rows("SELECT hotel_id, batch_views, speed_views, difference, relative_difference, batch_unique_viewers, speed_unique_viewers, uniques_within_bound FROM audit_hotel_views WHERE dt = '2026-11-20' ORDER BY hotel_id"))
                .containsExactly("1,4,4,0,0.0,2,2,true", "2,2,2,0,0.0,1,1,true");
        assertThat(rows("SELECT hotels_compared, batch_views, speed_views, total_absolute_difference, passed FROM audit_days WHERE dt = '2026-11-20'"))
                .containsExactly("2,6,6,0,true");
        assertThat(postgres("SELECT day, hotels_compared, batch_views, speed_views, total_absolute_difference, drift, passed, speed_keys_dropped FROM serving.audit_days"))
                .containsExactly("2026-11-20,2,6,6,0,0,t,f");
        assertThat(postgres("SELECT * FROM serving.audit_hotel_days")).isEmpty();
    }

    @Test
    void alteredCountersAreCaughtWithTheRightHotelAndDifference()
            throws Exception
    {
        redis.incrBy(SpeedCounter.VIEWS.key(1, MIDNIGHT.plusSeconds(10 * 3600)), 5);
        speedView(7, "15", "z", 3);

        AuditJob.Outcome outcome = job().run(DAY, true);

        assertThat(outcome.result().passed()).isFalse();
        assertThat(outcome.result().failures()).anySatisfy(failure -> assertThat(failure).contains("hotel 1: speed 9 views, batch 4"));
        assertThat(outcome.keptBecause()).isEqualTo("the audit failed");
        assertThat(postgres("SELECT hotel_id, batch_views, speed_views, difference, relative_difference, batch_unique_viewers, speed_unique_viewers, uniques_within_bound FROM serving.audit_hotel_days ORDER BY hotel_id"))
                .containsExactly("1,4,9,5,1.25,2,2,t", "7,0,3,3,3,0,1,f");
        assertThat(postgres("SELECT total_absolute_difference, largest_relative_difference, largest_relative_difference_hotel, uniques_outside_bound, passed, speed_keys_dropped FROM serving.audit_days"))
                .containsExactly("8,3,7,1,f,f");
        assertThat(new SpeedDay(redis, DAY).hotels()).containsExactly(1L, 2L, 7L);
    }

    @Test
    void aPassedDayBeforeTheWatermarkHasItsSpeedKeysDroppedAndCannotBeAuditedAgain()
            throws Exception
    {
        AuditJob.Outcome outcome = job().run(DAY, true);

        assertThat(outcome.result().passed()).isTrue();
        assertThat(outcome.keptBecause()).isEmpty();
        // hotel 1: two hour keys each of views and viewers, its country hash; hotel 2: one of each
        assertThat(outcome.droppedKeys()).isEqualTo(5 + 3);
        assertThat(new SpeedDay(redis, DAY).hotels()).isEmpty();
        assertThat(redis.get(SpeedCounter.VIEWS.key(1, MIDNIGHT.plusSeconds(86_400)))).isEqualTo("7");
        assertThat(postgres("SELECT passed, speed_keys_dropped FROM serving.audit_days")).containsExactly("t,t");
        assertThatThrownBy(() -> job().run(DAY, false))
                .isInstanceOf(AuditJob.NotAuditableException.class)
                .hasMessageContaining("speed keys dropped");
    }

    @Test
    void aDayTheBatchHasNotComputedIsRefused()
    {
        assertThatThrownBy(() -> job().run(LocalDate.parse("2026-01-01"), false))
                .isInstanceOf(AuditJob.NotAuditableException.class)
                .hasMessageContaining("run bin/batch daily --date 2026-01-01 first");
    }

    /** What the speed layer writes for {@code views} views of one viewer in one hour of DAY (plus the day's country and device hashes). */
    private void speedView(long hotel, String hour, String viewer, long views)
    {
        Instant at = MIDNIGHT.plusSeconds(Long.parseLong(hour) * 3600);
        redis.incrBy(SpeedCounter.VIEWS.key(hotel, at), views);
        redis.pfadd(SpeedCounter.VIEWERS.key(hotel, at), viewer);
        redis.hincrBy(SpeedCounter.VIEWS_BY_COUNTRY.key(hotel, at), "NL", views);
    }

    private AuditJob job()
            throws Exception
    {
        BatchTables tables = new BatchTables(TestingBatchSpark.session(), ArchiveLayout.open(Files.createTempDirectory("audit-").toUri().toString(), new Configuration()));
        return new AuditJob(TestingBatchSpark.session(), tables, redis,
                new AuditRepository(stack.postgres().jdbcUrl(LocalStack.DATABASE), PostgresServer.USER, ""),
                new DayAudit.Thresholds(0.001, 0.01, 1));
    }

    private List<String> rows(String sql)
    {
        return TestDailyViewsJob.rows(stack, sql);
    }

    private List<String> postgres(String sql)
            throws Exception
    {
        return TestDailyViewsJob.postgresRows(stack, sql);
    }

    private void sql(String statement)
            throws Exception
    {
        try (Connection db = stack.postgres().connect(LocalStack.DATABASE); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }
}
