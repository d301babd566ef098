package io.hotellambda.speed;

import io.hotellambda.schemas.SpeedCounter;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Applies one micro-batch's counter updates to Redis, exactly once per hotel: all of a hotel's
 * updates go in one Lua script call, which first checks the hotel's applied-batch marker and
 * records the batch id in the same atomic step. When Spark replays a batch (a crash after this
 * ran and before the batch committed), the hotels already applied are skipped and the rest are
 * applied. Calls are pipelined; rows must arrive grouped by hotel ({@link SpeedLayer} sorts them).
 */
final class RedisCounterApplier
        implements ForeachPartitionFunction<Row>
{
    /**
     * KEYS[1] is the hotel's marker, KEYS[2..n] its counters. ARGV: query id, batch id, TTL in
     * seconds, then per counter key its op: "i" amount (INCRBY), "h" field amount (HINCRBY),
     * "p" count members... (PFADD). Returns 1 when applied, 0 when this batch was applied before.
     */
    static final String SCRIPT = """
            local last = redis.call('HGET', KEYS[1], ARGV[1])
            if last and tonumber(last) >= tonumber(ARGV[2]) then return 0 end
            local ttl = tonumber(ARGV[3])
            local a = 4
            for i = 2, #KEYS do
              local op = ARGV[a]
              if op == 'i' then
                redis.call('INCRBY', KEYS[i], ARGV[a + 1]); a = a + 2
              elseif op == 'h' then
                redis.call('HINCRBY', KEYS[i], ARGV[a + 1], ARGV[a + 2]); a = a + 3
              elseif op == 'p' then
                local n = tonumber(ARGV[a + 1])
                local first = a + 2
                while first <= a + 1 + n do
                  local last_member = math.min(first + 999, a + 1 + n)
                  redis.call('PFADD', KEYS[i], unpack(ARGV, first, last_member))
                  first = last_member + 1
                end
                a = a + 2 + n
              else
                return redis.error_reply('unknown counter op ' .. tostring(op))
              end
              redis.call('EXPIRE', KEYS[i], ttl)
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('EXPIRE', KEYS[1], ttl)
            return 1
            """;
    static final String SCRIPT_SHA = sha1Hex(SCRIPT);
    private static final int HOTELS_PER_SYNC = 512;

    private final RedisTarget redis;
    private final String queryId;
    private final long batchId;
    private final long ttlSeconds;
    private final LongAccumulator hotelsApplied;
    private final LongAccumulator hotelsSkipped;

    RedisCounterApplier(RedisTarget redis, String queryId, long batchId, long ttlSeconds, LongAccumulator hotelsApplied, LongAccumulator hotelsSkipped)
    {
        this.redis = requireNonNull(redis, "redis is null");
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.batchId = batchId;
        this.ttlSeconds = ttlSeconds;
        this.hotelsApplied = hotelsApplied;
        this.hotelsSkipped = hotelsSkipped;
    }

    @Override
    public void call(Iterator<Row> rows)
    {
        if (!rows.hasNext()) {
            return;
        }
        try (UnifiedJedis jedis = redis.connect()) {
            List<HotelUpdate> pending = new ArrayList<>();
            HotelUpdate current = null;
            while (rows.hasNext()) {
                Row row = rows.next();
                long hotelId = row.getLong(row.fieldIndex("hotel_id"));
                if (current == null || current.hotelId != hotelId) {
                    if (current != null) {
                        pending.add(current);
                    }
                    if (pending.size() == HOTELS_PER_SYNC) {
                        apply(jedis, pending);
                        pending.clear();
                    }
                    current = new HotelUpdate(hotelId, queryId, batchId, ttlSeconds);
                }
                current.add(row);
            }
            pending.add(current);
            apply(jedis, pending);
        }
    }

    private void apply(UnifiedJedis jedis, List<HotelUpdate> hotels)
    {
        List<Response<Object>> responses = new ArrayList<>(hotels.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (HotelUpdate hotel : hotels) {
                responses.add(pipeline.evalsha(SCRIPT_SHA, hotel.keys, hotel.arguments));
            }
            pipeline.sync();
        }
        for (int i = 0; i < hotels.size(); i++) {
            Object result;
            try {
                result = responses.get(i).get();
            }
            catch (JedisNoScriptException e) {
                // a restarted or new Redis node: load the script where this hotel's keys live, then
                // run it again, which the applied-batch marker makes safe
                HotelUpdate hotel = hotels.get(i);
                jedis.scriptLoad(SCRIPT, hotel.keys.get(0));
                result = jedis.evalsha(SCRIPT_SHA, hotel.keys, hotel.arguments);
            }
            if (Long.valueOf(1).equals(result)) {
                hotelsApplied.add(1);
            }
            else {
                hotelsSkipped.add(1);
            }
        }
    }

    /** One hotel's keys and script arguments for this batch. */
    private static final class HotelUpdate
    {
        final long hotelId;
        final List<String> keys = new ArrayList<>();
        final List<String> arguments = new ArrayList<>();

        HotelUpdate(long hotelId, String queryId, long batchId, long ttlSeconds)
        {
            this.hotelId = hotelId;
            keys.add(SpeedCounter.appliedBatches(hotelId));
            arguments.add(queryId);
            arguments.add(Long.toString(batchId));
            arguments.add(Long.toString(ttlSeconds));
        }

        void add(Row row)
        {
            SpeedCounter counter = SpeedCounter.valueOf(row.getString(row.fieldIndex("counter")));
            keys.add(counter.key(hotelId, row.getString(row.fieldIndex("bucket"))));
            long amount = row.getLong(row.fieldIndex("amount"));
            switch (counter) {
                case VIEWS, BOOKINGS -> {
                    arguments.add("i");
                    arguments.add(Long.toString(amount));
                }
                case VIEWS_BY_COUNTRY, VIEWS_BY_DEVICE, REVENUE -> {
                    arguments.add("h");
                    arguments.add(row.getString(row.fieldIndex("field")));
                    arguments.add(Long.toString(amount));
                }
                case VIEWERS -> {
                    List<String> members = row.getList(row.fieldIndex("members"));
                    arguments.add("p");
                    arguments.add(Integer.toString(members.size()));
                    arguments.addAll(members);
                }
            }
        }
    }

    private static String sha1Hex(String script)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
