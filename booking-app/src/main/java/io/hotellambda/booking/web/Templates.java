package io.hotellambda.booking.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * The pages' templates ({@code src/main/jte}, compiled to classes at build time by jte's Maven
 * plugin, so nothing is compiled while serving), every value HTML-escaped by jte unless a
 * template says otherwise. Each page is sent with headers that keep it out of caches and frames.
 */
public final class Templates
{
    private static final String POLICY = "default-src 'self'; img-src 'self' http: https: data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** {@code template} (its path under {@code src/main/jte}) rendered with its one parameter, {@code view}. */
    public String render(String template, Object view)
    {
        StringOutput output = new StringOutput();
        engine.render(template, view, output);
        return output.toString();
    }

    public void send(Context ctx, String template, Object view)
    {
        headers(ctx);
        ctx.html(render(template, view));
    }

    public static void headers(Context ctx)
    {
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", POLICY);
    }
}
