package io.hotellambda.batch.bookings;

import io.hotellambda.batch.TestingBatchSpark;
import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.daily.RawColumns;
import io.hotellambda.schemas.EventCodec;
import io.hotellambda.schemas.HotelEvent;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.SearchPerformed;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supply and demand of two hotels as of 2026-11-20, every number computed by hand below from
 * booking and search events as the archive holds them (a confirmation sent twice, a booking
 * cancelled today, one cancelled by a late payment's return) and the day's inventory snapshot.
 */
class TestSupplyDemand
{
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-20");
    private static final EventCodec CODEC = new EventCodec();

    @Test
    void supplyDemandRowsEqualHandComputedFixtures()
    {
        SparkSession spark = TestingBatchSpark.session();
        UUID r1 = UUID.randomUUID();
        UUID r3 = UUID.randomUUID();
        UUID r6 = UUID.randomUUID();
        ReservationConfirmed r1Confirmed = confirmed(1, 11, r1, "2026-11-19T10:00:00Z", "2026-11-21", 2, 10_000, 11_000);
        List<PlatformEvent> events = List.of(
                // hotel 1, room type 11: r1, two rooms for the 21st and 22nd, confirmed yesterday, its confirmation sent again today
                r1Confirmed,
                copy(r1Confirmed, "2026-11-20T06:00:00Z"),
                // r2: one room for the 21st, confirmed today
                confirmed(1, 11, UUID.randomUUID(), "2026-11-20T09:00:00Z", "2026-11-21", 1, 12_000),
                // r3: three rooms for the 25th, confirmed on the 5th, cancelled today
                confirmed(1, 11, r3, "2026-11-05T12:00:00Z", "2026-11-25", 3, 9_000),
                new ReservationCancelled(UUID.randomUUID(), Instant.parse("2026-11-20T12:00:00Z"), null, 1, r3, 11, 27_000, "EUR", "guest"),
                // r4: one room for the 25th, confirmed on 1 October
                confirmed(1, 11, UUID.randomUUID(), "2026-10-01T12:00:00Z", "2026-11-25", 1, 9_500),
                // hotel 2, room type 21: r5, six rooms for the 21st, confirmed today
                confirmed(2, 21, UUID.randomUUID(), "2026-11-20T08:00:00Z", "2026-11-21", 6, 6_000),
                // r6: paid after its hold had expired, taken again, and the late payment's return is not a cancellation of it
                confirmed(2, 21, r6, "2026-11-20T09:00:00Z", "2026-11-22", 1, 6_500),
                new ReservationCancelled(UUID.randomUUID(), Instant.parse("2026-11-20T09:30:00Z"), null, 2, r6, 21, 6_500, "EUR",
                        ReservationCancelled.LATE_PAYMENT_REASON_PREFIX + "expiry"),
                // not yet received at the day's end
                confirmed(1, 11, UUID.randomUUID(), "2026-11-21T00:00:00Z", "2026-11-22", 5, 10_000));
        List<PlatformEvent> searches = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> searches.add(search(" Lisbon", "2026-11-21", "2026-11-23", i < 5, true)));
        // not on the first page: paging through results is not more demand
        IntStream.range(0, 7).forEach(i -> searches.add(search("lisbon", "2026-11-21", "2026-11-22", false, false)));
        IntStream.range(0, 10).forEach(i -> searches.add(search("porto", "2026-11-21", "2026-11-22", i < 2, true)));

        Dataset<Row> reservations = StayNights.reservations(raw(spark, events));
        Dataset<Row> demand = SupplyDemand.rows(snapshot(spark), SupplyDemand.sales(reservations, AS_OF), SupplyDemand.searches(raw(spark, searches)),
                spark.createDataFrame(List.of(RowFactory.create(1L, 300L)), StructType.fromDDL("hotel_id BIGINT, views_7d BIGINT")), AS_OF);

        assertThat(demand.schema().fieldNames()).containsExactlyElementsOf(SupplyDemand.COLUMNS.stream().map(column -> column.split(" ")[0]).toList());
        assertThat(lines(demand)).containsExactly(
                // hotel room stay days_out capacity held sold pickup 1d/7d/30d searches sold-out views look-to-book lead los adr
                //   occupancy pace forecast multiplier suggested (base 10,000 in [8,000, 16,000]; base 6,000 in [5,000, 9,000])
                // 0.3 + 0.3 × 1/7 × 0.5 = 0.3214; 1 + 0.6 × (0.3214 − 0.7) + 0.4 × 0.3 = 0.8929
                "1 11 2026-11-21 1 10 1 3 1 3 3 40 5 300 20.0000 1.5000 1.5000 10666.6667 0.3000 0.3000 0.3214 0.8929 8929",
                // 0.2 + 0.2 × 2/7 × 0.5 = 0.2286; 1 + 0.6 × (0.2286 − 0.7) + 0.4 × 0.2 = 0.7971: 7,971 below the bounds
                "1 11 2026-11-22 2 10 0 2 0 2 2 40 5 300 40.0000 3.0000 2.0000 11000.0000 0.2000 0.2000 0.2286 0.7971 8000",
                // nothing sold, nothing searched: 1 + 0.6 × (0 − 0.7) = 0.58, the lower bound
                "1 11 2026-11-23 3 10 0 0 0 0 0 0 0 300 null null null null 0.0000 0.0000 0.0000 0.5800 8000",
                "1 11 2026-11-24 4 10 0 0 0 0 0 0 0 300 null null null null 0.0000 0.0000 0.0000 0.5800 8000",
                // r3 sold one day and seven days before, cancelled today: pickup −3, pace 0
                "1 11 2026-11-25 5 10 0 1 -3 -3 0 0 0 300 null 55.0000 1.0000 9500.0000 0.1000 0.0000 0.1000 0.6400 8000",
                // 0.6 + 0.6 × 1/7 × 0.5 = 0.6429; 1 + 0.6 × (0.6429 − 0.7) + 0.4 × 0.6 = 1.2057
                "2 21 2026-11-21 1 10 0 6 6 6 6 10 2 0 10.0000 1.0000 1.0000 6000.0000 0.6000 0.6000 0.6429 1.2057 7234",
                // 0.1 + 0.1 × 2/7 × 0.5 = 0.1143; 1 + 0.6 × (0.1143 − 0.7) + 0.4 × 0.1 = 0.6886: 4,131 below the bounds
                "2 21 2026-11-22 2 10 0 1 1 1 1 0 0 0 0.0000 2.0000 1.0000 6500.0000 0.1000 0.1000 0.1143 0.6886 5000");

        // the stay-date axis of the same reservations against the same snapshot
        assertThat(StayNights.stayNights(StayNights.soldNights(reservations, AS_OF), StayNights.capacity(snapshot(spark).withColumn("dt",
                        org.apache.spark.sql.functions.lit(AS_OF.toString())), AS_OF))
                .where(col("rooms_sold").gt(0)).orderBy("hotel_id", "room_type_id", "stay_date").collectAsList().stream()
                .map(row -> "%s %s %s %s %s %s".formatted(row.get(0), row.get(1), row.get(2), row.get(4), row.get(5), row.get(6))).toList())
                .containsExactly("1 11 2026-11-21 3 32000 10", "1 11 2026-11-22 2 22000 10", "1 11 2026-11-25 1 9500 10",
                        "2 21 2026-11-21 6 36000 10", "2 21 2026-11-22 1 6500 10");
    }

    @Test
    void suggestionsStayWithinBoundsAndRiseWithDemand()
    {
        SparkSession spark = TestingBatchSpark.session();
        StructType schema = StructType.fromDDL("""
                capacity BIGINT, rooms_sold BIGINT, pickup_7d BIGINT, days_out INT, base_price_cents BIGINT, price_min_cents BIGINT, price_max_cents BIGINT""");
        List<Row> grid = new ArrayList<>();
        for (long sold = 0; sold <= 12; sold++) {
            for (long pickup = -4; pickup <= sold; pickup++) {
                for (int daysOut : List.of(1, 7, 30, 90)) {
                    grid.add(RowFactory.create(10L, sold, pickup, daysOut, 10_000L, 7_000L, 14_000L));
                }
            }
        }
        List<Row> suggested = SupplyDemand.suggest(spark.createDataFrame(grid, schema)).collectAsList();
        assertThat(suggested).hasSize(grid.size()).allSatisfy(row -> assertThat(row.<Long>getAs("suggested_price_cents")).isBetween(7_000L, 14_000L));
        assertThat(suggested.stream().map(row -> row.<Long>getAs("suggested_price_cents"))).contains(7_000L, 14_000L);
        for (Row row : suggested) {
            for (Row other : suggested) {
                boolean moreDemand = other.<Integer>getAs("days_out").equals(row.getAs("days_out"))
                        && other.<Long>getAs("rooms_sold") >= row.<Long>getAs("rooms_sold") && other.<Long>getAs("pickup_7d") >= row.<Long>getAs("pickup_7d");
                if (moreDemand) {
                    assertThat(other.<Long>getAs("suggested_price_cents")).as("%s against %s", other, row)
                            .isGreaterThanOrEqualTo(row.<Long>getAs("suggested_price_cents"));
                }
            }
        }
        // strictly higher somewhere in between the bounds: the model moves, it does not only clamp
        assertThat(suggested.stream().filter(row -> row.<Integer>getAs("days_out") == 7 && row.<Long>getAs("pickup_7d") == 0)
                .sorted(java.util.Comparator.comparing(row -> row.<Long>getAs("rooms_sold")))
                .map(row -> row.<Long>getAs("suggested_price_cents")).distinct().count()).isGreaterThan(5);
    }

    @Test
    void aDayTooOldToHaveItsSnapshotTakenGetsNone(@TempDir java.nio.file.Path directory)
            throws Exception
    {
        // nothing listens on port 1: a snapshot it tried to take would fail
        InventorySnapshot snapshots = new InventorySnapshot(TestingBatchSpark.session(),
                ArchiveLayout.open(directory.resolve("raw").toUri().toString(), new Configuration()),
                Clock.fixed(Instant.parse("2026-11-25T03:00:00Z"), ZoneOffset.UTC), "jdbc:postgresql://127.0.0.1:1/none", "nobody", "");
        assertThat(snapshots.ensure(LocalDate.parse("2026-11-22"))).isEqualTo(InventorySnapshot.Source.MISSING);
        assertThat(snapshots.of(LocalDate.parse("2026-11-22")).count()).isZero();
    }

    private static ReservationConfirmed confirmed(long hotel, long roomType, UUID reservation, String at, String checkIn, int rooms, long... nightPrices)
    {
        List<Long> prices = java.util.Arrays.stream(nightPrices).boxed().toList();
        LocalDate in = LocalDate.parse(checkIn);
        return new ReservationConfirmed(UUID.randomUUID(), Instant.parse(at), null, hotel, reservation, roomType,
                prices.stream().mapToLong(Long::longValue).sum() * rooms, "EUR", "pi_" + reservation, in, in.plusDays(prices.size()), rooms, prices);
    }

    /** The same event sent again later, as the outbox relay does after a crash. */
    private static ReservationConfirmed copy(ReservationConfirmed event, String at)
    {
        return new ReservationConfirmed(event.eventId(), Instant.parse(at), null, event.hotelId(), event.reservationId(), event.roomTypeId(),
                event.totalCents(), event.currency(), event.paymentId(), event.checkIn(), event.checkOut(), event.rooms(), event.nightPricesCents());
    }

    private static SearchPerformed search(String city, String checkIn, String checkOut, boolean soldOut, boolean firstPage)
    {
        return new SearchPerformed(UUID.randomUUID(), Instant.parse("2026-11-19T15:00:00Z"), null, "searcher", city, null, LocalDate.parse(checkIn),
                LocalDate.parse(checkOut), 1, 2, null, null, null, null, null, "relevance", firstPage, soldOut ? 0 : 3, soldOut ? List.of() : List.of(1L, 2L, 3L),
                soldOut);
    }

    /** Events as the archiver stores them: the raw columns with the event's JSON as its payload. */
    private static Dataset<Row> raw(SparkSession spark, List<PlatformEvent> events)
    {
        List<Row> rows = new ArrayList<>();
        long offset = 0;
        for (PlatformEvent event : events) {
            Long hotel = event instanceof HotelEvent hotelEvent ? hotelEvent.hotelId() : null;
            rows.add(RowFactory.create(0, offset++, Timestamp.from(event.receivedAt()), null, event.eventId().toString(), io.hotellambda.schemas.EventType.of(event).typeName(), hotel,
                    Timestamp.from(event.receivedAt()), null, null, null, new String(CODEC.encode(event), StandardCharsets.UTF_8), null, null, null));
        }
        return spark.createDataFrame(rows, RawColumns.SPARK);
    }

    /** The day's inventory snapshot: both room types have 10 rooms a night from the day to the 25th. */
    private static Dataset<Row> snapshot(SparkSession spark)
    {
        List<Row> nights = new ArrayList<>();
        for (LocalDate night = AS_OF; night.isBefore(LocalDate.parse("2026-11-26")); night = night.plusDays(1)) {
            int held = night.equals(LocalDate.parse("2026-11-21")) ? 1 : 0;
            nights.add(RowFactory.create(1L, "lisbon", "EUR", 11L, 10, 8_000L, 16_000L, 10_000L, Date.valueOf(night), 10, 0, 0, held, false, 10_000L,
                    Timestamp.from(Instant.parse("2026-11-21T01:00:00Z"))));
            if (!night.isAfter(LocalDate.parse("2026-11-22"))) {
                nights.add(RowFactory.create(2L, "porto", "EUR", 21L, 10, 5_000L, 9_000L, 6_000L, Date.valueOf(night), 10, 0, 0, 0, false, 6_000L,
                        Timestamp.from(Instant.parse("2026-11-21T01:00:00Z"))));
            }
        }
        return spark.createDataFrame(nights, StructType.fromDDL(InventorySnapshot.COLUMNS.replace('\n', ' ')));
    }

    private static List<String> lines(Dataset<Row> demand)
    {
        return demand.orderBy("hotel_id", "room_type_id", "stay_date").collectAsList().stream()
                .map(row -> String.join(" ", List.of("hotel_id", "room_type_id", "stay_date", "days_out", "capacity", "rooms_held", "rooms_sold", "pickup_1d",
                                "pickup_7d", "pickup_30d", "searches_30d", "sold_out_searches_30d", "views_7d", "look_to_book", "avg_lead_time_days",
                                "avg_length_of_stay", "adr_cents", "occupancy", "pace", "forecast_occupancy", "price_multiplier", "suggested_price_cents")
                        .stream().map(name -> format(row.getAs(name))).toList()))
                .toList();
    }

    private static String format(Object value)
    {
        return value instanceof Double number ? "%.4f".formatted(number) : String.valueOf(value);
    }
}
