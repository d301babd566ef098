package io.hotellambda.batch.archive;

import io.hotellambda.batch.bookings.InventorySnapshot;
import io.hotellambda.schemas.PaymentFailed;
import io.hotellambda.schemas.PlatformEvent;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationConfirmed;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;
import io.hotellambda.schemas.SearchPerformed;
import io.hotellambda.schemas.Topics;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.sql.Timestamp;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes a day of booking events for benchmarks, through the archiver's own writer and publish
 * ({@link SyntheticArchive#write}): {@code reservations} holds over {@code hotels} hotels (Zipf, as
 * views), two room types each ({@link #roomType}), stays 1 to 120 days ahead of 1 to 5 nights and
 * 1 to 3 rooms, each night priced from its room type's base price. Of the holds, 70% are paid
 * (a tenth of those cancelled later with half refunded), 10% declined and then expired, 20% left
 * to expire; one confirmation in a hundred is sent again a minute later, as the outbox relay does
 * after a crash. Every event of a reservation falls within the day, in {@code received_at} order
 * per Kafka partition, keyed by hotel.
 */
public final class SyntheticBookings
{
    /** Room type {@code k} (0 or 1) of hotel {@code h}. */
    public static long roomType(long hotel, int k)
    {
        return hotel * 2 + k;
    }

    /** A room type's base nightly price in cents, 8,000 to 30,000. */
    public static long basePrice(long roomType)
    {
        return 8_000 + (roomType * 7_919) % 22_000;
    }

    /** The city of hotel {@code hotel} in the snapshot {@link #writeSnapshot} writes and the searches {@link #writeSearches} writes: one of four. */
    public static String city(long hotel)
    {
        return "city-" + hotel % 4;
    }

    private final ArchiveStore store;
    private final Configuration hadoop;
    private final int partitions;
    private final int hotelCount;
    private final SyntheticArchive hotels;

    public SyntheticBookings(ArchiveStore store, Configuration hadoop, int partitions, int hotels)
    {
        this.store = store;
        this.hadoop = hadoop;
        this.partitions = partitions;
        this.hotelCount = hotels;
        this.hotels = new SyntheticArchive(store, hadoop, Topics.BOOKING_EVENTS, partitions, hotels);
    }

    /** Writes the day's events of {@code reservations} holds; how many events. */
    public long writeDay(LocalDate day, long reservations)
    {
        List<List<PlatformEvent>> byPartition = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            byPartition.add(new ArrayList<>());
        }
        SplittableRandom random = new SplittableRandom(20261205);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        long span = Duration.ofHours(23).plusMinutes(30).toMillis();
        for (long i = 0; i < reservations; i++) {
            long hotel = hotels.hotel(random.nextDouble());
            List<PlatformEvent> events = byPartition.get((int) (hotel % partitions));
            long roomType = roomType(hotel, random.nextInt(2));
            Instant held = midnight.plusMillis((long) (random.nextDouble() * span));
            LocalDate checkIn = day.plusDays(1 + random.nextInt(120));
            int nights = 1 + random.nextInt(5);
            int rooms = 1 + random.nextInt(3);
            List<Long> prices = new ArrayList<>();
            for (int night = 0; night < nights; night++) {
                prices.add(basePrice(roomType) + 500L * random.nextInt(5));
            }
            long total = prices.stream().mapToLong(Long::longValue).sum() * rooms;
            UUID reservation = new UUID(random.nextLong(), random.nextLong());
            events.add(new ReservationCreated(id(random), held, held, hotel, reservation, roomType, "guest-" + random.nextInt(1_000_000), checkIn,
                    checkIn.plusDays(nights), rooms, total, "EUR", held.plus(Duration.ofMinutes(15))));
            int outcome = random.nextInt(100);
            Instant expires = held.plus(Duration.ofMinutes(15));
            if (outcome < 70) {
                Instant paid = held.plusSeconds(60 + random.nextInt(540));
                ReservationConfirmed confirmed = new ReservationConfirmed(id(random), paid, paid, hotel, reservation, roomType, total, "EUR",
                        "pi_" + reservation, checkIn, checkIn.plusDays(nights), rooms, prices);
                events.add(confirmed);
                if (random.nextInt(100) == 0) {
                    Instant again = paid.plus(Duration.ofMinutes(1));
                    events.add(new ReservationConfirmed(confirmed.eventId(), again, paid, hotel, reservation, roomType, total, "EUR", confirmed.paymentId(),
                            checkIn, checkIn.plusDays(nights), rooms, prices));
                }
                if (random.nextInt(10) == 0) {
                    Instant cancelled = paid.plus(Duration.ofMinutes(10 + random.nextInt(10)));
                    events.add(new ReservationCancelled(id(random), cancelled, cancelled, hotel, reservation, roomType, total / 2, "EUR", "guest"));
                }
            }
            else if (outcome < 80) {
                Instant declined = held.plusSeconds(60 + random.nextInt(300));
                events.add(new PaymentFailed(id(random), declined, declined, hotel, reservation, total, "EUR", "card_declined"));
                events.add(new ReservationExpired(id(random), expires, expires, hotel, reservation, roomType, "EUR"));
            }
            else {
                events.add(new ReservationExpired(id(random), expires, expires, hotel, reservation, roomType, "EUR"));
            }
        }
        long[] counts = new long[partitions];
        for (int partition = 0; partition < partitions; partition++) {
            List<PlatformEvent> events = byPartition.get(partition);
            events.sort(Comparator.comparing(PlatformEvent::receivedAt));
            counts[partition] = events.size();
            SyntheticArchive.write(store, hadoop, Topics.BOOKING_EVENTS, partition, events.iterator());
            byPartition.set(partition, null);
        }
        SyntheticArchive.completeDay(store, Topics.BOOKING_EVENTS, day, counts);
        return java.util.Arrays.stream(counts).sum();
    }

    /**
     * Writes {@code day}'s inventory snapshot under the archive, as the nightly job's first run of
     * the day takes it from booking-app ({@link InventorySnapshot}): both room types of every hotel,
     * each night of the snapshot's horizon, 5 to 14 rooms, one night in eleven closed, a few held,
     * at its base price between half and twice it.
     */
    public void writeSnapshot(SparkSession spark, LocalDate day)
    {
        List<Row> nights = new ArrayList<>();
        Timestamp takenAt = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(30)));
        for (long hotel = 1; hotel <= hotelCount; hotel++) {
            for (int k = 0; k < 2; k++) {
                long roomType = roomType(hotel, k);
                long base = basePrice(roomType);
                int quantity = 5 + (int) (roomType % 10);
                for (int ahead = 0; ahead <= InventorySnapshot.HORIZON_DAYS; ahead++) {
                    nights.add(RowFactory.create(hotel, city(hotel), "EUR", roomType, quantity, base / 2, base * 2, base, Date.valueOf(day.plusDays(ahead)),
                            quantity, 0, 0, (roomType + ahead) % 3 == 0 ? 1 : 0, (roomType + ahead) % 11 == 0, base, takenAt));
                }
            }
        }
        spark.createDataFrame(nights, StructType.fromDDL(InventorySnapshot.COLUMNS.replace('\n', ' ')))
                .coalesce(1).write().parquet(new org.apache.hadoop.fs.Path(store.layout().snapshot(InventorySnapshot.TABLE), "dt=" + day).toString());
    }

    /**
     * Writes the day's {@code searches} searches of the four cities ({@link #city}), keyed by city
     * as booking-app keys them: stays 1 to 60 days ahead of 1 to 4 nights, four in five first
     * pages, one in twenty sold out; how many events.
     */
    public long writeSearches(LocalDate day, long searches)
    {
        List<List<PlatformEvent>> byPartition = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            byPartition.add(new ArrayList<>());
        }
        SplittableRandom random = new SplittableRandom(20261207);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (long i = 0; i < searches; i++) {
            long hotel = hotels.hotel(random.nextDouble());
            String city = city(hotel);
            LocalDate checkIn = day.plusDays(1 + random.nextInt(60));
            boolean soldOut = random.nextInt(20) == 0;
            List<Long> shown = new ArrayList<>();
            for (long other = hotel % 4 == 0 ? 4 : hotel % 4; !soldOut && other <= hotelCount && shown.size() < 10; other += 4) {
                shown.add(other);
            }
            Instant at = midnight.plusMillis(random.nextLong(Duration.ofDays(1).toMillis()));
            byPartition.get(Math.floorMod(city.hashCode(), partitions)).add(new SearchPerformed(id(random), at, at, "searcher-" + random.nextInt(100_000), city, null,
                    checkIn, checkIn.plusDays(1 + random.nextInt(4)), 1, 2, null, null, null, null, null, "relevance", random.nextInt(5) > 0, shown.size(), shown,
                    soldOut));
        }
        long[] counts = new long[partitions];
        for (int partition = 0; partition < partitions; partition++) {
            List<PlatformEvent> events = byPartition.get(partition);
            events.sort(Comparator.comparing(PlatformEvent::receivedAt));
            counts[partition] = events.size();
            SyntheticArchive.write(store, hadoop, Topics.SEARCH_EVENTS, partition, events.iterator());
        }
        SyntheticArchive.completeDay(store, Topics.SEARCH_EVENTS, day, counts);
        return java.util.Arrays.stream(counts).sum();
    }

    private static UUID id(SplittableRandom random)
    {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
