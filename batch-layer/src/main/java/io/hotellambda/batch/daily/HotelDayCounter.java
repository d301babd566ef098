package io.hotellambda.batch.daily;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

import static java.util.Comparator.naturalOrder;
import static java.util.Comparator.nullsFirst;

/**
 * Counts one task's view rows in one pass, given them sorted by {@link DailyViews#hotelDays}'s
 * key (hotel id, 16 bits of the viewer's hash, 16 of the event id's): columns {@code hotel_id,
 * viewer_id, id_high, id_low, country, device, hour, before, key} (the event id as its two halves).
 * Each run of equal keys holds every row
 * of its events, and is ordered by hotel, viewer, event (its id, country, device) and
 * acceptance, then counted: an event counts once, in the UTC hour of its earliest row, unless that
 * row was accepted before the day ({@code before}); a viewer counts once per hotel, if any of its
 * events counts.
 * <p>
 * Memory holds one run (an event's rows, and the few that share its key; of an event retried on
 * and on, only its earliest row), the viewers counted in the current stretch of keys with the same
 * hotel and viewer hash, and one entry per (hour, country, device) the current hotel has views in
 * (its rows are handed out once the sort order has passed it). A viewer with millions of views
 * costs no memory. Emits {@link DailyViews#HOTEL_DAY} rows: a total for every hotel seen,
 * also for a hotel whose rows were all accepted before the day, so that a hotel found on two
 * tasks shows as two totals.
 */
final class HotelDayCounter
        implements MapPartitionsFunction<Row, Row>
{
    private static final int HOTEL = 0;
    private static final int VIEWER = 1;
    private static final int EVENT_HIGH = 2;
    private static final int EVENT_LOW = 3;
    private static final int COUNTRY = 4;
    private static final int DEVICE = 5;
    private static final int HOUR = 6;
    private static final int BEFORE = 7;
    private static final int KEY = 8;
    /** Keys that differ only in these bits (the event id's hash) belong to the same hotel and viewer hash. */
    private static final int EVENT_BITS = 16;
    /** A run this long is cut down to each event's earliest row; runs are a few rows unless one event is retried on and on. */
    static final int COMPACT_AT = 1_024;

    private static final Comparator<Row> RUN_ORDER = Comparator.<Row>comparingLong(row -> row.getLong(HOTEL))
            .thenComparing(row -> row.getString(VIEWER), nullsFirst(naturalOrder()))
            .thenComparing(row -> (Long) row.get(EVENT_HIGH), nullsFirst(naturalOrder()))
            .thenComparing(row -> (Long) row.get(EVENT_LOW), nullsFirst(naturalOrder()))
            .thenComparing(row -> row.getString(COUNTRY), nullsFirst(naturalOrder()))
            .thenComparing(row -> row.getString(DEVICE), nullsFirst(naturalOrder()))
            .thenComparing(row -> !row.getBoolean(BEFORE))
            .thenComparingInt(row -> row.getInt(HOUR));

    @Override
    public Iterator<Row> call(Iterator<Row> rows)
    {
        return new Counting(rows);
    }

    /**
     * The count as an iterator: it reads rows until the sort order has passed a stretch of hotels
     * (the key's upper 32 bits, the hotel id's lower ones), then hands out those hotels' rows. So
     * memory holds one hotel's breakdown (or the few hotels sharing those bits), not the task's:
     * kept to the task's end, millions of small entries made young collections copy them over and over.
     */
    private static final class Counting
            implements Iterator<Row>
    {
        private final Iterator<Row> rows;
        private final Tally tally = new Tally();
        private final List<Row> run = new ArrayList<>();
        private int compactAt = COMPACT_AT;
        private Iterator<Row> counted = Collections.emptyIterator();

        Counting(Iterator<Row> rows)
        {
            this.rows = rows;
        }

        @Override
        public boolean hasNext()
        {
            while (!counted.hasNext() && (rows.hasNext() || !run.isEmpty())) {
                countNextHotels();
            }
            return counted.hasNext();
        }

        @Override
        public Row next()
        {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return counted.next();
        }

        /** Counts runs until the hotel bits of the key change or the rows end, then makes the finished hotels' rows the ones handed out. */
        private void countNextHotels()
        {
            while (rows.hasNext()) {
                Row row = rows.next();
                boolean hotelsDone = false;
                if (!run.isEmpty() && run.get(0).getLong(KEY) != row.getLong(KEY)) {
                    hotelsDone = run.get(0).getLong(KEY) >>> 32 != row.getLong(KEY) >>> 32;
                    tally.add(run);
                    run.clear();
                    compactAt = COMPACT_AT;
                }
                run.add(row);
                if (hotelsDone) {
                    counted = tally.drain().iterator();
                    return;
                }
                if (run.size() >= compactAt) {
                    // a client retrying one event over and over: keep its earliest row only
                    keepEarliestOfEachEvent(run);
                    compactAt = Math.max(COMPACT_AT, 2 * run.size());
                }
            }
            if (!run.isEmpty()) {
                tally.add(run);
                run.clear();
            }
            counted = tally.drain().iterator();
        }
    }

    private static void keepEarliestOfEachEvent(List<Row> run)
    {
        run.sort(RUN_ORDER);
        int kept = 0;
        Row previous = null;
        for (Row row : run) {
            if (previous == null || !sameEvent(previous, row)) {
                run.set(kept++, row);
            }
            previous = row;
        }
        run.subList(kept, run.size()).clear();
    }

    private static boolean sameEvent(Row previous, Row row)
    {
        return previous.getLong(HOTEL) == row.getLong(HOTEL)
                && Objects.equals(previous.getString(VIEWER), row.getString(VIEWER))
                && Objects.equals(previous.get(EVENT_HIGH), row.get(EVENT_HIGH))
                && Objects.equals(previous.get(EVENT_LOW), row.get(EVENT_LOW))
                && Objects.equals(previous.getString(COUNTRY), row.getString(COUNTRY))
                && Objects.equals(previous.getString(DEVICE), row.getString(DEVICE));
    }

    private record Cell(int hour, String country, String device)
    {
        /** Spread: a record's own hash packs 24 hours, 2-letter countries and a few devices into few buckets. */
        @Override
        public int hashCode()
        {
            long h = (hour * 0x9E3779B97F4A7C15L) ^ (Objects.hashCode(country) * 0xC2B2AE3D27D4EB4FL) ^ Objects.hashCode(device);
            h *= 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }

    private record HotelViewer(long hotelId, String viewer) {}

    private static final class Hotel
    {
        private final Map<Cell, long[]> views = new HashMap<>();
        private long uniqueViewers;
    }

    private static final class Tally
    {
        private final Map<Long, Hotel> hotels = new HashMap<>();
        private long stretch;
        /** Viewers counted in the current stretch of keys: their later events there count as views only. */
        private Set<HotelViewer> viewersCounted = new HashSet<>();
        private long hotelId;
        private Hotel hotel;

        void add(List<Row> run)
        {
            long runStretch = run.get(0).getLong(KEY) >>> EVENT_BITS;
            if (runStretch != stretch && !viewersCounted.isEmpty()) {
                // a new set when the last one grew: clearing costs its capacity, not its size
                viewersCounted = viewersCounted.size() > 64 ? new HashSet<>() : viewersCounted;
                viewersCounted.clear();
            }
            stretch = runStretch;
            if (run.size() > 1) {
                keepEarliestOfEachEvent(run);
            }
            for (Row row : run) {
                if (hotel == null || row.getLong(HOTEL) != hotelId) {
                    hotelId = row.getLong(HOTEL);
                    hotel = hotels.computeIfAbsent(hotelId, id -> new Hotel());
                }
                if (!row.getBoolean(BEFORE)) {
                    hotel.views.computeIfAbsent(new Cell(row.getInt(HOUR), row.getString(COUNTRY), row.getString(DEVICE)), cell -> new long[1])[0]++;
                    if (row.getString(VIEWER) != null && viewersCounted.add(new HotelViewer(hotelId, row.getString(VIEWER)))) {
                        hotel.uniqueViewers++;
                    }
                }
            }
        }

        /** The rows of the hotels counted since the last drain, which are forgotten. */
        List<Row> drain()
        {
            List<Row> out = new ArrayList<>();
            hotels.forEach((hotelId, counts) -> {
                long total = counts.views.values().stream().mapToLong(views -> views[0]).sum();
                out.add(RowFactory.create(hotelId, true, null, null, null, total, counts.uniqueViewers));
                counts.views.forEach((cell, views) -> out.add(RowFactory.create(hotelId, false, cell.hour(), cell.country(), cell.device(), views[0], null)));
            });
            hotels.clear();
            hotel = null;
            return out;
        }
    }
}
