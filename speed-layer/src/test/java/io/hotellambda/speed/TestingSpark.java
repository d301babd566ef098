package io.hotellambda.speed;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
                .getOrComputeIfAbsent("spark", key -> new Resource(SparkSessions.create("speed-layer-tests", "local[2]", 2)), Resource.class)
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
