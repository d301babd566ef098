package io.hotellambda.booking.reservations;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.booking.catalog.BookingSettingsRepository;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.catalog.RoomTypeOnSale;
import io.hotellambda.booking.idempotency.IdempotencyKeys;
import io.hotellambda.booking.idempotency.IdempotencyKeys.StoredResponse;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.inventory.SaleWindow;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.booking.payments.PaymentRepository;
import io.hotellambda.booking.payments.RefundSender;
import io.hotellambda.schemas.DomainException;
import io.hotellambda.schemas.ReservationCancelled;
import io.hotellambda.schemas.ReservationCompleted;
import io.hotellambda.schemas.ReservationCreated;
import io.hotellambda.schemas.ReservationExpired;
import io.hotellambda.schemas.ValidationException;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
    private final BookingSettingsRepository settings;
    private final PaymentRepository payments;
    private final RefundSender refunds;

    public ReservationService(Transactions transactions, HotelRepository hotels, InventoryRepository inventory, ReservationRepository reservations,
            IdempotencyKeys keys, Outbox outbox, ObjectMapper json, Clock clock, Duration holdTtl, SaleWindow saleWindow,
            BookingSettingsRepository settings, PaymentRepository payments, RefundSender refunds)
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
        this.settings = settings;
        this.payments = payments;
        this.refunds = refunds;
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
            Reservation reservation = Reservation.held(UUID.randomUUID(), roomType.hotelId(), roomType.roomTypeId(), guest.guestId().orElseThrow(),
                    request.checkIn(), request.checkOut(), request.rooms(), request.guests(), prices, total, roomType.currency(), now.plus(holdTtl), now);
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
        return transactions.run("read reservation", connection -> visibleTo(connection, caller, id, false));
    }

    /**
     * Cancels a hold (its nights released) or a confirmed stay (its nights released, a refund of
     * what was paid less the hotel's cancellation fee owed and sent): a 200 with the reservation,
     * or the answer stored under {@code key}. A guest pays the fee the policy sets on the hotel's
     * today; a cancellation by the hotel's staff refunds in full.
     */
    public StoredResponse cancel(Principal caller, String key, UUID id)
    {
        String path = "/v1/reservations/%s/cancel".formatted(id);
        byte[] requestHash = IdempotencyKeys.requestHash("POST", path, new byte[0]);
        StoredResponse answer = transactions.run("cancel reservation", connection -> {
            Instant now = clock.instant();
            Optional<StoredResponse> stored = keys.claim(connection, caller.idempotencyScope(), key, requestHash, now);
            if (stored.isPresent()) {
                return stored.get();
            }
            Reservation reservation = visibleTo(connection, caller, id, true);
            boolean byGuest = caller.role() == Principal.Role.GUEST;
            String reason = byGuest ? "guest_cancelled" : "hotel_cancelled";
            Reservation cancelled = switch (reservation.status()) {
                case HELD -> {
                    inventory.releaseHeld(connection, List.of(release(reservation)));
                    yield reservation.ended(ReservationStatus.CANCELLED, 0, 0, now);
                }
                case CONFIRMED -> cancelConfirmed(connection, reservation, byGuest, reason, now);
                default -> throw DomainException.conflict("Reservation[%s] is %s; only a held or confirmed reservation can be cancelled"
                        .formatted(id, reservation.status().databaseName()));
            };
            reservations.update(connection, cancelled);
            outbox.append(connection, List.of(new Outbox.Entry(new ReservationCancelled(UUID.randomUUID(), now, now, reservation.hotelId(), id,
                    reservation.roomTypeId(), cancelled.refundedCents() - reservation.refundedCents(), reservation.currency(), reason), id)));
            StoredResponse response = new StoredResponse(200, Optional.empty(), bytes(cancelled));
            keys.complete(connection, caller.idempotencyScope(), key, response);
            return response;
        });
        refunds.sendPendingQuietly();
        return answer;
    }

    private Reservation cancelConfirmed(Connection connection, Reservation reservation, boolean byGuest, String reason, Instant now)
            throws SQLException
    {
        long refund = confirmedRefund(connection, reservation, byGuest).orElseThrow(() -> DomainException.conflict(
                "Reservation[%s] checked out on %s; a stay that has ended cannot be cancelled".formatted(reservation.id(), reservation.checkOut())));
        inventory.releaseSold(connection, List.of(release(reservation)));
        if (refund > 0) {
            PaymentRepository.Payment payment = payments.byReservation(connection, reservation.id())
                    .orElseThrow(() -> new IllegalStateException("confirmed Reservation[%s] has no payment".formatted(reservation.id())));
            payments.addRefund(connection, reservation.id(), payment.intentId(), refund, reason, now);
        }
        return reservation.ended(ReservationStatus.CANCELLED, reservation.paidCents(), refund, now);
    }

    /**
     * What cancelling a confirmed stay today gives back: what was paid and not yet refunded, less
     * the fee the hotel's policy sets on its today (none when its staff cancel); empty once the
     * stay has checked out, when it can no longer be cancelled.
     */
    private Optional<Long> confirmedRefund(Connection connection, Reservation reservation, boolean byGuest)
            throws SQLException
    {
        ZoneId zone = HotelRepository.roomTypeOnSale(connection, reservation.roomTypeId()).orElseThrow().timeZone();
        LocalDate today = saleWindow.today(zone);
        if (!today.isBefore(reservation.checkOut())) {
            return Optional.empty();
        }
        long fee = byGuest ? settings.find(connection, reservation.hotelId()).cancellationFee(today, reservation.checkIn(), reservation.firstNightCents(), reservation.totalCents()) : 0;
        return Optional.of(Math.max(0, reservation.paidCents() - reservation.refundedCents() - fee));
    }

    /** What cancelling would give back if {@code caller} cancelled now: a quote, nothing changed. */
    public record CancellationQuote(@JsonProperty("reservation_id") UUID id, boolean cancellable, Long refundCents, String currency) {}

    /** {@link #cancel}'s refund, asked before cancelling: a hold gives back nothing (nothing was paid); a stay that ended cannot be cancelled. */
    public CancellationQuote cancellationQuote(Principal caller, UUID id)
    {
        return transactions.run("quote a cancellation", connection -> {
            Reservation reservation = visibleTo(connection, caller, id, false);
            Optional<Long> refund = switch (reservation.status()) {
                case HELD -> Optional.of(0L);
                case CONFIRMED -> confirmedRefund(connection, reservation, caller.role() == Principal.Role.GUEST);
                default -> Optional.empty();
            };
            return new CancellationQuote(id, refund.isPresent(), refund.orElse(null), reservation.currency());
        });
    }

    /**
     * Marks up to {@code limit} confirmed stays whose check-out day has come (hotel-local)
     * {@code completed}, with one {@code reservation_completed} each; how many.
     */
    public int completeStays(int limit)
    {
        return transactions.run("complete stays", connection -> {
            Instant now = clock.instant();
            List<Reservation> stays = reservations.lockCompletable(connection, now, limit);
            for (Reservation stay : stays) {
                reservations.update(connection, stay.ended(ReservationStatus.COMPLETED, stay.paidCents(), 0, now));
                outbox.append(connection, List.of(new Outbox.Entry(new ReservationCompleted(UUID.randomUUID(), now, now, stay.hotelId(), stay.id(),
                        stay.roomTypeId(), stay.totalCents(), stay.currency()), stay.id())));
            }
            return stays.size();
        });
    }

    /** Moves up to {@code limit} terminal reservations unchanged for {@code retention} to the archive; how many. */
    public int archive(Duration retention, int limit)
    {
        return transactions.run("archive reservations", connection -> {
            Instant now = clock.instant();
            return reservations.archive(connection, now.minus(retention), now, limit);
        });
    }

    /** A page of reservations, live and archived, for a guest or a hotel's staff. */
    public List<Reservation> list(ReservationRepository.Query query)
    {
        return transactions.run("list reservations", connection -> reservations.list(connection, query));
    }

    /** A hotel's rooms and revenue on the books per stay night in {@code [from, to)}. */
    public List<ReservationRepository.NightRevenue> revenueByNight(long hotelId, LocalDate from, LocalDate to)
    {
        return transactions.run("read the revenue on the books", connection -> reservations.revenueByNight(connection, hotelId, from, to));
    }

    /** A keyset page and the cursor of the page after it ({@code null} on the last). */
    public record Page(List<Reservation> reservations, String next) {}

    /** Up to {@code query.limit()} reservations, and whether more follow (one more is read to know). */
    public Page page(ReservationRepository.Query query)
    {
        int limit = query.limit();
        List<Reservation> found = list(new ReservationRepository.Query(query.guestId(), query.hotelId(), query.status(), query.from(), query.to(),
                query.after(), limit + 1));
        if (found.size() <= limit) {
            return new Page(found, null);
        }
        List<Reservation> page = found.subList(0, limit);
        return new Page(page, ReservationRepository.Cursor.after(page.get(limit - 1)).toString());
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
                    .map(hold -> new Outbox.Entry(new ReservationExpired(UUID.randomUUID(), now, now, hold.hotelId(), hold.id(), hold.roomTypeId(), hold.currency()), hold.id()))
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
    public Reservation visibleTo(Connection connection, Principal caller, UUID id, boolean lock)
            throws SQLException
    {
        return reservations.find(connection, id, lock)
                .filter(reservation -> caller.guestId().map(reservation.guestId()::equals).orElse(false) || caller.mayManage(reservation.hotelId()))
                .orElseThrow(() -> DomainException.notFound("Reservation[%s] not found".formatted(id)));
    }

    public static InventoryRepository.Release release(Reservation reservation)
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
