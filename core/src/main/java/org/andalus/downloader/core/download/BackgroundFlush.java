package org.andalus.downloader.core.download;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * With {@code download.fsync}, starts a {@code force(false)} of the part file on its own thread once
 * {@code download.fsync-every} more bytes have arrived and the previous one has ended, so the disk writes
 * the file back while the download goes on and the final sync has only the tail left. The copy loops never
 * wait for it. A failure here is only logged: the final {@code force} reports one, and a download without it
 * is no less durable than before. Used from the coordinating thread only: at most one flush is in flight, so
 * flushes never queue up.
 */
final class BackgroundFlush {
    private static final System.Logger LOG = System.getLogger(BackgroundFlush.class.getName());

    private final HttpDownloader.Settings settings;
    private final PartChannel part;
    private final Runnable onFlushed;
    private CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
    private long flushedAt;

    /** @param onFlushed told after each successful flush (the downloader counts them) */
    BackgroundFlush(HttpDownloader.Settings settings, PartChannel part, Runnable onFlushed) {
        this.settings = settings;
        this.part = part;
        this.onFlushed = onFlushed;
    }

    /** Starts a flush if enabled, none runs, and enough bytes arrived since the last. */
    void maybeStart(long bytesDone) {
        long every = settings.fsyncEvery();
        if (!settings.fsync() || every <= 0 || !flushing.isDone()) {
            return;
        }
        if (bytesDone - flushedAt < every) {
            return;
        }
        flushedAt = bytesDone;
        flushing = CompletableFuture.runAsync(() -> {
            try {
                part.force(false);
                onFlushed.run();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "background sync of " + part.path(), e);
            }
        }, r -> Thread.ofPlatform().daemon().name("andalus-fsync").start(r));
    }

    /** Waits for the flush in flight, if any; nothing may sync the part file once it is closed. */
    void join() {
        flushing.join();
    }
}
