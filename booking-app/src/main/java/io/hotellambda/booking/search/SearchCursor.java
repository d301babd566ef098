package io.hotellambda.booking.search;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a page of search results ended: the sort and the last hotel's key in it. The next page
 * holds the hotels whose keys come after it. Opaque to clients (URL-safe Base64), checked when
 * read back: a cursor that does not parse is a 400, never a 500.
 */
public record SearchCursor(SearchSort sort, long[] key)
{
    private static final String VERSION = "s1";

    public String encode()
    {
        String plain = VERSION + "|" + sort.label() + "|" + key[0] + "|" + key[1] + "|" + key[2];
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static SearchCursor decode(String value)
    {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", -1);
            if (parts.length == 5 && parts[0].equals(VERSION)) {
                return new SearchCursor(SearchSort.parse(parts[1]), new long[] {Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4])});
            }
        }
        catch (IllegalArgumentException e) {
            // reported below (NumberFormatException is one)
        }
        throw new ValidationException("query parameter[after]='%s' is not a cursor this search returned (next_after)".formatted(Checks.abbreviate(value)));
    }

    /** Whether {@code other} comes after this cursor's hotel. */
    boolean precedes(long[] other)
    {
        return Arrays.compare(key, other) < 0;
    }

    @Override
    public boolean equals(Object other)
    {
        return other instanceof SearchCursor cursor && cursor.sort == sort && Arrays.equals(cursor.key, key);
    }

    @Override
    public int hashCode()
    {
        return 31 * sort.hashCode() + Arrays.hashCode(key);
    }

    @Override
    public String toString()
    {
        return encode();
    }
}
