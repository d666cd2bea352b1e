package org.andalus.downloader.server.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.spi.ErrorCode;

/** One part of the engine's start, run on its own thread so independent parts overlap. */
final class StartTask {
    private StartTask() {
    }

    /** Runs {@code work} on a new daemon thread called {@code name}. */
    static <T> CompletableFuture<T> begin(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Waits for {@code task} and returns its value, or throws what it threw, as it was thrown. */
    static <T> T await(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new DownloadException(ErrorCode.INTERNAL, "start-up failed: " + cause, cause);
        }
    }
}
