package io.hotellambda.schemas;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The speed layer's Redis key schema: what the speed layer writes and the serving layer and the
 * audit read. Every key of one hotel carries the hash tag {@code {hotelId}}, so in Redis Cluster a
 * hotel's keys share a slot and one script can update them atomically; every search key of one
 * city the tag {@link #cityTag}. Buckets are UTC
 * {@code received_at} hours ({@code yyyyMMddHH}) or days ({@code yyyyMMdd}). See docs/speed-layer.md.
 */
public enum SpeedCounter
{
    /** STRING: views per hotel per hour. */
    VIEWS("v", Bucket.HOUR),
    /** STRING: views per hotel per day, the sum of the day's {@link #VIEWS} hours: one key where a lookup spans whole days. */
    DAILY_VIEWS("vv", Bucket.DAY),
    /** HyperLogLog: distinct {@code viewer_id} per hotel per hour (PFCOUNT over 24 keys gives a day). */
    VIEWERS("u", Bucket.HOUR),
    /** HASH country code → views per hotel per day. */
    VIEWS_BY_COUNTRY("vc", Bucket.DAY),
    /** HASH device → views per hotel per day. */
    VIEWS_BY_DEVICE("vd", Bucket.DAY),
    /** HASH {@link #bookingField} → a hotel's {@link BookingMetric}s per currency per hour. */
    BOOKINGS("bk", Bucket.HOUR),
    /** HASH {@link #bookingField} → the same per day: the sum of the day's {@link #BOOKINGS} hours. */
    DAILY_BOOKINGS("bkd", Bucket.DAY);

    /** The field of a booking hash: {@code <metric>:<currency>}, such as {@code revenue_cents:EUR}. */
    public static String bookingField(BookingMetric metric, String currency)
    {
        return metric.column() + ":" + currency;
    }

    /** A booking hash's field as (metric, currency); empty for a field no metric names. */
    public static java.util.Optional<java.util.Map.Entry<BookingMetric, String>> parseBookingField(String field)
    {
        int colon = field.indexOf(':');
        if (colon < 0) {
            return java.util.Optional.empty();
        }
        String currency = field.substring(colon + 1);
        return BookingMetric.fromColumn(field.substring(0, colon)).map(metric -> java.util.Map.entry(metric, currency));
    }

    /** HASH streaming query id → the last micro-batch id applied to this hotel's keys. */
    public static String appliedBatches(long hotelId)
    {
        return "applied:{%d}".formatted(hotelId);
    }

    /** Field of the search hashes: first-page searches. */
    public static final String SEARCHES = "searches";
    /** Field of the search hashes: first-page searches answered sold out. */
    public static final String SOLD_OUT = "sold_out";

    /**
     * The hash tag of a city's search keys: {@code {c:<city>}}, the city as {@code search_performed}
     * keys it ({@link SearchPerformed#cityKey}), URL-encoded so no brace or space ends up in a key.
     */
    public static String cityTag(String city)
    {
        return "{c:" + URLEncoder.encode(SearchPerformed.cityKey(city), StandardCharsets.UTF_8) + "}";
    }

    /** HASH {@link #SEARCHES}, {@link #SOLD_OUT}: a city's first-page searches received on a UTC day ({@code yyyyMMdd}). */
    public static String searchesByDay(String city, String day)
    {
        return "sd:" + cityTag(city) + ":" + day;
    }

    /** HASH {@link #SEARCHES}, {@link #SOLD_OUT}: a city's first-page dated searches whose stay holds the night {@code yyyyMMdd}. */
    public static String searchesByStayNight(String city, String night)
    {
        return "sn:" + cityTag(city) + ":" + night;
    }

    /** As {@link #appliedBatches} for a city's search keys. */
    public static String appliedSearchBatches(String city)
    {
        return "applied:" + cityTag(city);
    }

    public enum Bucket
    {
        HOUR("yyyyMMddHH"),
        DAY("yyyyMMdd");

        private final String pattern;
        private final DateTimeFormatter format;

        Bucket(String pattern)
        {
            this.pattern = pattern;
            this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
        }

        /** The bucket {@code time} falls in, e.g. {@code 2026112314} for 14:xx UTC. */
        public String of(Instant time)
        {
            // by hand, not with the formatter: the serving layer names a few keys on every request
            long epochHour = Math.floorDiv(time.getEpochSecond(), 3600);
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochHour, 24));
            int year = day.getYear();
            if (year < 1000 || year > 9999) {
                return format.format(time);
            }
            StringBuilder name = new StringBuilder(10).append(year);
            twoDigits(name, day.getMonthValue());
            twoDigits(name, day.getDayOfMonth());
            if (this == HOUR) {
                twoDigits(name, (int) Math.floorMod(epochHour, 24));
            }
            return name.toString();
        }

        private static void twoDigits(StringBuilder name, int value)
        {
            name.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }

        /** The pattern as Spark SQL's {@code date_format} spells it (the session time zone must be UTC). */
        public String pattern()
        {
            return pattern;
        }
    }

    private final String prefix;
    private final Bucket bucket;

    SpeedCounter(String prefix, Bucket bucket)
    {
        this.prefix = prefix;
        this.bucket = bucket;
    }

    public Bucket bucket()
    {
        return bucket;
    }

    /** The key for the bucket {@code time} falls in. */
    public String key(long hotelId, Instant time)
    {
        return key(hotelId, bucket.of(time));
    }

    /** A SCAN pattern matching this counter's keys for every hotel and bucket. */
    public String keyPattern()
    {
        return prefix + ":{*";
    }

    /** The key for a bucket already formatted ({@link Bucket#of}). */
    public String key(long hotelId, String bucketName)
    {
        return prefix + ":{" + hotelId + "}:" + bucketName;
    }
}
