package io.hotellambda.booking.catalog;

import io.hotellambda.schemas.ValidationException;

import io.hotellambda.schemas.Checks;

import java.net.URI;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static io.hotellambda.schemas.Checks.required;
import static io.hotellambda.schemas.Checks.text;

/** The editable fields of a hotel, for create (POST) and full replace (PUT). */
public record HotelRequest(
        String name,
        String city,
        String country,
        String address,
        Integer starRating,
        String timeZone,
        String currency,
        List<String> amenities,
        List<String> imageUrls,
        Boolean isActive,
        String description)
{
    public static final int MAX_DESCRIPTION = 2000;

    private static final Pattern AMENITY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final int MAX_AMENITIES = 50;
    private static final int MAX_IMAGES = 20;
    public static final String DEFAULT_TIME_ZONE = "UTC";
    public static final String DEFAULT_CURRENCY = "EUR";
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    public HotelRequest
    {
        text(name, "name", 200);
        text(city, "city", 100);
        Checks.isoCountryCode(country, "country");
        text(address, "address", 500);
        required(starRating, "star_rating");
        if (starRating < 1 || starRating > 5) {
            throw new ValidationException("field[star_rating] must be 1 to 5, got " + starRating);
        }
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone(timeZone);
        currency = currency == null ? DEFAULT_CURRENCY : currency(currency);
        amenities = amenities == null ? List.of() : amenities.stream().map(HotelRequest::amenity).distinct().toList();
        if (amenities.size() > MAX_AMENITIES) {
            throw new ValidationException("field[amenities] may hold at most %s tags".formatted(MAX_AMENITIES));
        }
        imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
        if (imageUrls.size() > MAX_IMAGES) {
            throw new ValidationException("field[image_urls] may hold at most %s URLs".formatted(MAX_IMAGES));
        }
        imageUrls.forEach(HotelRequest::checkImageUrl);
        isActive = isActive == null || isActive;
        description = description == null || description.isEmpty() ? "" : text(description, "description", MAX_DESCRIPTION);
    }

    /** An IANA region name ({@code Europe/Amsterdam}) or UTC; not a fixed offset, which knows no daylight saving time. */
    private static String timeZone(String zone)
    {
        text(zone, "time_zone", 64);
        if (!ZONES.contains(zone)) {
            throw new ValidationException("field[time_zone] '%s' is not an IANA time zone such as Europe/Amsterdam".formatted(Checks.abbreviate(zone)));
        }
        return zone;
    }

    private static String currency(String code)
    {
        Checks.currencyCode(code, "currency");
        try {
            Currency.getInstance(code);
        }
        catch (IllegalArgumentException e) {
            throw new ValidationException("field[currency] '%s' is not an ISO 4217 currency".formatted(code));
        }
        return code;
    }

    public static String amenity(String tag)
    {
        String normalized = required(tag, "amenities[]").strip().toLowerCase(Locale.ROOT);
        if (!AMENITY.matcher(normalized).matches()) {
            throw new ValidationException("field[amenities] tag '%s' must match %s".formatted(Checks.abbreviate(tag), AMENITY));
        }
        return normalized;
    }

    private static void checkImageUrl(String url)
    {
        text(url, "image_urls[]", 2000);
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ValidationException("field[image_urls] entry '%s' must be an absolute http(s) URL".formatted(Checks.abbreviate(url)));
        }
    }
}
