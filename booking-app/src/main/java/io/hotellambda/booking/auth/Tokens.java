package io.hotellambda.booking.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens: 256 random bits, stored only as their SHA-256. A fast hash is enough: there is
 * nothing to brute-force, and a stolen table gives no usable token.
 */
public final class Tokens
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** A new token, {@code prefix} then 43 URL-safe characters. */
    public static String newToken(String prefix)
    {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] sha256(String token)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
