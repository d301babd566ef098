package io.hotellambda.batch.archive;

/** Called at every {@link PublishStep}; the tests' crash injection. Production passes {@link #NONE}. */
@FunctionalInterface
public interface PublishHook
{
    PublishHook NONE = step -> {};

    void at(PublishStep step);
}
