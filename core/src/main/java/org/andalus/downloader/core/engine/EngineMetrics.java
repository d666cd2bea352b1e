package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;

import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.core.queue.TaskStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The engine's meters. The per-status gauges are read by every scrape; the counts behind them are cached
 * for a second, or until a state change marks them stale, so a scrape does not query SQLite once per status.
 */
final class EngineMetrics {
    private static final System.Logger LOG = System.getLogger(EngineMetrics.class.getName());
    private static final long COUNTS_TTL_NANOS = 1_000_000_000L;

    private final TaskStore store;
    private final MeterRegistry meters;
    private volatile Map<TaskStatus, Long> counts = Map.of();
    private volatile long countsAt;
    private volatile boolean countsStale = true;

    EngineMetrics(TaskStore store, MeterRegistry meters) {
        this.store = requireNonNull(store, "store is null");
        this.meters = requireNonNull(meters, "meters is null");
        for (TaskStatus status : TaskStatus.values()) {
            Gauge.builder("andalus.downloads", this, m -> m.count(status))
                    .description("Downloads by status")
                    .tag("status", status.wireName())
                    .register(meters);
        }
    }

    /** A task changed state: the next read counts again. */
    void invalidate() {
        countsStale = true;
    }

    void finished(String platform, TaskStatus status) {
        Counter.builder("andalus.downloads.finished")
                .description("Downloads that reached an end state")
                .tag("platform", platform)
                .tag("status", status.wireName())
                .register(meters)
                .increment();
        countsStale = true;
    }

    Counter bytesDownloaded(String platform) {
        return Counter.builder("andalus.bytes.downloaded")
                .description("Bytes downloaded")
                .baseUnit("bytes")
                .tag("platform", platform)
                .register(meters);
    }

    double count(TaskStatus status) {
        long now = System.nanoTime();
        if (countsStale || now - countsAt > COUNTS_TTL_NANOS) {
            try {
                countsStale = false;
                counts = new EnumMap<>(store.counts());
                countsAt = now;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot count downloads", e);
            }
        }
        return counts.getOrDefault(status, 0L);
    }
}
