package io.hotellambda.batch.audit;

import io.hotellambda.batch.daily.BatchTables;
import io.hotellambda.schemas.BookingTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import redis.clients.jedis.UnifiedJedis;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * The booking audit of one closed day: the batch's numbers (as published to PostgreSQL from
 * {@code daily_hotel_bookings}) against the speed layer's daily booking hashes in Redis, per hotel,
 * currency and metric ({@link BookingAudit}). Writes every comparison and the day's summary to
 * Hive, the summary and the differences to PostgreSQL; a rerun replaces the day's audit. The
 * booking keys are never dropped by an audit: they expire with the speed layer's TTL.
 */
public final class BookingAuditJob
{
    public record Outcome(BookingAudit.Result result, BookingTables.BatchDay batchDay) {}

    private final SparkSession spark;
    private final BatchTables tables;
    private final UnifiedJedis redis;
    private final BookingAuditRepository repository;

    public BookingAuditJob(SparkSession spark, BatchTables tables, UnifiedJedis redis, BookingAuditRepository repository)
    {
        this.spark = spark;
        this.tables = tables;
        this.redis = redis;
        this.repository = repository;
    }

    public Outcome run(LocalDate day)
            throws SQLException, AuditJob.NotAuditableException
    {
        BookingTables.BatchDay batchDay = repository.batchDay(day).orElseThrow(() -> new AuditJob.NotAuditableException(day,
                "has no batch booking numbers to audit against; run bin/batch daily --date %s first".formatted(day)));
        BookingAudit.Result result = BookingAudit.compare(day, repository.batchNumbers(day), SpeedBookingDay.read(redis, day));

        tables.createBookingAudit();
        tables.overwriteDay(BatchTables.AUDIT_HOTEL_BOOKINGS, day, spark.createDataFrame(result.comparisons().stream()
                .map(comparison -> RowFactory.create(comparison.hotelId(), comparison.currency(), comparison.metric().column(), comparison.batch(),
                        comparison.speed(), comparison.difference()))
                .toList(), tables.rowSchema(BatchTables.AUDIT_HOTEL_BOOKINGS)));
        Row summary = RowFactory.create(result.hotelsCompared(), result.differences().size(), result.passed(), String.join("\n", result.failures()), batchDay.forced());
        tables.overwriteDay(BatchTables.AUDIT_BOOKING_DAYS, day, spark.createDataFrame(List.of(summary), tables.rowSchema(BatchTables.AUDIT_BOOKING_DAYS)));
        repository.save(result, batchDay.forced());
        return new Outcome(result, batchDay);
    }
}
