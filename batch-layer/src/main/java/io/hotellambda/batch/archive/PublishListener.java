package io.hotellambda.batch.archive;

/**
 * Told about each range after its commit ({@code .range} written): what the archive now holds for
 * readers. It runs on the archiver's thread, so it must hand slow work off and must not throw.
 */
@FunctionalInterface
public interface PublishListener
{
    PublishListener NONE = range -> {};

    void published(RangeManifest range);
}
