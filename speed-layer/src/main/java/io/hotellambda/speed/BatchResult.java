package io.hotellambda.speed;

/**
 * What one micro-batch wrote, measured by {@link MicroBatchWriter} at apply time.
 *
 * @param rows records after deduplication (valid and rejected)
 * @param oldestEventAgeMillis apply time minus the oldest {@code received_at} in the batch
 * @param newestEventAgeMillis apply time minus the newest {@code received_at}: how stale the freshest count is
 */
public record BatchResult(
        long batchId,
        long rows,
        long deadLetters,
        long hotelsApplied,
        long hotelsSkipped,
        long oldestEventAgeMillis,
        long newestEventAgeMillis,
        long applyMillis)
{
}
