package io.hotellambda.benchmarks;

import io.hotellambda.schemas.Migrations;
import io.hotellambda.schemas.ServingTables;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Published batch days for the serving benchmarks, written the way the nightly job writes them:
 * one {@link ServingTables#publish} per day (so the totals and W move as they do in production),
 * plus booking-app's catalog rows for the hotels. Numbers are deterministic per hotel and day.
 */
final class ServingData
{
    private ServingData() {}

    /** {@code hotels} active hotels in 20 cities, and every day of {@code [first, last]} published, the last {@code hourlyDays} with hours. */
    static void publish(String jdbcUrl, int hotels, LocalDate first, LocalDate last, int hourlyDays)
            throws Exception
    {
        Migrations.catalog(jdbcUrl, "postgres", "");
        Migrations.serving(jdbcUrl, "postgres", "");
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO hotels (name, city, country, address, star_rating) SELECT 'Bench ' || i, 'City ' || (i % 20), 'NL', 'Street ' || i, 3 FROM generate_series(1, ?) i")) {
                insert.setInt(1, hotels);
                insert.executeUpdate();
            }
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                int dayOfYear = day.getDayOfYear();
                List<ServingTables.HotelDay> rows = new ArrayList<>(hotels);
                List<ServingTables.HotelHour> hours = new ArrayList<>();
                boolean hourly = !day.isBefore(last.minusDays(hourlyDays - 1));
                for (long hotel = 1; hotel <= hotels; hotel++) {
                    rows.add(new ServingTables.HotelDay(hotel, 50 + (hotel * 7 + dayOfYear) % 400, 20 + hotel % 100));
                    if (hourly) {
                        for (int hour = 0; hour < 24; hour++) {
                            hours.add(new ServingTables.HotelHour(hotel, hour, 1 + (hotel + hour) % 20));
                        }
                    }
                }
                ServingTables.publish(db, new ServingTables.DayResult(day, true, false, Optional.empty(), rows, hours));
            }
            try (Statement analyze = db.createStatement()) {
                analyze.execute("ANALYZE");
            }
        }
    }
}
