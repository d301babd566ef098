package io.hotellambda.serving.demand;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A hotel's supply and demand rows (one per room type and stay date) summed per stay date and
 * currency into the numbers a revenue manager reads: rooms sold of capacity (occupancy), room
 * revenue (each room type's ADR times its rooms sold), ADR, RevPAR, and the pickup over the last
 * 1, 7 and 30 days, from which the rooms on the books 30, 7 and 1 days before are known.
 */
public final class StayDates
{
    /** One stay date in one currency; {@code occupancy}, {@code adr_cents} and {@code revpar_cents} are null where their divisor is zero. */
    @JsonPropertyOrder({"stay_date", "currency", "capacity", "rooms_sold", "rooms_held", "room_revenue_cents", "occupancy", "adr_cents", "revpar_cents",
            "pickup_1d", "pickup_7d", "pickup_30d"})
    public record StayDate(LocalDate stayDate, String currency, long capacity, long roomsSold, long roomsHeld, long roomRevenueCents, Double occupancy,
            Long adrCents, Long revparCents, @JsonProperty("pickup_1d") long pickup1d, @JsonProperty("pickup_7d") long pickup7d,
            @JsonProperty("pickup_30d") long pickup30d) {}

    private StayDates() {}

    /** The rows as {@code SupplyDemandTables.hotel} reads them, by stay date then currency. */
    public static List<StayDate> of(List<Map<String, Object>> rows)
    {
        Map<Key, Sum> sums = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            sums.computeIfAbsent(new Key((LocalDate) row.get("stay_date"), Objects.toString(row.get("currency"))), ignored -> new Sum()).add(row);
        }
        List<StayDate> dates = new ArrayList<>(sums.size());
        sums.forEach((key, sum) -> dates.add(sum.toStayDate(key)));
        return dates;
    }

    private record Key(LocalDate stayDate, String currency)
            implements Comparable<Key>
    {
        @Override
        public int compareTo(Key other)
        {
            int byDate = stayDate.compareTo(other.stayDate);
            return byDate != 0 ? byDate : currency.compareTo(other.currency);
        }
    }

    private static final class Sum
    {
        private long capacity;
        private long sold;
        private long held;
        private long revenueCents;
        private long pickup1d;
        private long pickup7d;
        private long pickup30d;

        void add(Map<String, Object> row)
        {
            long roomsSold = number(row, "rooms_sold");
            capacity += number(row, "capacity");
            sold += roomsSold;
            held += number(row, "rooms_held");
            // adr_cents is the mean price of the room type's nights sold, null when none was
            Object adr = row.get("adr_cents");
            revenueCents += adr == null ? 0 : Math.round(((Number) adr).doubleValue() * roomsSold);
            pickup1d += number(row, "pickup_1d");
            pickup7d += number(row, "pickup_7d");
            pickup30d += number(row, "pickup_30d");
        }

        StayDate toStayDate(Key key)
        {
            return new StayDate(key.stayDate(), key.currency(), capacity, sold, held, revenueCents,
                    capacity == 0 ? null : (double) sold / capacity,
                    sold == 0 ? null : Math.round((double) revenueCents / sold),
                    capacity == 0 ? null : Math.round((double) revenueCents / capacity),
                    pickup1d, pickup7d, pickup30d);
        }
    }

    private static long number(Map<String, Object> row, String column)
    {
        Object value = row.get(column);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
