package io.hotellambda.booking.web;

import io.hotellambda.http.WebJars;

/** Where pages find their scripts: htmx from its WebJar (at the version on the class path), ours under {@code /assets}. */
public final class Assets
{
    private static final String HTMX = WebJars.base("org.webjars.npm", "htmx.org") + "/dist/htmx.min.js";

    private Assets() {}

    public static String htmx()
    {
        return HTMX;
    }
}
