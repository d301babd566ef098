package io.hotellambda.speed;

import io.hotellambda.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;

/**
 * One local Spark session per test JVM (starting Spark costs seconds), shared by every test class
 * that asks for a {@link SparkSession} parameter, stopped when the JVM's tests end.
 */
public final class TestingSpark
        implements ParameterResolver
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestingSpark.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("spark", key -> new Resource(SparkSessions.builder("speed-layer-tests", "local[2]", Map.of("spark.sql.shuffle.partitions", "2")).getOrCreate()), Resource.class)
                .spark();
    }

    private record Resource(SparkSession spark)
            implements ExtensionContext.Store.CloseableResource
    {
        @Override
        public void close()
        {
            spark.stop();
        }
    }
}
