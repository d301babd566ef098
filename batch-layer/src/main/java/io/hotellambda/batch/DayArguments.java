package io.hotellambda.batch;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A day command's arguments: {@code --date YYYY-MM-DD} and one optional flag ({@code bin/batch
 * daily --force}, {@code bin/batch audit --drop-speed-keys}). A bad argument exits 64 with the usage line.
 */
public record DayArguments(LocalDate day, boolean flag)
{
    public static DayArguments parse(String[] args, String flagName, String usage)
    {
        LocalDate day = null;
        boolean flag = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--date")) {
                day = date(i + 1 < args.length ? args[++i] : "", usage);
            }
            else if (args[i].equals(flagName)) {
                flag = true;
            }
            else {
                exit("unknown argument " + args[i], usage);
            }
        }
        if (day == null) {
            exit("--date is required", usage);
        }
        return new DayArguments(day, flag);
    }

    private static LocalDate date(String text, String usage)
    {
        try {
            return LocalDate.parse(text);
        }
        catch (DateTimeParseException e) {
            exit("--date[%s] must be YYYY-MM-DD".formatted(text), usage);
            return null;
        }
    }

    private static void exit(String problem, String usage)
    {
        System.err.println(problem + "\nusage: " + usage);
        System.exit(64);
    }
}
