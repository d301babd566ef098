package io.hotellambda.batch;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A day command's arguments: {@code --date YYYY-MM-DD} and one optional flag ({@code bin/batch
 * daily --force}, {@code bin/batch audit --drop-speed-keys}). A bad argument exits 64 with the usage line;
 * {@code --help} prints the usage and exits 0 (a scheduler's test runs every command so).
 */
public record DayArguments(LocalDate day, boolean flag)
{
    /** {@code --date} alone. */
    public static DayArguments parse(String[] args, String usage)
    {
        return parse(args, null, usage);
    }

    /** {@code --date} and the flag {@code flagName}. */
    public static DayArguments parse(String[] args, String flagName, String usage)
    {
        LocalDate day = null;
        boolean flag = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.println("usage: " + usage);
                System.exit(0);
            }
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
