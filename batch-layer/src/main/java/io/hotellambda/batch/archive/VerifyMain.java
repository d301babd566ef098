package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/batch verify [--deep] [root] [topic...]}: proves the archive is contiguous with no
 * overlap per topic partition and prints each partition's watermark. Exits 1 on any problem.
 */
public final class VerifyMain
{
    private VerifyMain() {}

    public static void main(String[] args)
            throws IOException
    {
        boolean deep = false;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--deep")) {
                deep = true;
            }
            else {
                rest.add(arg);
            }
        }
        String root = rest.isEmpty() ? "var/archive/raw" : rest.remove(0);
        Configuration hadoop = new Configuration();
        ArchiveStore store = new ArchiveStore(ArchiveLayout.open(root, hadoop));
        List<String> topics = rest.isEmpty() ? store.topics() : rest;
        int problems = print(new ArchiveVerifier(store, hadoop), topics, deep, System.out);
        System.out.printf("%s: %s%n", store.layout().root(), problems == 0 ? "OK" : problems + " problem(s)");
        System.exit(problems == 0 ? 0 : 1);
    }

    static int print(ArchiveVerifier verifier, List<String> topics, boolean deep, PrintStream out)
            throws IOException
    {
        int problems = 0;
        for (String topic : topics) {
            for (ArchiveVerifier.PartitionReport report : verifier.verify(topic, deep)) {
                if (report.partition() >= 0) {
                    out.printf("%s/%d: %s, watermark %s%s%n",
                            report.topic(), report.partition(),
                            report.ranges() == 0 ? "nothing archived yet" : "offsets %d-%d, %,d records in %d ranges".formatted(
                                    report.firstOffset(), report.lastOffset(), report.records(), report.ranges()),
                            report.watermark().map(mark -> mark.watermark().toString()).orElse("none"),
                            report.problems().isEmpty() ? "" : "  FAILED");
                }
                report.problems().forEach(problem -> out.println("  " + problem));
                problems += report.problems().size();
            }
        }
        return problems;
    }
}
