package io.hotellambda.config;

import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.function.Consumer;
import java.util.function.Function;

/** SCAN over one Redis server, or over every node of a cluster: each key present throughout is seen at least once. */
public final class RedisScan
{
    private RedisScan() {}

    public static void scan(UnifiedJedis redis, String pattern, Consumer<String> action)
    {
        ScanParams params = new ScanParams().match(pattern).count(1000);
        if (redis instanceof JedisCluster cluster) {
            for (ConnectionPool pool : cluster.getClusterNodes().values()) {
                try (Connection connection = pool.getResource()) {
                    Jedis node = new Jedis(connection);
                    scanAll(cursor -> node.scan(cursor, params), action);
                }
            }
            return;
        }
        scanAll(cursor -> redis.scan(cursor, params), action);
    }

    private static void scanAll(Function<String, ScanResult<String>> scan, Consumer<String> action)
    {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = scan.apply(cursor);
            page.getResult().forEach(action);
            cursor = page.getCursor();
        }
        while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
}
