package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.andalus.downloader.core.event.Event;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.queue.TaskStore;

import io.micrometer.core.instrument.Counter;

/**
 * A task's progress as its worker reports it on every buffer: counted in the bytes meter at once, sent as an
 * event at most every {@code queue.progress-event-interval} and written to SQLite at most every
 * {@code queue.progress-db-interval}, so a fast download does not flood the socket or the database.
 */
final class ThrottledReporter implements DownloadWorker.ProgressReporter {
    private static final System.Logger LOG = System.getLogger(ThrottledReporter.class.getName());

    private final long id;
    private final ProgressTracker tracker;
    private final long eventEvery;
    private final long dbEvery;
    private final Counter bytesCounter;
    private final EventBus events;
    private final TaskStore store;
    private final Clock clock;
    private final Map<Integer, Long> lastDone = new HashMap<>();
    private long baseline;
    private long lastEvent = Long.MIN_VALUE / 2;
    private long lastDb = Long.MIN_VALUE / 2;

    ThrottledReporter(long id, ProgressTracker tracker, long eventEveryNanos, long dbEveryNanos, Counter bytesCounter,
            EventBus events, TaskStore store, Clock clock) {
        this.id = id;
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.eventEvery = eventEveryNanos;
        this.dbEvery = dbEveryNanos;
        this.bytesCounter = requireNonNull(bytesCounter, "bytesCounter is null");
        this.events = requireNonNull(events, "events is null");
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public synchronized void baseline(long bytesAlreadyOnDisk) {
        baseline = bytesAlreadyOnDisk;
    }

    @Override
    public void report(int formatIndex, long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        boolean sendEvent;
        boolean writeDb;
        synchronized (this) {
            long previous = lastDone.getOrDefault(formatIndex, baseline);
            if (bytesDone > previous) {
                bytesCounter.increment(bytesDone - previous);
            }
            lastDone.put(formatIndex, bytesDone);
            tracker.update(formatIndex, bytesDone, bytesTotal, now);
            sendEvent = now - lastEvent >= eventEvery;
            writeDb = now - lastDb >= dbEvery;
            if (sendEvent) {
                lastEvent = now;
            }
            if (writeDb) {
                lastDb = now;
            }
        }
        if (sendEvent) {
            publish(now);
        }
        if (writeDb) {
            write(now);
        }
    }

    @Override
    public void flush() {
        long now = System.nanoTime();
        publish(now);
        write(now);
    }

    private void publish(long now) {
        long done = tracker.bytesDone();
        OptionalLong total = tracker.bytesTotal();
        long speed = tracker.speed(now);
        OptionalLong eta = total.isPresent() && speed > 0
                ? OptionalLong.of(Math.max(0, (total.getAsLong() - done + speed - 1) / speed))
                : OptionalLong.empty();
        events.publish(new Event.Progress(id, done, total, speed, eta, clock.instant()));
    }

    private void write(long now) {
        try {
            store.progress(id, tracker.bytesDone(), tracker.bytesTotal(), tracker.speed(now));
        } catch (RuntimeException e) {
            // progress is advisory: a busy database must not fail the download
            LOG.log(System.Logger.Level.DEBUG, "progress write for " + id + " skipped", e);
        }
    }
}
