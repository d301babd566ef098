package io.hotellambda.booking.reservations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.RoomTypeOnSale;
import io.hotellambda.booking.idempotency.IdempotencyKeys;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.inventory.SaleWindow;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;
import io.hotellambda.schemas.ValidationException;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reservations' state changes, each one PostgreSQL transaction that also writes its outbox event
 * and, for a guest's call, stores the answer under its idempotency key. The database decides
 * availability: see {@link InventoryRepository#hold}.
 */
public final class ReservationService
{
    private final Transactions transactions;
    private final HotelRepository hotels;
    private final InventoryRepository inventory;
    private final ReservationRepository reservations;
    private final IdempotencyKeys keys;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration holdTtl;
    private final SaleWindow saleWindow;

    public ReservationService(Transactions transactions, HotelRepository hotels, InventoryRepository inventory, ReservationRepository reservations,
            IdempotencyKeys keys, Outbox outbox, ObjectMapper json, Clock clock, Duration holdTtl, SaleWindow saleWindow)
    {
        this.transactions = transactions;
        this.hotels = hotels;
        this.inventory = inventory;
        this.reservations = reservations;
        this.keys = keys;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.holdTtl = holdTtl;
        this.saleWindow = saleWindow;
    }

    /** Holds the rooms for {@code holdTtl}: a 201 with the reservation, or the answer stored under {@code key}. */
    public StoredResponse reserve(Principal guest, String key, ReservationRequest request)
    {
        RoomTypeOnSale roomType = hotels.roomTypeOnSale(request.roomTypeId())
                .orElseThrow(() -> DomainException.notFound("RoomType[%s] not found".formatted(request.roomTypeId())));
        if (roomType.hotelId() != request.hotelId()) {
            throw DomainException.unprocessable("field[room_type_id] RoomType[%s] belongs to another hotel than hotel[%s]".formatted(request.roomTypeId(), request.hotelId()));
        }
        if (!roomType.hotelActive()) {
            throw DomainException.notFound("Hotel[%s] not found".formatted(request.hotelId()));
        }
        if (!request.stay().fits(roomType.guestsPerRoom())) {
            throw new ValidationException("field[guests] %s do not fit in %s room(s) of RoomType[%s], which takes %s guest(s) per room"
                    .formatted(request.guests(), request.rooms(), roomType.roomTypeId(), roomType.guestsPerRoom()));
        }
        saleWindow.check(roomType.timeZone(), request.checkIn(), request.checkOut(), "check_in", "check_out");
        byte[] requestHash = IdempotencyKeys.requestHash("POST", "/v1/reservations", bytes(request));
        return transactions.run("hold rooms", connection -> {
            Instant now = clock.instant();
            Optional<StoredResponse> stored = keys.claim(connection, guest.idempotencyScope(), key, requestHash, now);
            if (stored.isPresent()) {
                return stored.get();
            }
            List<Long> prices = inventory.hold(connection, roomType.roomTypeId(), request.checkIn(), request.checkOut(), request.rooms());
            long total = prices.stream().mapToLong(Long::longValue).sum() * request.rooms();
            Reservation reservation = new Reservation(UUID.randomUUID(), roomType.hotelId(), roomType.roomTypeId(), guest.guestId().orElseThrow(),
                    request.checkIn(), request.checkOut(), request.rooms(), request.guests(), ReservationStatus.HELD, prices, total, roomType.currency(),
                    now.plus(holdTtl), now, now);
            reservations.insert(connection, reservation);
            outbox.append(connection, List.of(new Outbox.Entry(new ReservationCreated(UUID.randomUUID(), now, now, reservation.hotelId(), reservation.id(),
                    reservation.roomTypeId(), reservation.guestId().toString(), reservation.checkIn(), reservation.checkOut(), reservation.rooms(),
                    total, reservation.currency(), reservation.holdExpiresAt()), reservation.id())));
            StoredResponse response = new StoredResponse(201, Optional.of("/v1/reservations/" + reservation.id()), bytes(reservation));
            keys.complete(connection, guest.idempotencyScope(), key, response);
            return response;
        });
    }

    public Reservation find(Principal caller, UUID id)
    {
        return transactions.run("read reservation", connection -> visible(connection, caller, id, false));
    }

    /** Cancels a hold and releases its nights: a 200 with the reservation, or the answer stored under {@code key}. */
    public StoredResponse cancel(Principal caller, String key, UUID id)
    {
        String path = "/v1/reservations/%s/cancel".formatted(id);
        byte[] requestHash = IdempotencyKeys.requestHash("POST", path, new byte[0]);
        return transactions.run("cancel reservation", connection -> {
            Instant now = clock.instant();
            Optional<StoredResponse> stored = keys.claim(connection, caller.idempotencyScope(), key, requestHash, now);
            if (stored.isPresent()) {
                return stored.get();
            }
            Reservation reservation = visible(connection, caller, id, true);
            if (reservation.status() != ReservationStatus.HELD) {
                throw DomainException.conflict("Reservation[%s] is %s; only a held reservation can be cancelled".formatted(id, reservation.status().databaseName()));
            }
            inventory.releaseHeld(connection, List.of(release(reservation)));
            reservations.setStatus(connection, List.of(id), ReservationStatus.CANCELLED, now);
            String reason = caller.role() == Principal.Role.GUEST ? "guest_cancelled" : "hotel_cancelled";
            outbox.append(connection, List.of(new Outbox.Entry(new ReservationCancelled(UUID.randomUUID(), now, now, reservation.hotelId(), id,
                    reservation.roomTypeId(), 0, reservation.currency(), reason), id)));
            StoredResponse response = new StoredResponse(200, Optional.empty(), bytes(reservation.withStatus(ReservationStatus.CANCELLED, now)));
            keys.complete(connection, caller.idempotencyScope(), key, response);
            return response;
        });
    }

    /**
     * Expires up to {@code limit} holds whose time has come and releases their nights, with one
     * {@code reservation_expired} each, in one transaction; how many. Several instances may run it
     * at once: each takes holds the others have not locked.
     */
    public int expireHolds(int limit)
    {
        return transactions.run("expire holds", connection -> {
            Instant now = clock.instant();
            List<Reservation> holds = reservations.lockExpiredHolds(connection, now, limit);
            if (holds.isEmpty()) {
                return 0;
            }
            inventory.releaseHeld(connection, holds.stream().map(ReservationService::release).toList());
            reservations.setStatus(connection, holds.stream().map(Reservation::id).toList(), ReservationStatus.EXPIRED, now);
            outbox.append(connection, holds.stream()
                    .map(hold -> new Outbox.Entry(new ReservationExpired(UUID.randomUUID(), now, now, hold.hotelId(), hold.id(), hold.roomTypeId()), hold.id()))
                    .toList());
            return holds.size();
        });
    }

    /** Reaps idempotency keys older than {@code retention}, a batch at a time; how many. */
    public int reapIdempotencyKeys(Duration retention, int limit)
    {
        return transactions.run("reap idempotency keys", connection -> keys.reap(connection, clock.instant().minus(retention), limit));
    }

    /** The reservation if the caller may see it: its guest, its hotel's staff, an admin. Anyone else gets the same 404 as for a reservation that does not exist. */
    private Reservation visible(Connection connection, Principal caller, UUID id, boolean lock)
            throws SQLException
    {
        return reservations.find(connection, id, lock)
                .filter(reservation -> caller.guestId().map(reservation.guestId()::equals).orElse(false) || caller.mayManage(reservation.hotelId()))
                .orElseThrow(() -> DomainException.notFound("Reservation[%s] not found".formatted(id)));
    }

    private static InventoryRepository.Release release(Reservation reservation)
    {
        return new InventoryRepository.Release(reservation.roomTypeId(), reservation.checkIn(), reservation.checkOut(), reservation.rooms());
    }

    private byte[] bytes(Object value)
    {
        try {
            return json.writeValueAsBytes(value);
        }
        catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
