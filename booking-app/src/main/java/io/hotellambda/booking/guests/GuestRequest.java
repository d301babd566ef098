package io.hotellambda.booking.guests;

import io.hotellambda.schemas.Checks;
import io.hotellambda.schemas.ValidationException;

import java.util.regex.Pattern;

import static io.hotellambda.schemas.Checks.text;

/** A guest registering: an e-mail address to be told about bookings, and a name. */
public record GuestRequest(String email, String name)
{
    // deliberately loose (RFC 5322 is not a regex): one @, something on each side, a dot in the domain, no spaces
    /**
     * local@domain.tld, without white space or the characters mail headers give a meaning to
     * (quotes, brackets, commas, semicolons, backslashes): an address a mail library parses as one.
     */
    public static final Pattern EMAIL = Pattern.compile("[^@\\s\"(),:;<>\\[\\]\\\\]{1,64}@[^@\\s\"(),:;<>\\[\\]\\\\]+\\.[^@\\s\"(),:;<>\\[\\]\\\\]+");

    public GuestRequest
    {
        text(email, "email", 254);
        if (!EMAIL.matcher(email).matches()) {
            throw new ValidationException("field[email] '%s' is not an e-mail address".formatted(Checks.abbreviate(email)));
        }
        text(name, "name", 200);
    }
}
