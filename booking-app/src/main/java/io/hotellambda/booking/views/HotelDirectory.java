package io.hotellambda.booking.views;

import io.hotellambda.booking.catalog.HotelRepository;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is this an active hotel?" for view ingestion without a database round trip per event:
 * known-active ids are cached for a TTL; misses are looked up in one query per request. A hotel
 * deactivated through this process is dropped at once; through another, within the TTL.
 */
public final class HotelDirectory
{
    private static final int MAX_CACHED = 1_000_000;

    private final HotelRepository hotels;
    private final long ttlNanos;
    private final Map<Long, Long> activeUntil = new ConcurrentHashMap<>();

    public HotelDirectory(HotelRepository hotels, Duration ttl)
    {
        this.hotels = hotels;
        this.ttlNanos = ttl.toNanos();
    }

    /** The ids among {@code ids} that are not active hotels. */
    public Set<Long> unknownAmong(Collection<Long> ids)
    {
        long now = System.nanoTime();
        Set<Long> misses = new HashSet<>();
        for (Long id : ids) {
            Long until = activeUntil.get(id);
            if (until == null || until - now < 0) {
                misses.add(id);
            }
        }
        if (misses.isEmpty()) {
            return Set.of();
        }
        Set<Long> active = hotels.activeAmong(misses);
        if (activeUntil.size() > MAX_CACHED) {
            activeUntil.clear();
        }
        active.forEach(id -> activeUntil.put(id, now + ttlNanos));
        misses.removeAll(active);
        return misses;
    }

    public boolean isActive(long id)
    {
        return unknownAmong(List.of(id)).isEmpty();
    }

    public void forget(long id)
    {
        activeUntil.remove(id);
    }
}
