package io.hotellambda.booking.pricing;

import io.hotellambda.booking.Databases;
import io.hotellambda.booking.Transactions;
import io.hotellambda.booking.catalog.HotelRepository;
import io.hotellambda.booking.inventory.InventoryRepository;
import io.hotellambda.booking.outbox.Outbox;
import io.hotellambda.schemas.RoomPricesChanged;
import io.hotellambda.schemas.ServingTables;
import io.hotellambda.schemas.SupplyDemandTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Automatic pricing: the room types that opted in ({@code auto_pricing}) get the newest published
 * supply and demand day's suggested prices ({@code serving.supply_demand}, through its owner
 * {@link SupplyDemandTables}) on the nights from their hotel's today on that are on sale with a
 * room left ({@link InventoryRepository#reprice}), clamped again to the room type's bounds as
 * they are now (they may have changed since the nightly snapshot). Each room type changes in one
 * transaction with its {@link RoomPricesChanged} event in the outbox. A day is applied once: it
 * is recorded in {@code auto_pricing_days} (owned here) after all its room types, and a run cut
 * off before that applies it again, changing only what still differs. A reservation keeps the
 * prices it was made at (it copied them when it was held), so no sold night changes price.
 */
public final class AutoPricing
{
    private static final Logger LOG = LoggerFactory.getLogger(AutoPricing.class);

    /** Where the published suggestions are read: booking-app's own database, or the serving database. */
    public interface Suggestions
    {
        Connection connect()
                throws SQLException;
    }

    /** A day applied: how many room types were priced and how many of their nights changed. */
    public record Applied(LocalDate asOf, int roomTypes, int nightsChanged) {}

    private final Transactions transactions;
    private final Suggestions suggestions;
    private final InventoryRepository inventory;
    private final Outbox outbox;
    private final Clock clock;
    private boolean missingTablesLogged;

    public AutoPricing(Transactions transactions, Suggestions suggestions, InventoryRepository inventory, Outbox outbox, Clock clock)
    {
        this.transactions = transactions;
        this.suggestions = suggestions;
        this.inventory = inventory;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Applies the newest published day unless it was applied already; empty when there was nothing to apply. */
    public Optional<Applied> applyNewest()
    {
        List<HotelRepository.AutoPriced> roomTypes = transactions.run("read the automatically priced room types", HotelRepository::autoPriced);
        if (roomTypes.isEmpty()) {
            return Optional.empty();
        }
        Optional<Published> published = published(roomTypes);
        if (published.isEmpty() || transactions.run("read the applied pricing days", connection -> applied(connection, published.get().asOf()))) {
            return Optional.empty();
        }
        LocalDate asOf = published.get().asOf();
        int changed = 0;
        for (HotelRepository.AutoPriced roomType : roomTypes) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), roomType.timeZone());
            Map<LocalDate, Long> prices = new TreeMap<>();
            String model = null;
            for (Map<String, Object> row : published.get().rows().getOrDefault(roomType.roomTypeId(), List.of())) {
                LocalDate night = (LocalDate) row.get("stay_date");
                if (!night.isBefore(today)) {
                    long suggested = ((Number) row.get("suggested_price_cents")).longValue();
                    prices.put(night, Math.max(roomType.priceMinCents(), Math.min(roomType.priceMaxCents(), suggested)));
                    model = (String) row.get("model");
                }
            }
            String madeBy = model;
            changed += transactions.run("apply the suggested prices", connection -> apply(connection, roomType, asOf, madeBy, prices));
        }
        Applied applied = new Applied(asOf, roomTypes.size(), changed);
        transactions.run("record the applied pricing day", connection -> record(connection, applied));
        LOG.info("automatic pricing applied the suggestions of {}: {} room types, {} nights changed", asOf, applied.roomTypes(), applied.nightsChanged());
        return Optional.of(applied);
    }

    private record Published(LocalDate asOf, Map<Long, List<Map<String, Object>>> rows) {}

    /**
     * The newest published suggested prices of one room type's nights in {@code [from, to)}, for
     * staff to see beside the prices they set: an empty map before any are published, empty
     * when the suggestions' database cannot be read now (the calendar shows its own numbers
     * without them).
     */
    public Optional<Map<LocalDate, Long>> suggestedPrices(long roomTypeId, LocalDate from, LocalDate to)
    {
        try (Connection connection = suggestions.connect()) {
            Optional<LocalDate> asOf = SupplyDemandTables.newest(connection);
            Map<LocalDate, Long> prices = new TreeMap<>();
            if (asOf.isPresent()) {
                for (Map<String, Object> row : SupplyDemandTables.suggestions(connection, asOf.get(), List.of(roomTypeId), from)) {
                    LocalDate night = (LocalDate) row.get("stay_date");
                    if (night.isBefore(to)) {
                        prices.put(night, ((Number) row.get("suggested_price_cents")).longValue());
                    }
                }
            }
            return Optional.of(prices);
        }
        catch (SQLException e) {
            if (ServingTables.notPublishedYet(e)) {
                return Optional.of(Map.of());
            }
            LOG.warn("cannot read the suggested prices for the staff calendar: {}", e.toString());
            return Optional.empty();
        }
    }

    private Optional<Published> published(List<HotelRepository.AutoPriced> roomTypes)
    {
        // the earliest today of any hotel: each room type then drops the nights before its own
        LocalDate from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
        try (Connection connection = suggestions.connect()) {
            // asked first, as this polls: a missing table would be an error in PostgreSQL's log at every round
            if (!ServingTables.created(connection, "serving.supply_demand_days")) {
                nothingPublished("no serving.supply_demand_days");
                return Optional.empty();
            }
            Optional<LocalDate> asOf = SupplyDemandTables.newest(connection);
            if (asOf.isEmpty()) {
                nothingPublished("no day in serving.supply_demand_days");
                return Optional.empty();
            }
            Map<Long, List<Map<String, Object>>> rows = new HashMap<>();
            for (Map<String, Object> row : SupplyDemandTables.suggestions(connection, asOf.get(),
                    roomTypes.stream().map(HotelRepository.AutoPriced::roomTypeId).toList(), from)) {
                rows.computeIfAbsent(((Number) row.get("room_type_id")).longValue(), id -> new java.util.ArrayList<>()).add(row);
            }
            return Optional.of(new Published(asOf.get(), rows));
        }
        catch (SQLException e) {
            if (ServingTables.notPublishedYet(e)) {
                nothingPublished(e.getMessage());
                return Optional.empty();
            }
            throw Databases.failure("read the suggested prices", e);
        }
    }

    /** Said once: why automatic pricing changes nothing yet. */
    private void nothingPublished(String why)
    {
        if (!missingTablesLogged) {
            LOG.info("automatic pricing: no supply and demand published in this database yet ({})", why);
            missingTablesLogged = true;
        }
    }

    private int apply(Connection connection, HotelRepository.AutoPriced roomType, LocalDate asOf, String model, Map<LocalDate, Long> prices)
            throws SQLException
    {
        List<InventoryRepository.Repriced> changed = inventory.reprice(connection, roomType.roomTypeId(), prices);
        for (int from = 0; from < changed.size(); from += RoomPricesChanged.MAX_NIGHTS) {
            Instant now = clock.instant();
            List<RoomPricesChanged.NightPrice> nights = changed.subList(from, Math.min(changed.size(), from + RoomPricesChanged.MAX_NIGHTS)).stream()
                    .map(night -> new RoomPricesChanged.NightPrice(night.date(), night.oldPriceCents(), night.newPriceCents()))
                    .toList();
            outbox.append(connection, List.of(new Outbox.Entry(new RoomPricesChanged(UUID.randomUUID(), now, now, roomType.hotelId(), roomType.roomTypeId(),
                    roomType.currency(), asOf, model, nights), UUID.nameUUIDFromBytes(("room-type:" + roomType.roomTypeId()).getBytes(StandardCharsets.UTF_8)))));
        }
        return changed.size();
    }

    private static boolean applied(Connection connection, LocalDate asOf)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM auto_pricing_days WHERE as_of_date = ?")) {
            statement.setObject(1, asOf);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private Void record(Connection connection, Applied applied)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO auto_pricing_days (as_of_date, applied_at, room_types, nights_changed) VALUES (?, ?, ?, ?)
                ON CONFLICT (as_of_date) DO NOTHING""")) {
            statement.setObject(1, applied.asOf());
            statement.setTimestamp(2, Timestamp.from(clock.instant()));
            statement.setInt(3, applied.roomTypes());
            statement.setInt(4, applied.nightsChanged());
            statement.executeUpdate();
        }
        return null;
    }
}
