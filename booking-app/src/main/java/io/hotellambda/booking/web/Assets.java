package io.hotellambda.booking.web;

import io.hotellambda.http.WebJars;

/** Where pages find their scripts: htmx and ECharts from their WebJars (at the versions on the class path), ours under {@code /assets}. */
public final class Assets
{
    private static final String HTMX = WebJars.base("org.webjars.npm", "htmx.org") + "/dist/htmx.min.js";

    private static final String ECHARTS = WebJars.base("org.webjars.npm", "echarts") + "/dist/echarts.min.js";

    private Assets() {}

    public static String htmx()
    {
        return HTMX;
    }

    public static String echarts()
    {
        return ECHARTS;
    }
}
