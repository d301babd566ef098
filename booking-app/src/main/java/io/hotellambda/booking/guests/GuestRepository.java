package io.hotellambda.booking.guests;

import io.hotellambda.booking.Databases;
import io.hotellambda.booking.auth.Tokens;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** The owner of {@code guests}: a guest's e-mail, name, and bearer token (stored as its SHA-256). */
public final class GuestRepository
{
    /** Every guest token begins with this; staff tokens with {@code hl_}. */
    public static final String TOKEN_PREFIX = "hg_";

    private final DataSource dataSource;

    public GuestRepository(DataSource dataSource)
    {
        this.dataSource = dataSource;
    }

    /** A new guest and the token that proves it is them: the only time the token is seen. */
    public record RegisteredGuest(UUID guestId, String token, String email, String name) {}

    public RegisteredGuest register(GuestRequest request)
    {
        UUID id = UUID.randomUUID();
        String token = Tokens.newToken(TOKEN_PREFIX);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO guests (id, email, name, token_sha256) VALUES (?, ?, ?, ?)")) {
            statement.setObject(1, id);
            statement.setString(2, request.email());
            statement.setString(3, request.name());
            statement.setBytes(4, Tokens.sha256(token));
            statement.executeUpdate();
            return new RegisteredGuest(id, token, request.email(), request.name());
        }
        catch (SQLException e) {
            throw Databases.failure("cannot register the guest", e);
        }
    }

    /** The guest a token belongs to. */
    public Optional<UUID> findByToken(String token)
    {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT id FROM guests WHERE token_sha256 = ?")) {
            statement.setBytes(1, Tokens.sha256(token));
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getObject(1, UUID.class)) : Optional.empty();
            }
        }
        catch (SQLException e) {
            throw Databases.failure("cannot look up the guest token", e);
        }
    }
}
