package io.hotellambda.speed;

/**
 * Called on the driver after a micro-batch's counters are in Redis and before Spark commits the
 * batch: the window in which a crash makes Spark replay the batch. Tests throw here to prove the
 * replay changes nothing.
 */
@FunctionalInterface
public interface BatchHook
{
    BatchHook NONE = batchId -> {};

    void afterApply(long batchId);
}
