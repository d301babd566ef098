package io.hotellambda.booking.inventory;

import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.catalog.Hotel;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.RoomType;
import io.hotellambda.booking.catalog.RoomTypeOnSale;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ValidationException;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Staff's view and edits of a room type's nights, and the public availability of a hotel's room types for a stay. */
public final class InventoryService
{
    /** The longest range one inventory read or change covers: a year and a day. */
    public static final int MAX_RANGE_NIGHTS = 366;

    private final Transactions transactions;
    private final HotelRepository hotels;
    private final InventoryRepository inventory;
    private final SaleWindow saleWindow;

    public InventoryService(Transactions transactions, HotelRepository hotels, InventoryRepository inventory, SaleWindow saleWindow)
    {
        this.transactions = transactions;
        this.hotels = hotels;
        this.inventory = inventory;
        this.saleWindow = saleWindow;
    }

    public List<Night> nights(long hotelId, long roomTypeId, LocalDate from, LocalDate to)
    {
        roomTypeOf(hotelId, roomTypeId);
        checkRange(from, to);
        return transactions.run("read inventory", connection -> inventory.nights(connection, roomTypeId, from, to));
    }

    /**
     * The nights of {@code [from, to)} of each of {@code hotel}'s room types, in its room types'
     * order, read in one query (a staff page shows them all; a read per room type was two queries each).
     */
    public List<List<Night>> nights(Hotel hotel, LocalDate from, LocalDate to)
    {
        checkRange(from, to);
        List<Long> roomTypeIds = hotel.roomTypes().stream().map(RoomType::id).toList();
        Map<Long, List<Night>> byRoomType = roomTypeIds.isEmpty() ? Map.of()
                : transactions.run("read inventory", connection -> inventory.nights(connection, roomTypeIds, from, to));
        return roomTypeIds.stream().map(id -> byRoomType.getOrDefault(id, List.of())).toList();
    }

    /** Applies {@code change} to the nights {@code [from, to)}, which must be on sale (past nights are history). */
    public List<Night> change(long hotelId, long roomTypeId, LocalDate from, LocalDate to, InventoryChange change)
    {
        RoomTypeOnSale roomType = roomTypeOf(hotelId, roomTypeId);
        checkRange(from, to);
        saleWindow.check(roomType.timeZone(), from, to, "from", "to");
        if (change.priceCents() != null && (change.priceCents() < roomType.priceMinCents() || change.priceCents() > roomType.priceMaxCents())) {
            throw new ValidationException("field[price_cents] %s is outside the room type's band %s to %s".formatted(
                    change.priceCents(), roomType.priceMinCents(), roomType.priceMaxCents()));
        }
        return transactions.run("change inventory", connection -> inventory.change(connection, roomTypeId, roomType.overbookingPercent(), from, to,
                new InventoryRepository.Change(Optional.ofNullable(change.capacity()), Optional.ofNullable(change.closed()), Optional.ofNullable(change.priceCents()))));
    }

    /** One room type's availability for a stay: the rooms free on every night, each night's price, and the stay's total for the rooms asked. */
    public record RoomTypeAvailability(long roomTypeId, String name, int guestsPerRoom, int availableRooms, boolean bookable, List<PricedNight> nights, Long totalCents) {}

    public record PricedNight(LocalDate date, long priceCents, int available) {}

    public record Availability(long hotelId, LocalDate checkIn, LocalDate checkOut, int rooms, int guests, String currency, List<RoomTypeAvailability> roomTypes) {}

    /** The hotel's room types the guests fit in, each with what is free for every night of the stay. */
    public Availability availability(long hotelId, Stay stay)
    {
        Hotel hotel = hotels.find(hotelId).filter(Hotel::isActive).orElseThrow(() -> DomainException.notFound("Hotel[%s] not found".formatted(hotelId)));
        saleWindow.check(java.time.ZoneId.of(hotel.timeZone()), stay.checkIn(), stay.checkOut(), "check_in", "check_out");
        List<RoomType> fitting = hotel.roomTypes().stream().filter(roomType -> stay.fits(roomType.capacity())).toList();
        Map<Long, List<Night>> nights = transactions.run("read availability", connection ->
                inventory.nights(connection, fitting.stream().map(RoomType::id).toList(), stay.checkIn(), stay.checkOut()));
        List<RoomTypeAvailability> roomTypes = new ArrayList<>();
        for (RoomType roomType : fitting) {
            List<Night> stayNights = nights.getOrDefault(roomType.id(), List.of());
            boolean complete = stayNights.size() == stay.nights();
            int available = complete ? stayNights.stream().mapToInt(Night::available).min().orElse(0) : 0;
            Long total = complete ? stayNights.stream().mapToLong(Night::priceCents).sum() * stay.rooms() : null;
            roomTypes.add(new RoomTypeAvailability(roomType.id(), roomType.name(), roomType.capacity(), available, available >= stay.rooms(),
                    stayNights.stream().map(night -> new PricedNight(night.date(), night.priceCents(), night.available())).toList(), total));
        }
        return new Availability(hotelId, stay.checkIn(), stay.checkOut(), stay.rooms(), stay.guests(), hotel.currency(), roomTypes);
    }

    private RoomTypeOnSale roomTypeOf(long hotelId, long roomTypeId)
    {
        return hotels.roomTypeOnSale(roomTypeId).filter(roomType -> roomType.hotelId() == hotelId)
                .orElseThrow(() -> DomainException.notFound("RoomType[%s] for hotel[%s] not found".formatted(roomTypeId, hotelId)));
    }

    private static void checkRange(LocalDate from, LocalDate to)
    {
        if (!to.isAfter(from)) {
            throw new ValidationException("field[to] %s must be after from %s".formatted(to, from));
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_RANGE_NIGHTS) {
            throw new ValidationException("field[to] makes a range of more than %s nights".formatted(MAX_RANGE_NIGHTS));
        }
    }
}
