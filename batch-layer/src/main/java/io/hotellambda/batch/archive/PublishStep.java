package io.hotellambda.batch.archive;

/** The points of a publish, in order; a {@link PublishHook} sees each one (tests crash there). */
public enum PublishStep
{
    RECORD_APPENDED,
    FILES_WRITTEN,
    INTENT_WRITTEN,
    FILE_MOVED,
    RANGE_COMMITTED,
    OFFSETS_COMMITTED,
}
