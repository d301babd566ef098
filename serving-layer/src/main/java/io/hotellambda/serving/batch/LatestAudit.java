package io.hotellambda.serving.batch;

import java.time.LocalDate;

import static java.util.Objects.requireNonNull;

/**
 * The newest day the audit compared (stream against batch, {@code serving.audit_days}), and how
 * many audited days of the last {@link #RECENT_DAYS} failed: what an operator alerts on.
 */
public record LatestAudit(LocalDate day, boolean passed, int hotelsCompared, long totalAbsoluteDifference, double drift,
        double largestRelativeDifference, int uniquesOutsideBound, boolean batchForced, int recentFailedDays)
{
    public static final int RECENT_DAYS = 30;

    public LatestAudit
    {
        requireNonNull(day, "day is null");
    }
}
