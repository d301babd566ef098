package io.hotellambda.batch.hive;

import io.hotellambda.batch.archive.ArchiveLayout;
import io.hotellambda.batch.archive.ArchiveStore;
import io.hotellambda.batch.archive.PublishListener;
import io.hotellambda.batch.archive.RangeManifest;
import io.hotellambda.batch.daily.BatchTables;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Registers the {@code raw_<topic>} tables' hour partitions in the Hive metastore as the archiver
 * publishes into them, so analysts query an hour's rows as soon as its first range is published
 * (what the Kafka Connect HDFS sink's Hive integration does). Registration never holds archiving
 * up: published hours queue here, and one background thread adds them ({@code IF NOT EXISTS}),
 * retrying every {@code retry} while the metastore does not answer or the table is not created yet
 * (HiveServer2 and the nightly job create it). The metastore is the one every batch JVM shares
 * ({@link HiveMetastore}); the archiver never hosts its database.
 */
public final class HivePartitionRegistrar
        implements PublishListener, AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(HivePartitionRegistrar.class);

    /** One hour directory of a raw table: {@code dt=<day>/hour=<hour>}. */
    public record HourPartition(String topic, LocalDate day, String hour)
    {
        /** The hour of a published file, from its path relative to the topic directory ({@code dt=.../hour=.../name}). */
        static HourPartition of(String topic, String relativePath)
        {
            String[] parts = relativePath.split("/");
            if (parts.length != 3 || !parts[0].startsWith("dt=") || !parts[1].startsWith("hour=")) {
                throw new IllegalArgumentException("not an archived file's path: " + relativePath);
            }
            return new HourPartition(topic, LocalDate.parse(parts[0].substring("dt=".length())), parts[1].substring("hour=".length()));
        }
    }

    private final HiveMetastore metastore;
    private final ArchiveLayout layout;
    private final ScheduledExecutorService thread;
    private final Set<HourPartition> pending = new LinkedHashSet<>();
    private final Set<HourPartition> registered = new HashSet<>();
    private final AtomicLong unexpectedErrors = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private IMetaStoreClient client;
    private boolean failing;

    public HivePartitionRegistrar(HiveMetastore metastore, ArchiveLayout layout, Duration retry)
    {
        this.metastore = requireNonNull(metastore, "metastore is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hive-partition-registrar");
            thread.setDaemon(true);
            return thread;
        });
        thread.scheduleWithFixedDelay(this::registerPending, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void published(RangeManifest range)
    {
        boolean added = false;
        synchronized (this) {
            for (RangeManifest.ArchivedFile file : range.files()) {
                HourPartition hour = HourPartition.of(range.topic(), file.path());
                added |= !registered.contains(hour) && pending.add(hour);
            }
        }
        if (added && !thread.isShutdown()) {
            thread.execute(this::registerPending);
        }
    }

    /**
     * Queues every hour already archived for {@code topic} on {@code days}: at the archiver's start,
     * so an hour published just before a crash, and not registered then, is registered now.
     */
    public void requeue(String topic, List<LocalDate> days)
            throws IOException
    {
        ArchiveStore store = new ArchiveStore(layout);
        for (LocalDate day : days) {
            List<String> hours = store.hours(topic, day);
            synchronized (this) {
                hours.forEach(hour -> pending.add(new HourPartition(topic, day, hour)));
            }
        }
        // registered with the next publish, or at the next retry: the metastore may still be starting
    }

    /** Hours queued and not yet registered. */
    public synchronized Set<HourPartition> pending()
    {
        return Set.copyOf(pending);
    }

    private void registerPending()
    {
        Map<String, List<HourPartition>> byTopic = new HashMap<>();
        synchronized (this) {
            pending.forEach(hour -> byTopic.computeIfAbsent(hour.topic(), topic -> new ArrayList<>()).add(hour));
        }
        if (byTopic.isEmpty()) {
            return;
        }
        try {
            registerAll(byTopic);
        }
        finally {
            attempts.incrementAndGet();
        }
    }

    /** How many times the registrar tried to register what was pending, whatever came of it. */
    public long attempts()
    {
        return attempts.get();
    }

    private void registerAll(Map<String, List<HourPartition>> byTopic)
    {
        try {
            for (Map.Entry<String, List<HourPartition>> topic : byTopic.entrySet()) {
                Table table;
                try {
                    table = client().getTable("default", BatchTables.rawTable(topic.getKey()));
                }
                catch (NoSuchObjectException e) {
                    // not created yet: its creator registers what exists, and the next try adds the rest
                    continue;
                }
                List<Partition> partitions = topic.getValue().stream().map(hour -> partition(table, hour)).toList();
                client().add_partitions(partitions, true, false);
                synchronized (this) {
                    topic.getValue().forEach(pending::remove);
                    registered.addAll(topic.getValue());
                }
            }
            if (failing) {
                log.info("hive partition registration works again; {} hours waiting", pending().size());
                failing = false;
            }
        }
        catch (TException | SQLException e) {
            // the metastore (or its database) is away or refused the call: retried
            if (!failing) {
                log.warn("cannot register raw hour partitions: the Hive metastore is unavailable (archiving goes on; retrying): {}", e.getMessage());
                failing = true;
            }
            closeClient();
        }
        catch (RuntimeException e) {
            // a bug here or in the client: said once with its stack trace and counted; archiving goes on, and so do retries
            unexpectedErrors.incrementAndGet();
            if (!failing) {
                log.error("cannot register raw hour partitions in the Hive metastore (archiving goes on; retrying)", e);
                failing = true;
            }
            closeClient();
        }
    }

    /** Registration attempts that failed for a reason other than the metastore being away: each distinct run logged with its stack trace. */
    public long unexpectedErrors()
    {
        return unexpectedErrors.get();
    }

    private Partition partition(Table table, HourPartition hour)
    {
        StorageDescriptor location = new StorageDescriptor(table.getSd());
        location.setLocation(layout.hour(hour.topic(), hour.day(), hour.hour()).toString());
        Partition partition = new Partition();
        partition.setDbName(table.getDbName());
        partition.setTableName(table.getTableName());
        partition.setValues(List.of(hour.day().toString(), hour.hour()));
        partition.setSd(location);
        partition.setParameters(new HashMap<>());
        partition.setCreateTime((int) (System.currentTimeMillis() / 1000));
        return partition;
    }

    private IMetaStoreClient client()
            throws SQLException, TException
    {
        if (client == null) {
            // a plain connection first: a client opened while the database is down makes
            // DataNucleus log dozens of stack traces per try; this makes one warning, below
            DriverManager.getConnection(metastore.jdbcUrl(), metastore.user(), metastore.password()).close();
            HiveConf conf = new HiveConf();
            metastore.hadoopSettings().forEach(conf::set);
            // this class retries on its own schedule: one attempt per try, not Hive's 10 x 2 s
            conf.set("hive.hmshandler.retry.attempts", "1");
            conf.set("hive.metastore.failure.retries", "1");
            client = new HiveMetaStoreClient(conf);
        }
        return client;
    }

    private void closeClient()
    {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close()
    {
        thread.execute(this::closeClient);
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
