package org.andalus.downloader.core.download;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.spi.ErrorCode;

import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import okhttp3.Response;

/**
 * The retry rules of one HTTP transfer and the error it ends with. Network failures and retryable statuses
 * are retried with jittered exponential backoff (a server's Retry-After wins, up to ten minutes); nothing is
 * retried once the transfer is stopping, so cancellation never waits for a backoff to end.
 */
final class HttpRetries {
    private static final System.Logger LOG = System.getLogger(HttpRetries.class.getName());
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final HttpDownloader.Settings settings;
    private final String where;
    private final BooleanSupplier stopping;
    private final RetryPolicy<Object> policy;
    private volatile int attempts;
    private volatile int lastStatus;

    /**
     * @param where the redacted URL, for messages
     * @param stopping true once the transfer stops: no more retries
     */
    HttpRetries(HttpDownloader.Settings settings, String where, BooleanSupplier stopping) {
        this.settings = settings;
        this.where = where;
        this.stopping = stopping;
        this.policy = RetryPolicy.builder()
                .handleIf((Throwable t) -> retryable(t))
                .withMaxAttempts(settings.attempts())
                .withDelayFn(ctx -> delay(ctx.getLastException(), ctx.getAttemptCount()))
                .onRetryScheduled(e -> LOG.log(System.Logger.Level.DEBUG, "retrying {0} in {1}: {2}", where,
                        e.getDelay(), String.valueOf(e.getLastException())))
                .build();
    }

    RetryPolicy<Object> policy() {
        return policy;
    }

    /** Records that attempt {@code attemptCount} (zero-based, as Failsafe counts) has begun. */
    void attempt(int attemptCount) {
        attempts = Math.max(attempts, attemptCount + 1);
    }

    /** Records the status of the latest response, quoted when the transfer ends in a network failure. */
    void status(int code) {
        lastStatus = code;
    }

    HttpStatusException statusFailure(Response r) {
        return new HttpStatusException(r.code(), HttpStatusException.parseRetryAfter(r.header("Retry-After"),
                Instant.now()), where);
    }

    /** The error a failed attempt (after its retries) ends the transfer with. */
    DownloadException failure(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof FailsafeException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DownloadException d) {
            return d;
        }
        if (cause instanceof HttpStatusException h) {
            return h.toDownloadException(attempts);
        }
        if (cause instanceof IOException e) {
            String status = lastStatus > 0 ? " (last HTTP status " + lastStatus + ")" : "";
            return new DownloadException(ErrorCode.NETWORK, "network failure downloading " + where + " after "
                    + attempts + " attempt" + (attempts == 1 ? "" : "s") + status + ": " + e.getMessage(), e);
        }
        return DownloadException.of(cause);
    }

    private boolean retryable(Throwable t) {
        if (stopping.getAsBoolean()) {
            return false;
        }
        if (t instanceof HttpStatusException h) {
            return h.retryable();
        }
        return t instanceof IOException;
    }

    private Duration delay(Throwable last, int attemptCount) {
        if (last instanceof HttpStatusException h && h.retryAfter().isPresent()) {
            Duration d = h.retryAfter().get();
            return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
        }
        long base = settings.backoff().toMillis();
        long max = settings.backoffMax().toMillis();
        long exp = base << Math.min(20, Math.max(0, attemptCount - 1));
        long capped = Math.min(max, exp < 0 ? max : exp);
        double jitter = 0.75 + 0.5 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(max, Math.round(capped * jitter)));
    }
}
