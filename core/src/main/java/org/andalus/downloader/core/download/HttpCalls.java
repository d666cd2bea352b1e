package org.andalus.downloader.core.download;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.andalus.downloader.core.net.Network;

import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The attempts of one HTTP transfer and their open calls, so that stopping is final. Two flags are checked
 * from both sides: an attempt counts itself in ({@link #enter()}), then reads {@code stopping}; the
 * coordinator sets {@code stopping}, then waits for the count to reach zero. Once it has, nothing writes to
 * the part file any more and the state saved next is final.
 */
final class HttpCalls {
    private static final System.Logger LOG = System.getLogger(HttpCalls.class.getName());

    private final Network network;
    private final String platform;
    private final BooleanSupplier cancelled;
    private final String where;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;

    /**
     * @param cancelled the job's cancellation flag
     * @param where the redacted URL, for messages
     */
    HttpCalls(Network network, String platform, BooleanSupplier cancelled, String where) {
        this.network = network;
        this.platform = platform;
        this.cancelled = cancelled;
        this.where = where;
    }

    /** An attempt begins; it stays counted until it is done with its response. */
    void enter() {
        running.incrementAndGet();
    }

    void exit() {
        running.decrementAndGet();
    }

    boolean stopping() {
        return stopping;
    }

    /** Whether the copy loops should stop: the transfer is stopping or the job was cancelled. */
    boolean shouldStop() {
        return stopping || cancelled.getAsBoolean();
    }

    /** Runs a call registered for cancellation, from an attempt counted by {@link #enter()}. */
    Response execute(Request request) throws IOException {
        if (stopping) {
            throw cancelled();
        }
        Call call = network.newCall(request, platform);
        calls.add(call);
        try {
            if (stopping) {
                call.cancel();
                throw cancelled();
            }
            return call.execute();
        } catch (IOException e) {
            if (shouldStop()) {
                throw cancelled();
            }
            throw e;
        } finally {
            calls.remove(call);
        }
    }

    /** Raises {@code stopping} and cancels the open calls; attempts notice at their next buffer. */
    void beginStop() {
        stopping = true;
        calls.forEach(Call::cancel);
    }

    /** Waits until no attempt runs, cancelling calls opened meanwhile; gives up after {@code waitMillis}. */
    void awaitIdle(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (running.get() > 0 && System.nanoTime() < deadline) {
            calls.forEach(Call::cancel);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (running.get() > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} attempts still running after stop", where, running.get());
        }
    }

    DownloadCancelledException cancelled() {
        return new DownloadCancelledException("cancelled: " + where);
    }
}
