package io.hotellambda.speed;

/**
 * What one micro-batch wrote, measured by {@link MicroBatchWriter} at apply time.
 *
 * @param rows records read (valid and rejected)
 * @param duplicates valid events not counted because their id was seen within the window
 * @param oldestEventAgeMillis apply time minus the oldest {@code received_at} in the batch
 * @param newestEventAgeMillis apply time minus the newest {@code received_at}: how stale the freshest count is
 * @param applyMillis reading, parsing and applying the batch to Redis (one pass)
 * @param sinkMillis the whole sink: that pass and the dead letters
 */
public record BatchResult(
        long batchId,
        long rows,
        long deadLetters,
        long duplicates,
        long hotelsApplied,
        long hotelsSkipped,
        long oldestEventAgeMillis,
        long newestEventAgeMillis,
        long applyMillis,
        long sinkMillis)
{
}
