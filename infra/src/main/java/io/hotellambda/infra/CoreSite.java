package io.hotellambda.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hadoop {@code core-site.xml}, as a {@code HADOOP_CONF_DIR} holds it: how a JVM started by a
 * test learns where HDFS or S3 is ({@link HdfsProcess#hadoopSettings}, {@link S3Server#hadoopSettings})
 * the way a deployment tells it, from the directory first on its classpath.
 */
public final class CoreSite
{
    private CoreSite() {}

    /** Writes {@code directory/core-site.xml} holding {@code settings}; the directory. */
    public static Path write(Path directory, Map<String, String> settings)
            throws IOException
    {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        settings.forEach((name, value) -> xml.append("  <property><name>%s</name><value>%s</value></property>\n".formatted(name, value)));
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("core-site.xml"), xml.append("</configuration>\n").toString());
        return directory;
    }
}
