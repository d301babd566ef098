package io.hotellambda.infra;

/** Sleeping in a start-up poll loop; an interrupt ends the wait with an exception. */
final class Pause
{
    private Pause() {}

    static void millis(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }
}
