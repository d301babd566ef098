package io.hotellambda.booking.auth;

import io.hotellambda.booking.Databases;
import io.hotellambda.schemas.DomainException;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The owner of {@code api_tokens}: admin and staff bearer tokens, stored as their SHA-256 ({@link Tokens}). */
public final class ApiTokenRepository
{
    private final DataSource dataSource;

    public ApiTokenRepository(DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    public Optional<Principal> find(String token)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT role, hotel_id FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL")) {
            statement.setBytes(1, Tokens.sha256(token));
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                long hotelId = result.getLong("hotel_id");
                return Optional.of(result.wasNull() ? Principal.admin() : Principal.staff(hotelId));
            }
        }
        catch (SQLException e) {
            throw Databases.failure("cannot look up the API token", e);
        }
    }

    /** Registers the configured admin token; a no-op when it is already there. */
    public void ensureAdmin(String token)
    {
        insert(token, "admin", null, "configured admin token");
    }

    /** A staff token as it was issued: the token itself is in it only when it is created. */
    public record StaffToken(long id, long hotelId, String label, Instant createdAt, Instant revokedAt) {}

    /** A new staff token and its id; the only time the token itself is seen. */
    public record IssuedToken(String token, StaffToken staffToken) {}

    /** Creates a staff token for one hotel. */
    public IssuedToken createStaffToken(long hotelId, String label)
    {
        String token = Tokens.newToken("hl_");
        return new IssuedToken(token, insert(token, "staff", hotelId, label).orElseThrow());
    }

    /** The hotel's staff tokens, newest first, revoked ones included. */
    public List<StaffToken> staffTokens(long hotelId)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + STAFF_TOKEN_COLUMNS + " FROM api_tokens WHERE role = 'staff' AND hotel_id = ? ORDER BY id DESC")) {
            statement.setLong(1, hotelId);
            List<StaffToken> tokens = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    tokens.add(staffToken(result));
                }
            }
            return tokens;
        }
        catch (SQLException e) {
            throw Databases.failure("cannot list the staff tokens of hotel[%s]".formatted(hotelId), e);
        }
    }

    /**
     * Revokes one of the hotel's staff tokens: from the next request on it is a 401 (tokens are
     * looked up per request, not cached). Revoking a revoked token changes nothing.
     */
    public StaffToken revokeStaffToken(long hotelId, long tokenId)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE role = 'staff' AND hotel_id = ? AND id = ? RETURNING " + STAFF_TOKEN_COLUMNS)) {
            statement.setLong(1, hotelId);
            statement.setLong(2, tokenId);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw DomainException.notFound("StaffToken[%s] for hotel[%s] not found".formatted(tokenId, hotelId));
                }
                return staffToken(result);
            }
        }
        catch (SQLException e) {
            throw Databases.failure("cannot revoke staff token[%s]".formatted(tokenId), e);
        }
    }

    private static final String STAFF_TOKEN_COLUMNS = "id, hotel_id, label, created_at, revoked_at";

    private static StaffToken staffToken(ResultSet result)
            throws SQLException
    {
        Timestamp revokedAt = result.getTimestamp("revoked_at");
        return new StaffToken(result.getLong("id"), result.getLong("hotel_id"), result.getString("label"),
                result.getTimestamp("created_at").toInstant(), revokedAt == null ? null : revokedAt.toInstant());
    }

    private Optional<StaffToken> insert(String token, String role, Long hotelId, String label)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO api_tokens (token_sha256, role, hotel_id, label) VALUES (?, ?, ?, ?) ON CONFLICT (token_sha256) DO NOTHING RETURNING "
                                + STAFF_TOKEN_COLUMNS)) {
            statement.setBytes(1, Tokens.sha256(token));
            statement.setString(2, role);
            statement.setObject(3, hotelId);
            statement.setString(4, label);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && hotelId != null ? Optional.of(staffToken(result)) : Optional.empty();
            }
        }
        catch (SQLException e) {
            throw Databases.failure("cannot store the API token", e);
        }
    }
}
