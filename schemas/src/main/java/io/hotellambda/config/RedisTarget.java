package io.hotellambda.config;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Where the counters live: one Redis server ({@code redis://host:port}, with an optional
 * password in the URI) or a Redis Cluster (its seed nodes, {@code host:port}). Serializable, so
 * Spark executors open their own connections from it.
 */
public record RedisTarget(URI uri, List<String> clusterNodes, Duration timeout)
        implements Serializable
{
    public RedisTarget
    {
        requireNonNull(uri, "uri is null");
        clusterNodes = List.copyOf(clusterNodes);
        clusterNodes.forEach(RedisTarget::hostAndPort);
        if (!uri.getScheme().equals("redis") && !uri.getScheme().equals("rediss")) {
            throw new IllegalArgumentException("redis.uri[%s] must start with redis:// or rediss://".formatted(uri));
        }
    }

    public boolean isCluster()
    {
        return !clusterNodes.isEmpty();
    }

    /** The {@code redis.uri}, {@code redis.cluster.nodes} and {@code redis.timeout} settings. */
    public static RedisTarget load(Settings settings, Duration defaultTimeout)
    {
        String clusterNodes = settings.string("redis.cluster.nodes", "");
        return new RedisTarget(
                URI.create(settings.string("redis.uri", "redis://127.0.0.1:16379")),
                clusterNodes.isBlank() ? List.of() : Arrays.stream(clusterNodes.split(",")).map(String::strip).toList(),
                settings.duration("redis.timeout", defaultTimeout));
    }

    /** A client for this target; {@code UnifiedJedis} pipelines both to one server and to a cluster. */
    public UnifiedJedis connect()
    {
        return connect(new ConnectionPoolConfig());
    }

    /**
     * A client whose pool holds at most {@code poolSize} connections per node, and where waiting
     * for one is bounded by the timeout too: under load a caller fails in bounded time, not never.
     */
    public UnifiedJedis connect(int poolSize)
    {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(timeout);
        return connect(pool);
    }

    private UnifiedJedis connect(ConnectionPoolConfig pool)
    {
        int millis = Math.toIntExact(timeout.toMillis());
        JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis).build();
        if (isCluster()) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            clusterNodes.forEach(node -> nodes.add(hostAndPort(node)));
            return new JedisCluster(nodes, config, pool);
        }
        return new JedisPooled(pool, uri, millis);
    }

    private static HostAndPort hostAndPort(String node)
    {
        int colon = node.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("redis.cluster.nodes entry[%s] must be host:port".formatted(node));
        }
        return new HostAndPort(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
    }

    @Override
    public String toString()
    {
        // a URI may carry a password
        return isCluster() ? "RedisCluster" + clusterNodes : "Redis[%s:%s]".formatted(uri.getHost(), uri.getPort());
    }
}
