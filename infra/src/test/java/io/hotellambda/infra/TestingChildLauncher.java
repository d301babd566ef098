package io.hotellambda.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A launcher for {@link TestChildProcess} to kill: starts one child, prints its pid, waits. */
public final class TestingChildLauncher
{
    private TestingChildLauncher() {}

    public static void main(String[] args)
            throws InterruptedException
    {
        Path directory = Path.of(args[0]);
        ChildProcess child = ChildProcess.start("sleeper", "sleep", List.of("sleep", "300"), directory, Map.of(), directory.resolve("sleep.log"), directory.resolve("sleep.pid"), "TERM");
        System.out.println("child " + child.pid());
        System.out.flush();
        Thread.sleep(300_000);
    }
}
