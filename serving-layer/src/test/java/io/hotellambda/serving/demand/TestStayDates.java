package io.hotellambda.serving.demand;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestStayDates
{
    private static final LocalDate NIGHT = LocalDate.parse("2026-12-24");

    @Test
    void roomTypesOfANightSumIntoItsRevenueOccupancyAdrAndRevpar()
    {
        List<StayDates.StayDate> dates = StayDates.of(List.of(
                row(NIGHT.plusDays(1), 10, 0, null, 0, 0, 0),
                row(NIGHT, 10, 4, 12_000.0, 1, 2, 4),
                row(NIGHT, 6, 3, 20_000.0, 0, 3, 3)));

        assertThat(dates).containsExactly(
                // 4 × 120.00 + 3 × 200.00 = 1,080.00 over 7 rooms sold of 16
                new StayDates.StayDate(NIGHT, "EUR", 16, 7, 2, 108_000, 7 / 16.0, 15_429L, 6_750L, 1, 5, 7),
                // nothing sold: no ADR, a RevPAR of zero
                new StayDates.StayDate(NIGHT.plusDays(1), "EUR", 10, 0, 1, 0, 0.0, null, 0L, 0, 0, 0));
    }

    @Test
    void noCapacityHasNoOccupancyAndCurrenciesAreNotAdded()
    {
        List<StayDates.StayDate> dates = StayDates.of(List.of(row(NIGHT, 0, 0, null, 0, 0, 0), rowIn("USD", NIGHT, 5, 5, 9_000.0)));

        assertThat(dates).extracting(StayDates.StayDate::currency).containsExactly("EUR", "USD");
        assertThat(dates.get(0).occupancy()).isNull();
        assertThat(dates.get(0).revparCents()).isNull();
        assertThat(dates.get(1).roomRevenueCents()).isEqualTo(45_000);
        assertThat(StayDates.of(List.of())).isEmpty();
    }

    private static Map<String, Object> row(LocalDate night, long capacity, long sold, Double adrCents, long pickup1d, long pickup7d, long pickup30d)
    {
        Map<String, Object> row = rowIn("EUR", night, capacity, sold, adrCents);
        row.put("pickup_1d", pickup1d);
        row.put("pickup_7d", pickup7d);
        row.put("pickup_30d", pickup30d);
        return row;
    }

    private static Map<String, Object> rowIn(String currency, LocalDate night, long capacity, long sold, Double adrCents)
    {
        Map<String, Object> row = new HashMap<>();
        row.put("stay_date", night);
        row.put("currency", currency);
        row.put("capacity", capacity);
        row.put("rooms_sold", sold);
        row.put("rooms_held", 1L);
        row.put("adr_cents", adrCents);
        row.put("pickup_1d", 0L);
        row.put("pickup_7d", 0L);
        row.put("pickup_30d", 0L);
        return row;
    }
}
