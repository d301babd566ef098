package io.hotellambda.http;

import io.hotellambda.schemas.ValidationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stripe's webhook signature scheme, one place for the signer (the sandbox provider) and the
 * verifier (booking-app's adapter): the header is {@code t=<unix seconds>,v1=<hex>} where
 * {@code v1 = HMAC-SHA256(secret, t + "." + raw body)}; several {@code v1} may be sent while a
 * secret rolls. A signature is good when one {@code v1} matches (compared in constant time) and
 * {@code t} is within the tolerance of now, either way (a replay of an old delivery is refused).
 */
public final class WebhookSignatures
{
    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    private static final int MAX_HEADER_LENGTH = 2000;

    /** Why a signature was refused: a 400, and nothing changes. */
    public static final class InvalidSignatureException
            extends ValidationException
    {
        public InvalidSignatureException(String message)
        {
            super(message);
        }
    }

    private WebhookSignatures() {}

    public static String header(String secret, Instant at, byte[] body)
    {
        long t = at.getEpochSecond();
        return "t=%s,v1=%s".formatted(t, HexFormat.of().formatHex(mac(secret, t, body)));
    }

    /** Returns the signed timestamp when {@code header} signs {@code body} with {@code secret} within {@code tolerance} of {@code now}. */
    public static Instant verify(String secret, String header, byte[] body, Instant now, Duration tolerance)
    {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("the signature header is missing");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new InvalidSignatureException("the signature header is over %s characters".formatted(MAX_HEADER_LENGTH));
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = part.substring(0, equals).strip();
            String value = part.substring(equals + 1).strip();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                }
                catch (NumberFormatException e) {
                    throw new InvalidSignatureException("the signature's t is not a number of seconds");
                }
            }
            else if (name.equals("v1")) {
                try {
                    signatures.add(HexFormat.of().parseHex(value));
                }
                catch (IllegalArgumentException e) {
                    // not hex: it matches nothing
                }
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new InvalidSignatureException("the signature header must be t=<seconds>,v1=<hex HMAC-SHA256>");
        }
        // in whole seconds, so that no t, however far off, overflows an Instant or a Duration
        long nowSeconds = now.getEpochSecond();
        if (timestamp < nowSeconds - tolerance.toSeconds() || timestamp > nowSeconds + tolerance.toSeconds()) {
            throw new InvalidSignatureException("the signature's timestamp is more than %s s from now".formatted(tolerance.toSeconds()));
        }
        byte[] expected = mac(secret, timestamp, body);
        boolean matched = false;
        for (byte[] signature : signatures) {
            // no early exit: every candidate is compared, each in constant time
            matched |= MessageDigest.isEqual(expected, signature);
        }
        if (!matched) {
            throw new InvalidSignatureException("no v1 signature matches the body");
        }
        return Instant.ofEpochSecond(timestamp);
    }

    private static byte[] mac(String secret, long timestamp, byte[] body)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
