package io.hotellambda.batch.daily;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static java.util.Comparator.naturalOrder;
import static java.util.Comparator.nullsFirst;

/**
 * Counts one task's view rows ({@link DailyViews#countable}'s columns, then the sort key) in one
 * pass, given them sorted by the key, which is the same for every row of a (hotel, viewer). Each
 * run of equal keys, one viewer's rows at a hotel as a rule, is ordered by hotel, viewer, event
 * ({@code event_id}, country, device) and acceptance, then counted:
 * an event counts once, in the UTC hour of its earliest row, unless that row was accepted before
 * the day ({@code before}); a viewer counts once per hotel, if any of its events counts.
 * <p>
 * Memory holds one run, and one entry per hotel and (hour, country, device) it has views in: the
 * size of the breakdown written out, not of the day. Emits {@link DailyViews#HOTEL_DAY} rows: a total for every
 * hotel seen, also for a hotel whose rows were all accepted before the day, so that a hotel found
 * on two tasks shows as two totals.
 */
final class HotelDayCounter
        implements MapPartitionsFunction<Row, Row>
{
    private static final int HOTEL = 0;
    private static final int VIEWER = 1;
    private static final int EVENT = 2;
    private static final int COUNTRY = 3;
    private static final int DEVICE = 4;
    private static final int RECEIVED_AT = 5;
    private static final int BEFORE = 6;
    private static final int KEY = 7;
    private static final long HOUR_MILLIS = 3_600_000;

    private static final Comparator<Row> RUN_ORDER = Comparator.<Row>comparingLong(row -> row.getLong(HOTEL))
            .thenComparing(row -> row.getString(VIEWER), nullsFirst(naturalOrder()))
            .thenComparing(row -> row.getString(EVENT), nullsFirst(naturalOrder()))
            .thenComparing(row -> row.getString(COUNTRY), nullsFirst(naturalOrder()))
            .thenComparing(row -> row.getString(DEVICE), nullsFirst(naturalOrder()))
            .thenComparing(row -> row.getTimestamp(RECEIVED_AT))
            .thenComparing(row -> !row.getBoolean(BEFORE));

    @Override
    public Iterator<Row> call(Iterator<Row> rows)
    {
        Tally tally = new Tally();
        List<Row> run = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            if (!run.isEmpty() && run.get(0).getLong(KEY) != row.getLong(KEY)) {
                tally.add(run);
                run.clear();
            }
            run.add(row);
        }
        tally.add(run);
        return tally.hotelDays().iterator();
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

    private static final class Hotel
    {
        private final Map<Cell, long[]> views = new HashMap<>();
        private long uniqueViewers;
    }

    private static final class Tally
    {
        private final Map<Long, Hotel> hotels = new HashMap<>();
        private Row previous;
        private Hotel hotel;
        private boolean viewerCounted;

        void add(List<Row> run)
        {
            if (run.size() > 1) {
                run.sort(RUN_ORDER);
            }
            for (Row row : run) {
                add(row);
            }
        }

        private void add(Row row)
        {
            long hotelId = row.getLong(HOTEL);
            boolean newHotel = previous == null || previous.getLong(HOTEL) != hotelId;
            boolean newViewer = newHotel || !Objects.equals(previous.getString(VIEWER), row.getString(VIEWER));
            boolean newEvent = newViewer || !sameEvent(previous, row);
            if (newHotel) {
                hotel = hotels.computeIfAbsent(hotelId, id -> new Hotel());
            }
            if (newViewer) {
                viewerCounted = false;
            }
            if (newEvent && !row.getBoolean(BEFORE)) {
                int hour = (int) Math.floorMod(Math.floorDiv(row.getTimestamp(RECEIVED_AT).getTime(), HOUR_MILLIS), 24L);
                hotel.views.computeIfAbsent(new Cell(hour, row.getString(COUNTRY), row.getString(DEVICE)), cell -> new long[1])[0]++;
                if (!viewerCounted && row.getString(VIEWER) != null) {
                    hotel.uniqueViewers++;
                    viewerCounted = true;
                }
            }
            previous = row;
        }

        private static boolean sameEvent(Row previous, Row row)
        {
            return Objects.equals(previous.getString(EVENT), row.getString(EVENT))
                    && Objects.equals(previous.getString(COUNTRY), row.getString(COUNTRY))
                    && Objects.equals(previous.getString(DEVICE), row.getString(DEVICE));
        }

        List<Row> hotelDays()
        {
            List<Row> out = new ArrayList<>();
            hotels.forEach((hotelId, counts) -> {
                long total = counts.views.values().stream().mapToLong(views -> views[0]).sum();
                out.add(RowFactory.create(hotelId, true, null, null, null, total, counts.uniqueViewers));
                counts.views.forEach((cell, views) -> out.add(RowFactory.create(hotelId, false, cell.hour(), cell.country(), cell.device(), views[0], null)));
            });
            return out;
        }
    }
}
