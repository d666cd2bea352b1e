package org.andalus.downloader.core.download;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.spi.ErrorCode;

/**
 * The default {@link StreamSink}: appends fragments to the part file as soon as they are next in order
 * (a kernel-side copy), and with {@code fsync} syncs it in the background every {@code fsyncEvery} bytes so
 * that the final sync has only the tail left. The file is rewritten from the first fragment on every run:
 * the fragments in the sidecar folder are what a resume relies on, not the part file.
 */
final class PartFileSink implements StreamSink {
    private static final System.Logger LOG = System.getLogger(PartFileSink.class.getName());

    private final Path file;
    private final FileChannel out;
    private final boolean fsync;
    private final long fsyncEvery;
    private long written;
    private long syncedAt;
    private CompletableFuture<Void> syncing = CompletableFuture.completedFuture(null);

    PartFileSink(Path file, boolean fsync, long fsyncEvery) {
        this.file = requireNonNull(file, "file is null");
        this.fsync = fsync;
        this.fsyncEvery = fsyncEvery;
        try {
            this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new DownloadException(ErrorCode.STORAGE, "cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void append(FileChannel fragment) {
        try {
            long size = fragment.size();
            long position = 0;
            while (position < size) {
                position += fragment.transferTo(position, size - position, out);
            }
            written += size;
        } catch (IOException e) {
            throw new DownloadException(ErrorCode.STORAGE, "cannot append to " + file + ": " + e.getMessage(), e);
        }
        syncInBackground();
    }

    private void syncInBackground() {
        if (!fsync || fsyncEvery <= 0 || written - syncedAt < fsyncEvery || !syncing.isDone()) {
            return;
        }
        syncedAt = written;
        syncing = CompletableFuture.runAsync(() -> {
            try {
                out.force(false);
            } catch (IOException e) {
                // the final force reports a real problem; this one only spreads the write-back
                LOG.log(System.Logger.Level.DEBUG, "background sync of " + file + ": " + e.getMessage());
            }
        }, r -> Thread.ofPlatform().daemon().name("andalus-fsync").start(r));
    }

    @Override
    public void finish() {
        try (out) {
            syncing.get();
            if (fsync) {
                out.force(true);
            }
        } catch (IOException e) {
            throw new DownloadException(ErrorCode.STORAGE, "cannot sync " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(ErrorCode.INTERNAL, "interrupted while syncing " + file, e);
        } catch (ExecutionException e) {
            throw DownloadException.of(e.getCause());
        }
    }

    @Override
    public void abort() {
        syncing.cancel(false);
        try {
            out.close();
            // a half-written part file is worth nothing: the fragments are the resumable state
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove " + file + ": " + e.getMessage());
        }
    }
}
