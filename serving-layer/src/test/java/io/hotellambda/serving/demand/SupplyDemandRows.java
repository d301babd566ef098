package io.hotellambda.serving.demand;

import io.hotellambda.schemas.SupplyDemandTables;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/** Supply and demand rows written as the nightly job writes them ({@link SupplyDemandTables}), for the serving layer's tests. */
public final class SupplyDemandRows
{
    private SupplyDemandRows() {}

    /**
     * One room type's night as of {@code asOf}, a CSV line of {@link SupplyDemandTables#COLUMNS}: 10
     * rooms, {@code sold} of them sold at an ADR of 100.00 EUR, all picked up within the last 7 days
     * and none in the last one, priced 100.00 (80.00 to 160.00), with the suggestion given.
     */
    public static String line(long hotel, long roomType, LocalDate asOf, LocalDate night, String city, long sold, double multiplier, long suggested)
    {
        return "%d,%d,%s,\"%s\",EUR,10,0,false,%d,0,0,%d,%d,40,2,300,,12.5,2.0,10000,10000,8000,16000,10000,%d,%s,0.1,%s,%s,%d,occupancy-pace-v1"
                .formatted(hotel, roomType, night, city, sold, sold, sold, night.toEpochDay() - asOf.toEpochDay(), sold / 10.0, sold / 10.0, multiplier, suggested);
    }

    /** Writes and publishes the day's rows, replacing any the day had. */
    public static void publish(Connection db, LocalDate asOf, List<String> lines)
            throws SQLException
    {
        SupplyDemandTables.begin(db, asOf);
        SupplyDemandTables.copy(db, asOf, lines);
        SupplyDemandTables.publish(db, asOf);
    }
}
