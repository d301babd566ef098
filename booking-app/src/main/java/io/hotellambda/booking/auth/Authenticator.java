package io.hotellambda.booking.auth;

import io.hotellambda.booking.guests.GuestRepository;
import io.hotellambda.http.ProblemException;
import io.javalin.http.Context;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Turns a request's {@code Authorization: Bearer} header into a {@link Principal}, or a 401/403. */
public final class Authenticator
{
    private final ApiTokenRepository tokens;
    private final GuestRepository guests;

    public Authenticator(ApiTokenRepository tokens, GuestRepository guests)
    {
        this.tokens = tokens;
        this.guests = guests;
    }

    /** The caller, when a valid token was sent; an invalid token is a 401 even where none is needed. */
    public Optional<Principal> optionalPrincipal(Context ctx)
    {
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            return Optional.empty();
        }
        if (headers.size() > 1) {
            // which one a proxy or this server would take is a guess: refuse to make it
            throw ProblemException.badRequest("the request has %s Authorization headers; send one".formatted(headers.size()));
        }
        String header = headers.get(0);
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 7 + 200) {
            throw ProblemException.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        String token = header.substring(7).strip();
        return Optional.of(byToken(token).orElseThrow(() -> ProblemException.unauthorized("the bearer token is unknown or revoked")));
    }

    /** Whose {@code token} is (a guest's, staff's or an admin's), if it is known and not revoked: the header's or a page's cookie's. */
    public Optional<Principal> byToken(String token)
    {
        // every guest token has the guest prefix, so other tokens skip that lookup; a guest's skips
        // api_tokens unless it is not a guest's (a configured admin token may begin the same way)
        return token.startsWith(GuestRepository.TOKEN_PREFIX)
                ? guests.findByToken(token).map(Principal::guest).or(() -> tokens.find(token))
                : tokens.find(token);
    }

    public Principal requirePrincipal(Context ctx)
    {
        return optionalPrincipal(ctx).orElseThrow(() -> ProblemException.unauthorized("this request needs a bearer token"));
    }

    public Principal requireAdmin(Context ctx)
    {
        Principal principal = requirePrincipal(ctx);
        if (principal.role() != Principal.Role.ADMIN) {
            throw ProblemException.forbidden("only an admin token may do this");
        }
        return principal;
    }

    public Principal requireGuest(Context ctx)
    {
        Principal principal = requirePrincipal(ctx);
        if (principal.role() != Principal.Role.GUEST) {
            throw ProblemException.forbidden("only a guest token may do this; register with POST /v1/guests");
        }
        return principal;
    }

    public Principal requireManager(Context ctx, long hotelId)
    {
        Principal principal = requirePrincipal(ctx);
        if (!principal.mayManage(hotelId)) {
            throw ProblemException.forbidden("this token may not modify hotel[%s]".formatted(hotelId));
        }
        return principal;
    }
}
