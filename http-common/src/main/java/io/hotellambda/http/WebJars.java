package io.hotellambda.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where a WebJar's files are served (Javalin's {@code enableWebjars()}): the version comes from the jar on the class path. */
public final class WebJars
{
    private WebJars() {}

    /** {@code /webjars/<artifact>/<version>}, the version read from the WebJar's Maven metadata. */
    public static String base(String group, String artifact)
    {
        Properties properties = new Properties();
        try (InputStream in = WebJars.class.getResourceAsStream("/META-INF/maven/%s/%s/pom.properties".formatted(group, artifact))) {
            if (in == null) {
                throw new IllegalStateException("WebJar %s:%s is not on the class path".formatted(group, artifact));
            }
            properties.load(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "/webjars/%s/%s".formatted(artifact, properties.getProperty("version"));
    }
}
