package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.core.queue.QueueUpdate;
import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.core.queue.TaskStore;
import org.andalus.downloader.core.settings.SettingsService;
import org.andalus.downloader.spi.ErrorCode;

/**
 * The life-cycle commands of {@link Downloads}: each is a guarded transition in the store (so two racing
 * commands cannot both win), then the worker is stopped and waited for when one runs, then the event. A
 * command that finds the task already where it would put it answers the task unchanged.
 */
final class TaskCommands {
    private static final System.Logger LOG = System.getLogger(TaskCommands.class.getName());

    private final TaskStore store;
    private final Scheduler scheduler;
    private final EngineMetrics metrics;
    private final TaskEvents events;
    private final SettingsService settings;
    private final Path downloadDir;

    TaskCommands(TaskStore store, Scheduler scheduler, EngineMetrics metrics, TaskEvents events,
            SettingsService settings, Path downloadDir) {
        this.store = requireNonNull(store, "store is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.events = requireNonNull(events, "events is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.downloadDir = requireNonNull(downloadDir, "downloadDir is null");
    }

    DownloadTask pause(long id) {
        DownloadTask task = store.get(id);
        if (task.status() == TaskStatus.PAUSED) {
            return task;
        }
        if (!store.transition(id, List.of(TaskStatus.PENDING, TaskStatus.DOWNLOADING), TaskStatus.PAUSED)) {
            throw illegal(id, "pause", "only pending or downloading tasks can be paused");
        }
        scheduler.stop(id, DownloadWorker.Stop.PAUSE);
        return events.stateChanged(id);
    }

    DownloadTask resume(long id) {
        DownloadTask task = store.get(id);
        if (task.status() == TaskStatus.PENDING || task.status() == TaskStatus.DOWNLOADING) {
            return task;
        }
        if (!store.transition(id, List.of(TaskStatus.PAUSED), TaskStatus.PENDING)) {
            throw illegal(id, "resume", "only paused tasks can be resumed; use retry for failed or canceled ones");
        }
        DownloadTask resumed = events.stateChanged(id);
        scheduler.wake();
        return resumed;
    }

    DownloadTask cancel(long id) {
        DownloadTask task = store.get(id);
        if (task.status() == TaskStatus.CANCELED) {
            return task;
        }
        if (!store.transition(id, List.of(TaskStatus.PENDING, TaskStatus.DOWNLOADING, TaskStatus.PAUSED,
                TaskStatus.FAILED), TaskStatus.CANCELED)) {
            throw illegal(id, "cancel", "a completed task cannot be canceled; delete it instead");
        }
        scheduler.stop(id, DownloadWorker.Stop.CANCEL);
        deletePartFiles(id);
        metrics.finished(task.platform().orElse("unknown"), TaskStatus.CANCELED);
        return events.stateChanged(id);
    }

    DownloadTask retry(long id) {
        store.get(id);
        if (!store.retry(id)) {
            throw illegal(id, "retry", "only failed or canceled tasks can be retried");
        }
        DownloadTask retried = events.stateChanged(id);
        scheduler.wake();
        return retried;
    }

    void delete(long id, boolean deleteFile) {
        DownloadTask task = store.get(id);
        scheduler.stop(id, DownloadWorker.Stop.CANCEL);
        deletePartFiles(id);
        if (deleteFile && task.status() == TaskStatus.COMPLETED && task.filePath().isPresent()) {
            Path file = Path.of(task.filePath().get()).toAbsolutePath().normalize();
            if (file.startsWith(downloadDir)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new DownloadException(ErrorCode.STORAGE, "cannot delete " + file + ": " + e.getMessage(), e);
                }
            } else {
                LOG.log(System.Logger.Level.WARNING, "not deleting " + file + ": it is outside the download folder");
            }
        }
        store.delete(id);
        events.queueChanged("deleted " + id);
        scheduler.wake();
    }

    DownloadTask setPriority(long id, int priority) {
        QueueOrder.checkPriority(priority);
        store.get(id);
        store.setPriority(id, priority);
        events.queueChanged("priority of " + id);
        scheduler.wake();
        return store.get(id);
    }

    /** Applies priorities, an order and queue settings; every task named is checked before anything changes. */
    void updateQueue(QueueUpdate update) {
        requireNonNull(update, "update is null");
        update.priorities().forEach((id, priority) -> QueueOrder.checkPriority(priority));
        for (Long id : update.priorities().keySet()) {
            store.get(id);
        }
        Map<Long, Integer> priorities = new HashMap<>(update.priorities());
        priorities.putAll(QueueOrder.toPriorities(update.order(), id -> store.get(id).priority()));
        Map<String, String> changes = new HashMap<>();
        update.maxConcurrent().ifPresent(n -> changes.put("queue.max-concurrent", String.valueOf(n)));
        update.paused().ifPresent(p -> changes.put("queue.paused", String.valueOf(p)));
        if (!priorities.isEmpty()) {
            store.setPriorities(priorities);
        }
        if (!changes.isEmpty()) {
            settings.put(changes);
            // Applied here too, in case the settings service does not notify listeners.
            scheduler.settingsChanged(changes);
        }
        events.queueChanged("queue updated");
        scheduler.wake();
    }

    /** Deletes the task's part files (and their sidecars); the finished file is never touched. */
    void deletePartFiles(long id) {
        store.find(id).flatMap(DownloadTask::filePath).ifPresent(path -> PartFiles.delete(path, downloadDir));
    }

    private IllegalStateException illegal(long id, String action, String rule) {
        TaskStatus now = store.get(id).status();
        return new IllegalStateException("cannot " + action + " download " + id + ": it is " + now.wireName()
                + "; " + rule);
    }
}
