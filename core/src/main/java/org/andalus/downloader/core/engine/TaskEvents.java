package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.event.Event;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.core.queue.TaskStore;

/**
 * The engine's state and queue events. Each is published from the stored row after the change, so a
 * listener that reads the task back sees what the event says; every change also marks the status counts
 * stale.
 */
final class TaskEvents {
    private final TaskStore store;
    private final EventBus events;
    private final EngineMetrics metrics;
    private final Clock clock;

    TaskEvents(TaskStore store, EventBus events, EngineMetrics metrics, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.events = requireNonNull(events, "events is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Publishes the task's current state; returns the task as stored. */
    DownloadTask stateChanged(long id) {
        DownloadTask task = store.get(id);
        metrics.invalidate();
        events.publish(new Event.StateChanged(id, task.status(), task.title(), clock.instant()));
        return task;
    }

    /** Publishes the state of a task just inserted, without reading it back. */
    void added(DownloadTask task) {
        events.publish(new Event.StateChanged(task.id(), task.status(), task.title(), clock.instant()));
    }

    void queueChanged(String reason) {
        metrics.invalidate();
        events.publish(new Event.QueueChanged(reason, clock.instant()));
    }

    /** A final (not retried) failure of the task. */
    void failed(long id, DownloadException failure) {
        events.publish(new Event.Error(id, failure.errorCode().name(), failure.getMessage(), false, clock.instant()));
    }
}
