package io.hotellambda.serving.speed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * The speed layer's Redis memory against its limit ({@code INFO memory}: {@code used_memory},
 * {@code maxmemory}, 0 when unlimited), read at each scrape, for the alert at 80%. NaN while Redis
 * cannot be read. With Redis Cluster, the node the client's command reaches.
 */
public final class RedisMemory
{
    private final UnifiedJedis redis;
    private volatile double used = Double.NaN;
    private volatile double max = Double.NaN;

    public RedisMemory(MeterRegistry registry, UnifiedJedis redis)
    {
        this.redis = redis;
        Gauge.builder("redis.memory.used", this, memory -> memory.used).baseUnit("bytes").description("Memory Redis uses (used_memory)").register(registry);
        Gauge.builder("redis.memory.max", this, memory -> memory.max).baseUnit("bytes").description("Redis' maxmemory; 0 when it has no limit").register(registry);
    }

    public void refresh()
    {
        try {
            String info = new String((byte[]) redis.sendCommand(Protocol.Command.INFO, "memory"), StandardCharsets.UTF_8);
            used = field(info, "used_memory").orElseThrow();
            max = field(info, "maxmemory").orElse(0);
        }
        catch (JedisException | ClassCastException | NoSuchElementException e) {
            used = Double.NaN;
            max = Double.NaN;
        }
    }

    static OptionalLong field(String info, String name)
    {
        return info.lines().filter(line -> line.startsWith(name + ":")).mapToLong(line -> Long.parseLong(line.substring(name.length() + 1).strip())).findFirst();
    }
}
