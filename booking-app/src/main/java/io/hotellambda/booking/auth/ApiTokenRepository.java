package io.hotellambda.booking.auth;

import javax.sql.DataSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bearer tokens, stored as their SHA-256. Tokens are 256 random bits, so a fast hash is enough:
 * there is nothing to brute-force, and a stolen table gives no usable token.
 */
public final class ApiTokenRepository
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    public ApiTokenRepository(DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    public Optional<Principal> find(String token)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT role, hotel_id FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            statement.setBytes(1, sha256(token));
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                long hotelId = result.getLong("hotel_id");
                return Optional.of(result.wasNull()
                        ? new Principal(Principal.Role.ADMIN, OptionalLong.empty())
                        : new Principal(Principal.Role.STAFF, OptionalLong.of(hotelId)));
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot look up API token", e);
        }
    }

    /** Registers the configured admin token; a no-op when it is already there. */
    public void ensureAdmin(String token)
    {
        insert(token, "admin", null, "configured admin token");
    }

    /** Creates a staff token for one hotel; the only time the token itself is seen. */
    public String createStaffToken(long hotelId, String label)
    {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "hl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        insert(token, "staff", hotelId, label);
        return token;
    }

    private void insert(String token, String role, Long hotelId, String label)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO api_tokens (token_sha256, role, hotel_id, label) VALUES (?, ?, ?, ?) ON CONFLICT (token_sha256) DO NOTHING")) {
            statement.setBytes(1, sha256(token));
            statement.setString(2, role);
            statement.setObject(3, hotelId);
            statement.setString(4, label);
            statement.executeUpdate();
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot store API token", e);
        }
    }

    private static byte[] sha256(String token)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
