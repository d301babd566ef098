package io.hotellambda.speed;

import io.hotellambda.config.RedisTarget;
import io.hotellambda.schemas.SpeedChanges;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Applies one micro-batch to Redis, exactly once per hotel and Kafka partition: all of a hotel's
 * events from one partition go in one Lua script call, which checks the hotel's applied-batch marker, drops event ids seen within the
 * deduplication window, sums and writes the counters, and records the batch id, in one atomic
 * step. When Spark replays a batch (a crash after this ran and before the batch committed), the
 * hotels already applied are skipped and the rest are applied. Calls are pipelined; after each
 * pipeline, one entry on the change feed ({@link SpeedChanges}) names the hotel days it wrote. Rows
 * are {@link SpeedLayerJob#countable} rows, sorted by hotel.
 */
final class RedisCounterApplier
        implements ForeachPartitionFunction<Row>
{
    /**
     * KEYS[1] is the hotel's (or, for searches, the city's) applied-batch marker; every other key
     * the script touches carries the same hash tag (ARGV[5]), so all live in one Redis Cluster slot. ARGV: query id and Kafka
     * partition (the marker's field), batch id,
     * counter TTL, dedup window (seconds), hash tag, dedup bucket (wall-clock time / window), then
     * view groups {@code V hour country device n (id viewer) x n}, booking events
     * {@code k id hour n (field amount) x n} (their numbers by Redis field, added to the hour's and
     * the day's booking hash; the day is the hour's first eight characters), and a city's searches {@code S id day soldOut n (night ttl) x n}. A string counter gets its TTL when created; hashes and HyperLogLogs at
     * every write. An event counts only if its id is in neither the current nor the previous
     * bucket's hash {@code seen:{hotel}:<bucket>}, so an id is remembered for one to two windows
     * with one small hash per hotel, not one key per event. Returns {counted, duplicates}, or
     * {-1, 0} when this batch was applied to this hotel before.
     */
    static final String SCRIPT = """
            local last = redis.call('HGET', KEYS[1], ARGV[1])
            if last and tonumber(last) >= tonumber(ARGV[2]) then return {-1, 0} end
            local ttl, window, tag = ARGV[3], tonumber(ARGV[4]), ARGV[5]
            local bucket = tonumber(ARGV[6])
            local seen = 'seen:' .. tag .. ':' .. bucket
            local seenBefore = 'seen:' .. tag .. ':' .. (bucket - 1)
            local incr, hincr, members, hours, ttls = {}, {}, {}, {}, {}
            local function keys(hour)
              local k = hours[hour]
              if not k then
                local day = string.sub(hour, 1, 8)
                k = {v = 'v:' .. tag .. ':' .. hour, u = 'u:' .. tag .. ':' .. hour, bk = 'bk:' .. tag .. ':' .. hour, bkd = 'bkd:' .. tag .. ':' .. day,
                     vv = 'vv:' .. tag .. ':' .. day, vc = 'vc:' .. tag .. ':' .. day, vd = 'vd:' .. tag .. ':' .. day}
                hours[hour] = k
              end
              return k
            end
            local function add(key, n) incr[key] = (incr[key] or 0) + n end
            local function hadd(key, field, n)
              local fields = hincr[key]
              if not fields then fields = {}; hincr[key] = fields end
              fields[field] = (fields[field] or 0) + n
            end
            local counted, duplicates = 0, 0
            local function isNew(id)
              local new = redis.call('HEXISTS', seenBefore, id) == 0 and redis.call('HSETNX', seen, id, '1') == 1
              if new then counted = counted + 1 else duplicates = duplicates + 1 end
              return new
            end
            local a = 7
            while a <= #ARGV do
              local kind = ARGV[a]
              if kind == 'V' then
                local k = keys(ARGV[a + 1])
                local n = tonumber(ARGV[a + 4])
                local list = members[k.u]
                if not list then list = {}; members[k.u] = list end
                local new = 0
                for i = a + 5, a + 3 + 2 * n, 2 do
                  if isNew(ARGV[i]) then
                    new = new + 1
                    list[#list + 1] = ARGV[i + 1]
                  end
                end
                if new > 0 then
                  add(k.v, new)
                  add(k.vv, new)
                  hadd(k.vc, ARGV[a + 2], new)
                  hadd(k.vd, ARGV[a + 3], new)
                end
                a = a + 5 + 2 * n
              elseif kind == 'k' then
                local n = tonumber(ARGV[a + 3])
                if isNew(ARGV[a + 1]) then
                  local k = keys(ARGV[a + 2])
                  for i = a + 4, a + 2 + 2 * n, 2 do
                    local amount = tonumber(ARGV[i + 1])
                    hadd(k.bk, ARGV[i], amount)
                    hadd(k.bkd, ARGV[i], amount)
                  end
                end
                a = a + 4 + 2 * n
              elseif kind == 'S' then
                local nights = tonumber(ARGV[a + 4])
                if isNew(ARGV[a + 1]) then
                  local soldOut = ARGV[a + 3] == '1'
                  local day = 'sd:' .. tag .. ':' .. ARGV[a + 2]
                  hadd(day, 'searches', 1)
                  if soldOut then hadd(day, 'sold_out', 1) end
                  for i = a + 5, a + 3 + 2 * nights, 2 do
                    local night = 'sn:' .. tag .. ':' .. ARGV[i]
                    hadd(night, 'searches', 1)
                    if soldOut then hadd(night, 'sold_out', 1) end
                    ttls[night] = ARGV[i + 1]
                  end
                end
                a = a + 5 + 2 * nights
              else
                return redis.error_reply('unknown event kind ' .. tostring(kind))
              end
            end
            for key, n in pairs(incr) do
              if redis.call('INCRBY', key, n) == n then redis.call('EXPIRE', key, ttl) end
            end
            for key, fields in pairs(hincr) do
              for field, n in pairs(fields) do redis.call('HINCRBY', key, field, n) end
              redis.call('EXPIRE', key, ttls[key] or ttl)
            end
            for key, list in pairs(members) do
              if #list > 0 then
                for first = 1, #list, 1000 do
                  redis.call('PFADD', key, unpack(list, first, math.min(first + 999, #list)))
                end
                redis.call('EXPIRE', key, ttl)
              end
            end
            if counted > 0 then redis.call('EXPIRE', seen, 2 * window) end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('EXPIRE', KEYS[1], ttl)
            return {counted, duplicates}
            """;
    static final String SCRIPT_SHA = sha1Hex(SCRIPT);
    private static final Logger LOG = LoggerFactory.getLogger(RedisCounterApplier.class);
    private static final int HOTELS_PER_SYNC = 512;

    /** What the executors report back to the driver about one batch. */
    record Tally(LongAccumulator rows, LongAccumulator rejected, LongAccumulator hotelsApplied, LongAccumulator hotelsSkipped,
            LongAccumulator duplicates, TimeRangeAccumulator receivedAt)
            implements Serializable
    {
    }

    private final RedisTarget redis;
    private final String queryId;
    private final long batchId;
    private final long ttlSeconds;
    private final long dedupSeconds;
    private final Retry retry;
    private final Tally tally;

    RedisCounterApplier(RedisTarget redis, String queryId, long batchId, long ttlSeconds, long dedupSeconds, Retry retry, Tally tally)
    {
        this.redis = requireNonNull(redis, "redis is null");
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.batchId = batchId;
        this.ttlSeconds = ttlSeconds;
        this.dedupSeconds = dedupSeconds;
        this.retry = requireNonNull(retry, "retry is null");
        this.tally = requireNonNull(tally, "tally is null");
    }

    @Override
    public void call(Iterator<Row> rows)
    {
        if (!rows.hasNext()) {
            return;
        }
        List<HotelBatch> pending = new ArrayList<>();
        HotelBatch current = null;
        long count = 0;
        long rejected = 0;
        TimeRangeAccumulator receivedAt = new TimeRangeAccumulator();
        try (UnifiedJedis jedis = redis.connect()) {
            while (rows.hasNext()) {
                Row row = rows.next();
                count++;
                if (!row.isNullAt(9)) {
                    // rejected: MicroBatchWriter sends it to dead_letter
                    rejected++;
                    continue;
                }
                receivedAt.add(row.getTimestamp(8).getTime());
                // a search has no hotel: its events group by city
                boolean search = row.isNullAt(0);
                long hotelId = search ? 0 : row.getLong(0);
                String city = search ? row.getString(12) : null;
                String topic = row.getString(10);
                int partition = row.getInt(11);
                if (current == null || !current.holds(hotelId, city, topic, partition)) {
                    if (current != null && !current.isEmpty()) {
                        pending.add(current);
                    }
                    if (pending.size() == HOTELS_PER_SYNC) {
                        applyRetrying(jedis, pending);
                        pending.clear();
                    }
                    current = search ? HotelBatch.city(city, topic, partition) : new HotelBatch(hotelId, topic, partition);
                }
                if (search) {
                    current.addSearch(row.getString(2), row.getString(3), row.getString(13), row.getInt(14), row.getBoolean(15), row.getBoolean(16));
                }
                else {
                    current.add(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                            row.isNullAt(7) ? Map.of() : row.<String, Long>getJavaMap(7));
                }
            }
            if (current != null && !current.isEmpty()) {
                pending.add(current);
            }
            if (!pending.isEmpty()) {
                applyRetrying(jedis, pending);
            }
        }
        tally.rows().add(count);
        tally.rejected().add(rejected);
        tally.receivedAt().merge(receivedAt);
    }

    /**
     * Applies {@code hotels}, waiting out a Redis that does not answer (restarting, paused, cut off)
     * for up to {@link Retry#giveUpAfter}: each attempt runs the whole pipeline again, which the
     * hotels' applied-batch markers make safe (a hotel applied by an attempt whose reply was lost
     * is skipped). Past that the task fails, the query stops and the process exits for its
     * supervisor to restart; the batch is then replayed from the checkpoint.
     */
    private void applyRetrying(UnifiedJedis jedis, List<HotelBatch> hotels)
    {
        long deadline = System.nanoTime() + retry.giveUpAfter().toNanos();
        long backoffMillis = retry.firstBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                apply(jedis, hotels);
                if (attempt > 1) {
                    LOG.warn("Redis answered again: batch {} applied to {} hotels at attempt {}", batchId, hotels.size(), attempt);
                }
                return;
            }
            catch (JedisException e) {
                if (!unavailable(e)) {
                    throw e;
                }
                if (System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
                    throw new IllegalStateException("Redis did not answer for %s; batch %s not applied".formatted(retry.giveUpAfter(), batchId), e);
                }
                LOG.warn("Redis unavailable ({}); batch {} retried in {} ms (attempt {})", e.getMessage(), batchId, backoffMillis, attempt);
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, retry.maxBackoff().toMillis());
            }
        }
    }

    /**
     * Redis away rather than refusing the work: a connection that failed, or in a cluster a node that
     * cannot be reached ({@code JedisClusterOperationException}) or slots without a node
     * ({@code CLUSTERDOWN}, {@code TRYAGAIN} while slots move).
     */
    static boolean unavailable(JedisException e)
    {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException) {
            return true;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e instanceof JedisClusterException && (message.startsWith("CLUSTERDOWN") || message.startsWith("TRYAGAIN"));
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }

    /** How long an apply waits for Redis, and how its attempts are spaced. */
    record Retry(Duration giveUpAfter, Duration firstBackoff, Duration maxBackoff)
            implements Serializable
    {
        Retry
        {
            requireNonNull(giveUpAfter, "giveUpAfter is null");
            requireNonNull(firstBackoff, "firstBackoff is null");
            requireNonNull(maxBackoff, "maxBackoff is null");
        }
    }

    /** A hotel's marker records each Kafka partition's batches apart: its field is query id / topic / partition. */
    private void apply(UnifiedJedis jedis, List<HotelBatch> hotels)
    {
        // only a hotel not yet applied in this batch uses it, so a replay may pick another bucket
        long nowSeconds = System.currentTimeMillis() / 1000;
        long dedupBucket = nowSeconds / dedupSeconds;
        List<List<String>> keys = new ArrayList<>(hotels.size());
        List<List<String>> arguments = new ArrayList<>(hotels.size());
        List<Response<Object>> responses = new ArrayList<>(hotels.size());
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (HotelBatch hotel : hotels) {
                keys.add(List.of(hotel.markerKey()));
                arguments.add(hotel.arguments(queryId + "/" + hotel.source(), batchId, ttlSeconds, dedupSeconds, dedupBucket, nowSeconds));
                responses.add(pipeline.evalsha(SCRIPT_SHA, keys.get(keys.size() - 1), arguments.get(arguments.size() - 1)));
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
                jedis.scriptLoad(SCRIPT, keys.get(i).get(0));
                result = jedis.evalsha(SCRIPT_SHA, keys.get(i), arguments.get(i));
            }
            List<?> counts = (List<?>) result;
            if ((Long) counts.get(0) < 0) {
                tally.hotelsSkipped().add(1);
            }
            else {
                tally.hotelsApplied().add(1);
                tally.duplicates().add((Long) counts.get(1));
            }
        }
        publishChanges(jedis, hotels);
    }

    /**
     * Names the hotel days just written on the change feed. Skipped hotels too: a replayed batch may
     * follow a crash between the writes and this entry, and the entry is what readers follow.
     */
    private static void publishChanges(UnifiedJedis jedis, List<HotelBatch> hotels)
    {
        Map<String, List<Long>> hotelsByDay = new TreeMap<>();
        for (HotelBatch hotel : hotels) {
            if (!hotel.isHotel()) {
                continue;
            }
            hotel.viewDays().forEach(day -> hotelsByDay.computeIfAbsent(day, key -> new ArrayList<>()).add(hotel.hotelId()));
        }
        SpeedChanges.publish(jedis, hotelsByDay);
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
