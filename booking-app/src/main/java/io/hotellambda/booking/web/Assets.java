package io.hotellambda.booking.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where pages find their scripts: htmx from its WebJar (at the version on the class path), ours under {@code /assets}. */
public final class Assets
{
    private static final String HTMX = "/webjars/htmx.org/%s/dist/htmx.min.js".formatted(webJarVersion("org.webjars.npm", "htmx.org"));

    private Assets() {}

    public static String htmx()
    {
        return HTMX;
    }

    /** A WebJar's version, from the Maven metadata inside it. */
    public static String webJarVersion(String group, String artifact)
    {
        String path = "/META-INF/maven/%s/%s/pom.properties".formatted(group, artifact);
        try (InputStream in = Assets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("WebJar %s:%s is not on the class path".formatted(group, artifact));
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
