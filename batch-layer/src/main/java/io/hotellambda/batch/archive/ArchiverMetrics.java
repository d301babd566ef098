package io.hotellambda.batch.archive;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The archiver's {@code /metrics}: records it archived, and per topic and partition how far behind
 * now the archive's watermark is (read from the archive at each scrape: what the nightly job's
 * completeness waits on). Its consumer group's lag is booking-app's {@code kafka_consumer_group_lag}.
 */
public final class ArchiverMetrics
{
    private static final Logger LOG = LoggerFactory.getLogger(ArchiverMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ArchiveStore store;
    private final List<String> topics;
    private final Clock clock;
    private final MultiGauge watermarkAge;

    public ArchiverMetrics(Archiver archiver, ArchiveStore store, List<String> topics, Clock clock)
    {
        this.store = store;
        this.topics = List.copyOf(topics);
        this.clock = clock;
        FunctionCounter.builder("archiver.records.archived", archiver, Archiver::archived).description("Records this archiver published to the archive")
                .register(registry);
        FunctionCounter.builder("archiver.offset.commit.failures", archiver, Archiver::commitFailures)
                .description("Offset commits Kafka refused or did not answer in time; each is retried with the next batch's, and reading resumes from the archive regardless")
                .register(registry);
        this.watermarkAge = MultiGauge.builder("archiver.watermark.age").baseUnit("seconds")
                .description("How far the archive's watermark of a topic's partition is behind now").register(registry);
    }

    /** The metrics in Prometheus' text format, the watermarks read now. */
    public synchronized String scrape()
    {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try {
            for (String topic : topics) {
                for (ArchiveWatermark watermark : store.watermarks(topic)) {
                    rows.add(MultiGauge.Row.of(Tags.of("topic", topic, "partition", Integer.toString(watermark.partition())),
                            Duration.between(watermark.watermark(), clock.instant()).toMillis() / 1000.0));
                }
            }
        }
        catch (IOException | RuntimeException e) {
            LOG.warn("archiver metrics: the archive's watermarks cannot be read now: {}", e.getMessage());
            rows.clear();
        }
        watermarkAge.register(rows, true);
        return registry.scrape();
    }
}
