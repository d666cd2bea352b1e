package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.core.queue.TaskStore;

/**
 * The scheduler thread and the running workers: starts pending tasks by priority (then submission order)
 * while fewer than {@code queue.max-concurrent} run and the queue is not paused, one virtual thread per
 * worker. Every change that may free a slot calls {@link #wake()}; the one-second wait is only a safety net.
 */
final class Scheduler {
    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final TaskStore store;
    private final EngineSettings settings;
    private final LongFunction<DownloadWorker> newWorker;
    private final LongConsumer started;

    private final ConcurrentHashMap<Long, DownloadWorker> running = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean closed;
    private volatile int maxConcurrent;
    private volatile boolean paused;
    private Thread thread;

    /**
     * @param newWorker makes the (not yet started) worker of a task
     * @param started told of each task it moved to downloading, to publish the state change
     */
    Scheduler(TaskStore store, EngineSettings settings, LongFunction<DownloadWorker> newWorker, LongConsumer started) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.newWorker = requireNonNull(newWorker, "newWorker is null");
        this.started = requireNonNull(started, "started is null");
        this.maxConcurrent = settings.maxConcurrent();
        this.paused = settings.paused();
    }

    /** Runs {@code prepare}, then starts the thread; both at most once, and never after {@link #close()}. */
    void start(Runnable prepare) {
        lock.lock();
        try {
            if (thread != null || closed) {
                throw new IllegalStateException(closed ? "the download manager is closed" : "already started");
            }
            prepare.run();
            thread = Thread.ofPlatform().name("andalus-scheduler").daemon(true).start(this::schedule);
        } finally {
            lock.unlock();
        }
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    boolean paused() {
        return paused;
    }

    int runningCount() {
        return running.size();
    }

    /** The summed speed of the running workers, in bytes per second. */
    long speed() {
        long speed = 0;
        for (DownloadWorker worker : running.values()) {
            speed += worker.speed();
        }
        return speed;
    }

    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Applies changed queue settings; an empty value means "back to the configured default". */
    void settingsChanged(Map<String, String> changed) {
        String max = changed.get("queue.max-concurrent");
        if (max != null) {
            maxConcurrent = max.isEmpty() ? settings.maxConcurrent() : Integer.parseInt(max);
        }
        String pause = changed.get("queue.paused");
        if (pause != null) {
            paused = pause.isEmpty() ? settings.paused() : EngineSettings.bool(pause);
        }
        if (max != null || pause != null) {
            wake();
        }
    }

    void workerDone(DownloadWorker worker) {
        running.remove(worker.id(), worker);
        wake();
    }

    /** Stops the task's worker if it runs and waits for it; false when no worker was running. */
    boolean stop(long id, DownloadWorker.Stop why) {
        DownloadWorker worker = running.get(id);
        if (worker == null) {
            return false;
        }
        worker.stop(why);
        try {
            if (!worker.await(STOP_WAIT_MILLIS)) {
                LOG.log(System.Logger.Level.WARNING, "download " + id + " did not stop within "
                        + STOP_WAIT_MILLIS + " ms; it will stop at its next buffer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Closes the scheduler and stops every running worker (about five seconds at most); returns the workers
     * it stopped, or empty when it was already closed.
     */
    Optional<List<DownloadWorker>> close() {
        List<DownloadWorker> stopping;
        lock.lock();
        try {
            if (closed) {
                return Optional.empty();
            }
            closed = true;
            wakeRequested = true;
            wake.signalAll();
            stopping = new ArrayList<>(running.values());
        } finally {
            lock.unlock();
        }
        stopping.forEach(worker -> worker.stop(DownloadWorker.Stop.SHUTDOWN));
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (DownloadWorker worker : stopping) {
            try {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (!worker.await(Math.min(left, 2_000))) {
                    // a downloader that does not poll its flag is woken from blocking I/O
                    worker.interrupt();
                    worker.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.of(stopping);
    }

    /** Waits (five seconds at most) for the scheduler thread to end after {@link #close()}. */
    void join() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void schedule() {
        while (!closed) {
            try {
                startPending();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "scheduler pass failed; retrying", e);
            }
            lock.lock();
            try {
                if (!wakeRequested && !closed) {
                    // the timeout is a safety net; every change that frees a slot wakes us at once
                    wake.await(1, TimeUnit.SECONDS);
                }
                wakeRequested = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    private void startPending() {
        while (!closed && !paused && running.size() < maxConcurrent) {
            int free = maxConcurrent - running.size();
            List<Long> candidates = store.ids(TaskStatus.PENDING, free + running.size());
            boolean any = false;
            for (Long id : candidates) {
                if (closed || paused || running.size() >= maxConcurrent) {
                    return;
                }
                if (running.containsKey(id)) {
                    continue;
                }
                // under the lock, so close() either sees this worker or no worker is started at all
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    DownloadWorker worker = newWorker.apply(id);
                    running.put(id, worker);
                    if (!store.start(id)) {
                        // paused, canceled or deleted since the query: nothing to run
                        running.remove(id, worker);
                        worker.abandon();
                        continue;
                    }
                    any = true;
                    try {
                        started.accept(id);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.DEBUG, "state event for " + id + " not sent", e);
                    }
                    Thread.ofVirtual().name("andalus-download-" + id).start(worker);
                } finally {
                    lock.unlock();
                }
            }
            if (!any) {
                return;
            }
        }
    }
}
