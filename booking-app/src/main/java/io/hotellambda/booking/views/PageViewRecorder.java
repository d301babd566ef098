package io.hotellambda.booking.views;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.HotelViewed;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Records the view that {@code GET /v1/hotels/{id}} is. A page read must not wait for, or fail
 * with, Kafka, so the event is sent without blocking; a send Kafka did not confirm is logged with
 * its event id and counted ({@link #unconfirmedCount()}), never dropped in silence. Unconfirmed is
 * not lost: a send that timed out may still have reached Kafka, so the count is an upper bound.
 * <p>
 * The viewer comes from {@code X-Viewer-Id} (a site's visitor id), else a hash of address and
 * user agent; the country from {@code X-Country} (as a CDN sets it), else ZZ; the device from
 * {@code X-Device}, else the user agent. A header that is not usable (too long, control
 * characters, not an ISO country code) is ignored, not an error: the page still answers.
 */
public final class PageViewRecorder
{
    private static final Logger LOG = LoggerFactory.getLogger(PageViewRecorder.class);

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private final EventPublisher publisher;
    private final Clock clock;
    private final AtomicLong unconfirmed = new AtomicLong();

    public PageViewRecorder(EventPublisher publisher, Clock clock)
    {
        this.publisher = publisher;
        this.clock = clock;
    }

    public void record(Context ctx, long hotelId)
    {
        HotelViewed event = new HotelViewed(UUID.randomUUID(), Instant.ofEpochMilli(clock.millis()), null, hotelId, visitorId(ctx), country(ctx), device(ctx));
        publisher.publishUnwaited(List.of(event), error -> {
            unconfirmed.incrementAndGet();
            LOG.warn("page view {} of hotel {} was not confirmed by Kafka (it may still have been written): {}", event.eventId(), hotelId, error.toString());
        });
    }

    public long unconfirmedCount()
    {
        return unconfirmed.get();
    }

    /** The visitor: {@code X-Viewer-Id} when usable, else a hash of address and user agent. Searches name their searcher the same way. */
    public static String visitorId(Context ctx)
    {
        String header = ctx.header("X-Viewer-Id");
        if (header != null && !header.isBlank() && header.length() <= Checks.MAX_ID_LENGTH && Checks.unprintable(header) == null) {
            return header.strip();
        }
        String userAgent = String.valueOf(ctx.userAgent());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((ctx.ip() + "|" + userAgent).getBytes(StandardCharsets.UTF_8));
            return "anon-" + HexFormat.of().formatHex(digest, 0, 8);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String country(Context ctx)
    {
        String header = ctx.header("X-Country");
        if (header != null && COUNTRY.matcher(header.strip()).matches() && Checks.isIsoCountryCode(header.strip().toUpperCase(Locale.ROOT))) {
            return header.strip().toUpperCase(Locale.ROOT);
        }
        return Checks.UNKNOWN_COUNTRY;
    }

    static String device(Context ctx)
    {
        String header = ctx.header("X-Device");
        if (header != null && Checks.DEVICES.contains(header.strip().toLowerCase(Locale.ROOT))) {
            return header.strip().toLowerCase(Locale.ROOT);
        }
        String userAgent = ctx.userAgent();
        if (userAgent == null) {
            return "other";
        }
        if (userAgent.contains("iPad") || userAgent.contains("Tablet")) {
            return "tablet";
        }
        if (userAgent.contains("Mobi") || userAgent.contains("Android")) {
            return "mobile";
        }
        if (userAgent.contains("Mozilla")) {
            return "desktop";
        }
        return "other";
    }
}
