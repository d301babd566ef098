package io.hotellambda.booking.search;

import io.hotellambda.booking.inventory.Stay;
import io.hotellambda.schemas.SearchPerformed;
import io.hotellambda.schemas.ValidationException;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Hotel search: the matches and offers from {@link SearchRepository}, the cheapest fitting room
 * type of each hotel, popularity from the serving layer, the order and the page; then the
 * {@code search_performed} event for what was asked and shown.
 */
public final class SearchService
{
    // the calendar dates somewhere on Earth now: the earliest (UTC-12) and the latest (UTC+14)
    private static final ZoneId EARLIEST = ZoneId.of("Etc/GMT+12");
    private static final ZoneId LATEST = ZoneId.of("Pacific/Kiritimati");

    /** The cheapest room type of a hotel that fits the party (and, dated, is free every night, within the price range). */
    public record Offer(long roomTypeId, String roomType, int guestsPerRoom, List<Long> nightPricesCents, long nightlyCents, long totalCents) {}

    /** One hotel of a page; {@code recent_views} (merged views over the last 7 days) is null when the serving layer gave no popularity. */
    public record Result(long id, String name, String city, String country, int starRating, List<String> amenities, String currency,
            int relevance, Long recentViews, Offer offer) {}

    /**
     * A page of results. {@code result_count} counts every hotel that matched (up to
     * {@link SearchRepository#MAX_MATCHES}); {@code sold_out} says a dated search found hotels
     * with rooms for the party but none free on every night; {@code popularity} is
     * {@code merged} (views over the last 7 days ranked the results), or {@code unavailable}
     * (the serving layer did not answer: ranked without it, and {@code degraded}).
     */
    public record Page(LocalDate checkIn, LocalDate checkOut, int rooms, int guests, String sort, int resultCount, boolean soldOut,
            String popularity, boolean degraded, List<Result> hotels, String nextAfter) {}

    private final SearchRepository repository;
    private final Popularity popularity;
    private final SearchRecorder recorder;
    private final Clock clock;
    private final int horizonDays;

    public SearchService(SearchRepository repository, Popularity popularity, SearchRecorder recorder, Clock clock, int horizonDays)
    {
        this.repository = repository;
        this.popularity = popularity;
        this.recorder = recorder;
        this.clock = clock;
        this.horizonDays = horizonDays;
    }

    public Page search(SearchRequest request, String searcherId)
    {
        Instant now = clock.instant();
        request.stay().ifPresent(stay -> checkOnSale(stay, now));
        List<SearchRepository.Match> matches = repository.match(request);
        long[] ids = matches.stream().mapToLong(SearchRepository.Match::id).toArray();
        Map<Long, List<SearchRepository.Offer>> offersByHotel = new HashMap<>();
        for (SearchRepository.Offer offer : repository.offers(ids, request)) {
            offersByHotel.computeIfAbsent(offer.hotelId(), id -> new ArrayList<>()).add(offer);
        }
        boolean anyFitting = false;
        boolean anyFree = false;
        List<SearchRepository.Match> listed = new ArrayList<>();
        Map<Long, Offer> best = new HashMap<>();
        for (SearchRepository.Match match : matches) {
            List<SearchRepository.Offer> offers = offersByHotel.getOrDefault(match.id(), List.of());
            List<SearchRepository.Offer> free = offers.stream().filter(offer -> free(offer, match, request, now)).toList();
            anyFitting |= !offers.isEmpty();
            anyFree |= !free.isEmpty();
            cheapest(free, request).ifPresent(offer -> {
                listed.add(match);
                best.put(match.id(), offer);
            });
        }
        Popularity.Views views = popularity.of(listed.stream().mapToLong(SearchRepository.Match::id).toArray());
        SearchSort sort = request.sort();
        Map<Long, long[]> keys = new HashMap<>();
        for (SearchRepository.Match match : listed) {
            keys.put(match.id(), sort.key(match.relevance(), views.of(match.id()), best.get(match.id()).nightlyCents(), match.stars(), match.id()));
        }
        List<SearchRepository.Match> ranked = listed.stream()
                .filter(match -> request.after().map(cursor -> cursor.precedes(keys.get(match.id()))).orElse(true))
                .sorted(Comparator.comparing(match -> keys.get(match.id()), Arrays::compare))
                .toList();
        List<SearchRepository.Match> page = ranked.subList(0, Math.min(request.limit(), ranked.size()));
        String nextAfter = ranked.size() > page.size() ? new SearchCursor(sort, keys.get(page.get(page.size() - 1).id())).encode() : null;
        List<Result> results = page.stream()
                .map(match -> new Result(match.id(), match.name(), match.city(), match.country(), match.stars(), match.amenities(), match.currency(),
                        match.relevance(), views.available() ? views.of(match.id()) : null, best.get(match.id())))
                .toList();
        boolean soldOut = request.stay().isPresent() && listed.isEmpty() && anyFitting && !anyFree;
        recorder.record(event(request, searcherId, now, matches, listed.size(), results, soldOut));
        Stay stay = request.stay().orElse(null);
        return new Page(stay == null ? null : stay.checkIn(), stay == null ? null : stay.checkOut(), request.rooms(), request.guests(), sort.label(),
                listed.size(), soldOut, views.available() ? "merged" : "unavailable", views.degraded(), results, nextAfter);
    }

    /**
     * Whether the room type can be sold to the party: undated, always (SQL kept those that fit);
     * dated, when every night of the stay is open with the rooms free, and the stay does not
     * begin before the hotel's own today (such a night is no longer on sale).
     */
    private static boolean free(SearchRepository.Offer offer, SearchRepository.Match match, SearchRequest request, Instant now)
    {
        return request.stay()
                .map(stay -> offer.nights() == stay.nights() && offer.free() >= request.rooms()
                        && !stay.checkIn().isBefore(LocalDate.ofInstant(now, match.timeZone())))
                .orElse(true);
    }

    /** The free room type with the lowest total whose average nightly price is in the asked range. */
    private static Optional<Offer> cheapest(List<SearchRepository.Offer> free, SearchRequest request)
    {
        Offer cheapest = null;
        for (SearchRepository.Offer offer : free) {
            long stayCents = offer.stayCents();
            long nightly = Math.round((double) stayCents / offer.nightPricesCents().length);
            if (request.priceInRange(nightly) && (cheapest == null || stayCents * request.rooms() < cheapest.totalCents())) {
                cheapest = new Offer(offer.roomTypeId(), offer.name(), offer.guestsPerRoom(),
                        Arrays.stream(offer.nightPricesCents()).boxed().toList(), nightly, stayCents * request.rooms());
            }
        }
        return Optional.ofNullable(cheapest);
    }

    /** Dates that are past or beyond the horizon everywhere on Earth are a 400; a hotel's own today is applied in {@link #free}. */
    private void checkOnSale(Stay stay, Instant now)
    {
        LocalDate earliestToday = LocalDate.ofInstant(now, EARLIEST);
        if (stay.checkIn().isBefore(earliestToday)) {
            throw new ValidationException("query parameter[check_in] %s is in the past".formatted(stay.checkIn()));
        }
        LocalDate end = LocalDate.ofInstant(now, LATEST).plusDays(horizonDays);
        if (stay.checkOut().isAfter(end)) {
            throw new ValidationException("query parameter[check_out] %s is past the booking horizon: nights are on sale up to %s".formatted(stay.checkOut(), end));
        }
    }

    private static SearchPerformed event(SearchRequest request, String searcherId, Instant now, List<SearchRepository.Match> matches, int resultCount,
            List<Result> shown, boolean soldOut)
    {
        String city = request.city()
                .map(asked -> matches.isEmpty() ? searchText(asked) : matches.get(0).cityKey())
                .orElse(SearchPerformed.ANY_CITY);
        Stay stay = request.stay().orElse(null);
        return new SearchPerformed(UUID.randomUUID(), now, null, searcherId, city, request.query().orElse(null),
                stay == null ? null : stay.checkIn(), stay == null ? null : stay.checkOut(), request.rooms(), request.guests(),
                request.minPriceCents().orElse(null), request.maxPriceCents().orElse(null), request.stars().orElse(null), request.minStars().orElse(null),
                request.amenities(), request.sort().label(), request.after().isEmpty(), resultCount, shown.stream().map(Result::id).toList(), soldOut);
    }

    /** As SQL's {@code search_text} spells a city that matched none: accents off, lower case, single spaces. */
    static String searchText(String value)
    {
        String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return decomposed.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
