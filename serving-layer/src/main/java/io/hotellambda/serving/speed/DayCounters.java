package io.hotellambda.serving.speed;

import io.hotellambda.serving.HotelTable;

import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * The {@link SpeedReplica}'s day counters: views per hotel and day ({@code yyyyMMdd}), one column
 * of a {@link HotelTable} per day held. One writer (the replica's follower) and any number of
 * readers. Counters are written in place with no lock. A change of what the columns mean (a column
 * taken for a new day, or the table moved to a larger one) is made under a write lock, and a read
 * that overlapped one answers nothing (the caller then reads Redis), so no read mixes two days in
 * one column.
 */
final class DayCounters
{
    /**
     * What the columns hold: {@code columnDays[c]} is column c's day, 0 when free. Days before
     * {@code heldFrom} are not held (never loaded, or forgotten); a day from it on that has no
     * column has no counters: every hotel's views on it are 0.
     */
    private record Layout(HotelTable table, int[] columnDays, int heldFrom) {}

    private final StampedLock structure = new StampedLock();
    private volatile Layout layout;

    /** {@code heldFrom}: the first day loaded; {@code columns}: days to make room for (more are added as needed). */
    DayCounters(int hotels, int columns, int heldFrom)
    {
        this.layout = new Layout(new HotelTable(hotels, columns), new int[columns], heldFrom);
    }

    int size()
    {
        return layout.table().size();
    }

    /**
     * Views of each of {@code hotelIds} (in its order) over {@code days}, or null when a day is not
     * held, or the columns changed during the read.
     */
    long[] views(long[] hotelIds, int[] days)
    {
        long stamp = structure.tryOptimisticRead();
        if (stamp == 0) {
            return null;
        }
        Layout held = layout;
        int[] columns = new int[days.length];
        int found = 0;
        for (int day : days) {
            if (day < held.heldFrom()) {
                return null;
            }
            int column = indexOf(held.columnDays(), day);
            if (column >= 0) {
                columns[found++] = column;
            }
        }
        HotelTable table = held.table();
        long[] views = new long[hotelIds.length];
        for (int i = 0; i < views.length && found > 0; i++) {
            int slot = table.find(hotelIds[i]);
            for (int c = 0; c < found && slot >= 0; c++) {
                views[i] += table.value(slot, columns[c]);
            }
        }
        return structure.validate(stamp) ? views : null;
    }

    /** The writer's: {@code hotel}'s counter of {@code day} is {@code views}. A day before the held ones is ignored. */
    void put(long hotel, int day, long views)
    {
        Layout held = layout;
        if (day < held.heldFrom()) {
            return;
        }
        int column = indexOf(held.columnDays(), day);
        if (column < 0) {
            column = takeColumn(day);
        }
        HotelTable table = layout.table();
        if (table.full() && table.find(hotel) < 0) {
            table = move(table.size() * 2, table.width());
        }
        table.set(table.add(hotel), column, views);
    }

    /** The writer's: days before {@code firstDay} are no longer held; their columns are free for new days. */
    void forgetBefore(int firstDay)
    {
        Layout held = layout;
        if (firstDay <= held.heldFrom()) {
            return;
        }
        int[] columnDays = held.columnDays().clone();
        for (int c = 0; c < columnDays.length; c++) {
            if (columnDays[c] < firstDay) {
                columnDays[c] = 0;
            }
        }
        // no lock: a forgotten column's counters stay as they were until takeColumn clears it, under the lock
        layout = new Layout(held.table(), columnDays, firstDay);
    }

    /** A free column, cleared and given to {@code day}; a new one when none is free. */
    private int takeColumn(int day)
    {
        Layout held = layout;
        int free = indexOf(held.columnDays(), 0);
        if (free < 0) {
            free = held.table().width();
            move(held.table().size(), free + 1);
            held = layout;
        }
        int[] columnDays = held.columnDays().clone();
        columnDays[free] = day;
        long stamp = structure.writeLock();
        try {
            held.table().clear(free);
            layout = new Layout(held.table(), columnDays, held.heldFrom());
        }
        finally {
            structure.unlockWrite(stamp);
        }
        return free;
    }

    /** Moves every counter to a table with room for {@code hotels} hotels of {@code width} columns. */
    private HotelTable move(int hotels, int width)
    {
        Layout held = layout;
        HotelTable table = held.table().copy(hotels, width);
        long stamp = structure.writeLock();
        try {
            layout = new Layout(table, Arrays.copyOf(held.columnDays(), width), held.heldFrom());
        }
        finally {
            structure.unlockWrite(stamp);
        }
        return table;
    }

    private static int indexOf(int[] values, int value)
    {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
