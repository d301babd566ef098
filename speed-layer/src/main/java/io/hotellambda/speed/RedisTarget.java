package io.hotellambda.speed;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
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

    /** A client for this target; {@code UnifiedJedis} pipelines both to one server and to a cluster. */
    public UnifiedJedis connect()
    {
        int millis = Math.toIntExact(timeout.toMillis());
        if (isCluster()) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            clusterNodes.forEach(node -> nodes.add(hostAndPort(node)));
            JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(millis).socketTimeoutMillis(millis).build();
            return new JedisCluster(nodes, config);
        }
        return new JedisPooled(uri, millis);
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
