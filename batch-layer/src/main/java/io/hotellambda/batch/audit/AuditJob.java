package io.hotellambda.batch.audit;

import io.hotellambda.batch.daily.BatchTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import redis.clients.jedis.UnifiedJedis;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The audit of one closed day: the batch's exact counts (the {@code daily_hotel_views} table)
 * against the speed layer's (Redis), per hotel ({@link DayAudit}). Writes every hotel's comparison
 * and the day's summary to Hive, the summary and the differing hotels to PostgreSQL; a rerun
 * replaces the day's audit. With {@code dropSpeedKeys}, a passed day that the serving layer
 * answers from the batch (it is before the watermark) has its speed keys deleted.
 */
public final class AuditJob
{
    /** The day cannot be audited: no batch numbers, or no speed keys left. */
    public static final class NotAuditableException
            extends Exception
    {
        NotAuditableException(LocalDate day, String why)
        {
            super(day + " " + why);
        }
    }

    /** {@code droppedKeys} is the number of speed keys deleted; {@code keptBecause} says why none were, when asked to. */
    public record Outcome(DayAudit.Result result, AuditRepository.BatchDay batchDay, long droppedKeys, String keptBecause) {}

    private final SparkSession spark;
    private final BatchTables tables;
    private final UnifiedJedis redis;
    private final AuditRepository repository;
    private final DayAudit.Thresholds thresholds;

    public AuditJob(SparkSession spark, BatchTables tables, UnifiedJedis redis, AuditRepository repository, DayAudit.Thresholds thresholds)
    {
        this.spark = spark;
        this.tables = tables;
        this.redis = redis;
        this.repository = repository;
        this.thresholds = thresholds;
    }

    public Outcome run(LocalDate day, boolean dropSpeedKeys)
            throws SQLException, NotAuditableException
    {
        AuditRepository.BatchDay batchDay = repository.batchDay(day).orElseThrow(() -> new NotAuditableException(day, "has no batch numbers to audit against; run bin/batch daily --date %s first".formatted(day)));
        if (batchDay.speedKeysDropped()) {
            throw new NotAuditableException(day, "was audited and its speed keys dropped: there is nothing left to compare");
        }
        Map<Long, DayAudit.Counts> batch = new HashMap<>();
        spark.table(BatchTables.DAILY_HOTEL_VIEWS).where(col("dt").equalTo(lit(day.toString())))
                .select(col("hotel_id"), col("views"), col("unique_viewers"))
                .collectAsList()
                .forEach(row -> batch.put(row.getLong(0), new DayAudit.Counts(row.getLong(1), row.getLong(2))));
        SpeedDay speedDay = new SpeedDay(redis, day);
        TreeSet<Long> speedHotels = speedDay.hotels();
        DayAudit.Result result = DayAudit.compare(day, batch, speedDay.counts(speedHotels), thresholds);

        tables.createAudit();
        tables.overwriteDay(BatchTables.AUDIT_HOTEL_VIEWS, day, spark.createDataFrame(result.hotels().stream()
                .map(hotel -> RowFactory.create(hotel.hotelId(), hotel.batchViews(), hotel.speedViews(), hotel.difference(), hotel.relativeDifference(),
                        hotel.batchUniqueViewers(), hotel.speedUniqueViewers(), hotel.uniquesWithinBound()))
                .toList(), tables.rowSchema(BatchTables.AUDIT_HOTEL_VIEWS)));
        Row summary = RowFactory.create(result.hotels().size(), result.batchViews(), result.speedViews(), result.totalAbsoluteDifference(),
                result.drift(), result.largestRelativeDifference(), result.largestRelativeDifferenceHotel().orElse(null),
                result.uniquesOutsideBound(), result.passed(), String.join("\n", result.failures()), batchDay.forced());
        tables.overwriteDay(BatchTables.AUDIT_DAYS, day, spark.createDataFrame(List.of(summary), tables.rowSchema(BatchTables.AUDIT_DAYS)));

        String keptBecause = !dropSpeedKeys ? "not asked to drop them"
                : !result.passed() ? "the audit failed"
                : !batchDay.beforeWatermark() ? "the day is not before the batch watermark, so the serving layer still reads its speed keys"
                : "";
        // recorded before the keys go: a failure between the two leaves keys that a rerun drops
        repository.save(result, batchDay.forced(), false);
        long dropped = 0;
        if (keptBecause.isEmpty()) {
            dropped = speedDay.drop(speedHotels);
            repository.save(result, batchDay.forced(), true);
        }
        return new Outcome(result, batchDay, dropped, keptBecause);
    }
}
