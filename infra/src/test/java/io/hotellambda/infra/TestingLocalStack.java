package io.hotellambda.infra;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real local stack per test JVM, shared by every test class that asks for it:
 * {@code @ExtendWith(TestingLocalStack.class)} and a {@link LocalStack} parameter. It starts on
 * first use in a fresh temporary directory with free ports, and stops when the JVM's tests end.
 */
public final class TestingLocalStack
        implements ParameterResolver
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestingLocalStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        return stack(context);
    }

    /** The JVM's stack, for another extension whose fixture needs it. */
    public static LocalStack stack(ExtensionContext context)
    {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("stack", key -> Resource.start(), Resource.class)
                .stack();
    }

    /** Test resources shared across test classes; binaries are cached across runs. */
    public static Path binaryCache()
    {
        return Path.of(System.getProperty("java.io.tmpdir"), "hotel-lambda-cache-" + System.getProperty("user.name"));
    }

    private record Resource(LocalStack stack, Path directory)
            implements ExtensionContext.Store.CloseableResource
    {
        static Resource start()
        {
            try {
                Path directory = Files.createTempDirectory("hotel-lambda-test-");
                return new Resource(LocalStack.start(LocalStackConfig.forTests(directory, binaryCache())), directory);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close()
                throws IOException
        {
            stack.close();
            Binaries.deleteRecursively(directory);
        }
    }
}
