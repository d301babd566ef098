package io.hotellambda.infra;

import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A real three-master Redis Cluster from the same redis-server binary as {@link RedisServer}: three
 * cluster-mode nodes on 127.0.0.1, each given a third of the 16,384 slots ({@code CLUSTER
 * ADDSLOTS}) and introduced to the others ({@code CLUSTER MEET}), ready once every node reports
 * {@code cluster_state:ok}. No replicas: a stopped node's slots are away until it is back, with its
 * keys (append-only, fsync always).
 */
public final class RedisCluster
        implements AutoCloseable
{
    private static final int SLOTS = 16_384;

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes)
    {
        this.nodes = List.copyOf(nodes);
    }

    public static RedisCluster start(Path directory, Path binaryCache)
    {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServer.startClusterNode(directory.resolve("node-" + i), binaryCache, Ports.freePort()));
            }
            for (int i = 0; i < nodes.size(); i++) {
                int from = i * SLOTS / nodes.size();
                int to = (i + 1) * SLOTS / nodes.size();
                try (Jedis node = jedis(nodes.get(i))) {
                    node.clusterAddSlots(IntStream.range(from, to).toArray());
                    for (RedisServer other : nodes) {
                        if (other != nodes.get(i)) {
                            node.clusterMeet("127.0.0.1", other.port());
                        }
                    }
                }
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitOk(Duration.ofSeconds(60));
            return cluster;
        }
        catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** Waits until every node that runs says the cluster is whole. */
    public void awaitOk(Duration timeout)
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!nodes.stream().allMatch(RedisCluster::ok)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok within " + timeout);
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while forming the Redis Cluster", e);
            }
        }
    }

    private static boolean ok(RedisServer node)
    {
        try (Jedis jedis = jedis(node)) {
            return jedis.clusterInfo().contains("cluster_state:ok") && jedis.clusterNodes().lines().count() == 3;
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    private static Jedis jedis(RedisServer node)
    {
        return new Jedis("127.0.0.1", node.port(), 2000);
    }

    /** {@code host:port} of every node: {@code redis.cluster.nodes}. */
    public List<String> nodeAddresses()
    {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList();
    }

    public RedisServer node(int index)
    {
        return nodes.get(index);
    }

    @Override
    public void close()
    {
        nodes.forEach(RedisServer::close);
    }
}
