package io.hotellambda.booking.web;

import io.hotellambda.booking.auth.Authenticator;
import io.hotellambda.booking.auth.Principal;
import io.hotellambda.http.RequestBodies;
import io.hotellambda.http.ProblemException;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who is on a page, and that a form came from one of ours. A guest's or staff member's token lives
 * in a cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} over HTTPS) that scripts
 * cannot read and other sites' requests do not carry. Every form holds the page's anti-forgery
 * token, which must equal the {@value #CSRF_COOKIE} cookie's (double submit), and a form posted with
 * an {@code Origin} other than this server's is refused whatever it holds.
 */
public final class WebSession
{
    public static final String GUEST_COOKIE = "hl_guest";
    public static final String STAFF_COOKIE = "hl_staff";
    public static final String CSRF_COOKIE = "hl_csrf";
    public static final String CSRF_FIELD = "csrf";
    /** What this site's forms send: none of them uploads a file. */
    private static final int MAX_TOKEN = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Authenticator authenticator;

    public WebSession(Authenticator authenticator)
    {
        this.authenticator = authenticator;
    }

    /** The signed-in guest, if the cookie names one; a stale cookie is dropped. */
    public Optional<Principal> guest(Context ctx)
    {
        return principal(ctx, GUEST_COOKIE).filter(principal -> principal.role() == Principal.Role.GUEST);
    }

    /** The signed-in staff member or admin, if the cookie names one. */
    public Optional<Principal> staff(Context ctx)
    {
        return principal(ctx, STAFF_COOKIE).filter(principal -> principal.role() != Principal.Role.GUEST);
    }

    private Optional<Principal> principal(Context ctx, String cookie)
    {
        String token = ctx.cookie(cookie);
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        Optional<Principal> principal = authenticator.byToken(token);
        if (principal.isEmpty()) {
            ctx.removeCookie(cookie, "/");
        }
        return principal;
    }

    /** Whose token a sign-in form was given, as the API would take it. */
    public Optional<Principal> byToken(String token)
    {
        return authenticator.byToken(token);
    }

    /** Sends the browser to sign in and come back to this page (a GET's path and query). */
    public void redirectToSignIn(Context ctx, String signInPath)
    {
        String back = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
        ctx.redirect(signInPath + "?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    /** Where to go after signing in: a path on this server only, never another site. */
    public static String localPath(String next, String fallback)
    {
        if (next == null || next.isEmpty() || next.length() > 2000 || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return fallback;
        }
        return next;
    }

    public void signIn(Context ctx, String cookie, String token)
    {
        ctx.cookie(cookie(ctx, cookie, token));
    }

    public void signOut(Context ctx, String cookie)
    {
        ctx.removeCookie(cookie, "/");
    }

    /** The anti-forgery token for this browser's forms: the cookie's, or a new one set now. */
    public String csrfToken(Context ctx)
    {
        String existing = ctx.cookie(CSRF_COOKIE);
        if (existing != null && existing.matches("[0-9a-f]{64}")) {
            return existing;
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        ctx.cookie(cookie(ctx, CSRF_COOKIE, token));
        return token;
    }

    /**
     * Refuses (403) a form that did not come from this server's pages: one whose {@code Origin}
     * is another, or whose token is missing or not this browser's; and (415) a body that is not
     * the URL-encoded form these pages send, before any field of it is read.
     */
    public void checkForm(Context ctx)
    {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null") && !sameOrigin(ctx, origin)) {
            throw ProblemException.forbidden("this form was posted from another site (%s); post it from this site's own page".formatted(
                    origin.length() > 100 ? origin.substring(0, 100) : origin));
        }
        RequestBodies.requireContentType(ctx, RequestBodies.FORM);
        String cookie = ctx.cookie(CSRF_COOKIE);
        String field = ctx.formParam(CSRF_FIELD);
        if (cookie == null || field == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8))) {
            throw ProblemException.forbidden("the form's anti-forgery token is missing or stale; reload the page and send the form again");
        }
    }

    private static boolean sameOrigin(Context ctx, String origin)
    {
        try {
            URI uri = URI.create(origin);
            String host = ctx.host();
            return uri.getScheme() != null && uri.getScheme().equals(ctx.scheme()) && host != null && uri.getRawAuthority() != null
                    && uri.getRawAuthority().equalsIgnoreCase(host);
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Cookie cookie(Context ctx, String name, String value)
    {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure("https".equals(ctx.scheme()));
        return cookie;
    }
}
