package io.hotellambda.booking.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.booking.inventory.Night;
import io.hotellambda.booking.reservations.ReservationRepository.NightRevenue;
import io.hotellambda.http.ApiJson;

import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The staff pages' charts as data: nights on the x axis, one or two value axes, and the series.
 * A page carries a chart as JSON in its element's {@code data-chart} attribute and the pages'
 * script draws it with ECharts: no inline script, so the pages' policy stays strict.
 */
public final class StaffCharts
{
    /** {@code axis} is the index into the chart's {@code axes}; {@code stack} groups stacked bars, or is null. */
    public record Series(String name, String type, String stack, int axis, List<? extends Number> data) {}

    public record Chart(List<String> x, List<String> axes, List<Series> series) {}

    private static final ObjectMapper JSON = ApiJson.mapper();

    private StaffCharts() {}

    /** The hotel's nights over all its room types: rooms sold and held, stacked, against the capacity of the open ones. */
    static Chart rooms(List<LocalDate> dates, Collection<List<Night>> nightsPerRoomType)
    {
        Map<LocalDate, int[]> sums = new LinkedHashMap<>();
        dates.forEach(date -> sums.put(date, new int[3]));
        for (List<Night> nights : nightsPerRoomType) {
            for (Night night : nights) {
                int[] sum = sums.get(night.date());
                if (sum != null) {
                    sum[0] += night.sold();
                    sum[1] += night.held();
                    sum[2] += night.closed() ? 0 : night.capacity();
                }
            }
        }
        return new Chart(labels(dates), List.of("rooms"), List.of(
                new Series("sold", "bar", "rooms", 0, sums.values().stream().map(sum -> sum[0]).toList()),
                new Series("held", "bar", "rooms", 0, sums.values().stream().map(sum -> sum[1]).toList()),
                new Series("open capacity", "line", null, 0, sums.values().stream().map(sum -> sum[2]).toList())));
    }

    /** The revenue on the books per night in the hotel's currency, in whole units. */
    static Chart revenue(List<LocalDate> dates, List<NightRevenue> revenue, String currency)
    {
        Map<LocalDate, Double> byNight = new LinkedHashMap<>();
        dates.forEach(date -> byNight.put(date, 0.0));
        revenue.stream().filter(night -> night.currency().equals(currency))
                .forEach(night -> byNight.computeIfPresent(night.night(), (date, sum) -> sum + night.revenueCents() / 100.0));
        return new Chart(labels(dates), List.of(currency), List.of(new Series("revenue on the books", "bar", null, 0, new ArrayList<>(byNight.values()))));
    }

    /** One room type's nights: its price and the suggested price (null where none was published) beside the rooms sold. */
    static Chart prices(List<Night> nights, Map<LocalDate, Long> suggested, String currency)
    {
        List<Double> price = new ArrayList<>();
        List<Double> suggestion = new ArrayList<>();
        List<Integer> sold = new ArrayList<>();
        for (Night night : nights) {
            price.add(night.priceCents() / 100.0);
            Long cents = suggested.get(night.date());
            suggestion.add(cents == null ? null : cents / 100.0);
            sold.add(night.sold());
        }
        return new Chart(labels(nights.stream().map(Night::date).toList()), List.of(currency, "rooms"), List.of(
                new Series("price", "line", null, 0, price),
                new Series("suggested price", "line", null, 0, suggestion),
                new Series("sold", "bar", null, 1, sold)));
    }

    static String json(Chart chart)
    {
        try {
            return JSON.writeValueAsString(chart);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> labels(List<LocalDate> dates)
    {
        return dates.stream().map(LocalDate::toString).toList();
    }
}
