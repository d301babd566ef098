package io.hotellambda.booking.idempotency;

import io.hotellambda.schemas.DomainException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The owner of {@code idempotency_keys}, after Stripe's design: a key is scoped to its caller; the
 * request that first uses it {@link #claim}s it in the transaction that does the work and
 * {@link #complete}s it there with its answer, so the key, the state change and the stored answer
 * commit together or not at all. A request that fails (a 4xx, an outage) rolls back and stores
 * nothing: retrying it is safe. A concurrent duplicate's claim waits on the first one's
 * uncommitted row (PostgreSQL's unique index) and then replays its answer.
 */
public final class IdempotencyKeys
{
    /** A stored answer: replayed byte for byte. */
    public record StoredResponse(int status, Optional<String> location, byte[] body) {}

    /**
     * Claims {@code key} for a request whose canonical form hashes to {@code requestSha256}: empty
     * when this request is the first (go on and do the work), the stored answer when it was done
     * before, a {@link DomainException.Kind#UNPROCESSABLE} when the key was used for another request.
     */
    public Optional<StoredResponse> claim(Connection connection, String scope, String key, byte[] requestSha256, Instant now)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO idempotency_keys (scope, key, request_sha256, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING")) {
            statement.setString(1, scope);
            statement.setString(2, key);
            statement.setBytes(3, requestSha256);
            statement.setTimestamp(4, Timestamp.from(now));
            if (statement.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        Stored stored = read(connection, scope, key, requestSha256)
                // reaped between the two statements: a client reusing a day-old key
                .orElseThrow(() -> DomainException.conflict("Idempotency-Key is being reused as it expires; retry with a new key"));
        return Optional.of(stored.response().orElseThrow(() -> DomainException.conflict("a request with this Idempotency-Key is still in progress; retry later")));
    }

    /**
     * The stored answer of a key already used for this request, without claiming it: for a call
     * whose checks would refuse a retry once its first answer changed the state (a payment started
     * for a hold that is confirmed by now). A {@link DomainException.Kind#UNPROCESSABLE} when the
     * key was used for another request; empty when unused or still in progress.
     */
    public Optional<StoredResponse> find(Connection connection, String scope, String key, byte[] requestSha256)
            throws SQLException
    {
        return read(connection, scope, key, requestSha256).flatMap(Stored::response);
    }

    /** A key's row: its stored answer, or none while the request is in progress. */
    private record Stored(Optional<StoredResponse> response) {}

    /** The key's row, if any; a {@link DomainException.Kind#UNPROCESSABLE} when it was used for another request. */
    private static Optional<Stored> read(Connection connection, String scope, String key, byte[] requestSha256)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT request_sha256, status, location, body FROM idempotency_keys WHERE scope = ? AND key = ?")) {
            statement.setString(1, scope);
            statement.setString(2, key);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                if (!Arrays.equals(result.getBytes(1), requestSha256)) {
                    throw DomainException.unprocessable("Idempotency-Key was already used for a different request; use a new key for a new request");
                }
                int status = result.getInt(2);
                return Optional.of(new Stored(result.wasNull() ? Optional.empty()
                        : Optional.of(new StoredResponse(status, Optional.ofNullable(result.getString(3)), result.getBytes(4)))));
            }
        }
    }

    /** Stores the answer of the claimed key, in the transaction that claimed it. */
    public void complete(Connection connection, String scope, String key, StoredResponse response)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE idempotency_keys SET status = ?, location = ?, body = ? WHERE scope = ? AND key = ?")) {
            statement.setInt(1, response.status());
            statement.setString(2, response.location().orElse(null));
            statement.setBytes(3, response.body());
            statement.setString(4, scope);
            statement.setString(5, key);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("idempotency key to complete is not claimed");
            }
        }
    }

    /** What a key is bound to: the method, the path and the request's canonical body. */
    public static byte[] requestHash(String method, String path, byte[] canonicalBody)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(canonicalBody);
            return digest.digest();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes up to {@code limit} keys created before {@code before}; how many. */
    public int reap(Connection connection, Instant before, int limit)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(SELECT ctid FROM idempotency_keys WHERE created_at < ? LIMIT ?))")) {
            statement.setTimestamp(1, Timestamp.from(before));
            statement.setInt(2, limit);
            return statement.executeUpdate();
        }
    }

    /** How many keys are kept (the reaper deletes them after the retention), for the metrics. */
    public long count(Connection connection)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM idempotency_keys");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
