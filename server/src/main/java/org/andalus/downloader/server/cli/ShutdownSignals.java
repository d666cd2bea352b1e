package org.andalus.downloader.server.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGTERM and SIGINT into a clean shutdown that {@code serve} can end with exit code 0.
 *
 * <p>Left to the JVM, these signals run the shutdown hooks and then exit 143 (130 for Ctrl-C), the code of a
 * process killed by a signal, even when everything closed cleanly; systemd, Docker and Kubernetes report that
 * as a failure. Handling the signals ourselves means the JVM does not start its shutdown: the handler closes
 * the runtime, {@code serve} returns, and the exit code says whether the close succeeded. There is no public
 * API for this; {@code sun.misc.Signal} is the supported one ({@code jdk.unsupported}). Where a signal cannot
 * be handled (a JVM started with {@code -Xrs}, say), the shutdown hook stays the fallback.
 */
final class ShutdownSignals implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShutdownSignals.class.getName());
    private static final List<String> SIGNALS = List.of("TERM", "INT");
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final Runnable shutdown;
    private final AtomicBoolean received = new AtomicBoolean();
    private final CountDownLatch handled = new CountDownLatch(1);
    private final List<Restore> installed = new ArrayList<>();
    private volatile Optional<RuntimeException> failure = Optional.empty();

    private record Restore(Signal signal, SignalHandler previous) {
    }

    private ShutdownSignals(Runnable shutdown) {
        this.shutdown = requireNonNull(shutdown, "shutdown is null");
    }

    /** Handles SIGTERM and SIGINT by running {@code shutdown} once, until {@link #close()}. */
    static ShutdownSignals install(Runnable shutdown) {
        ShutdownSignals signals = new ShutdownSignals(shutdown);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> signals.onSignal("SIG" + s.getName()));
                signals.installed.add(new Restore(signal, previous));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot handle SIG" + name + "; the shutdown hook will", e);
            }
        }
        return signals;
    }

    /** Runs on the JVM's signal thread; a second signal while closing only says so. */
    void onSignal(String name) {
        if (!received.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, name + " received: already shutting down");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "shutting down (" + name + ")");
        try {
            shutdown.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "shutdown failed", e);
            failure = Optional.of(e);
        } finally {
            handled.countDown();
        }
    }

    /**
     * Whether a signal's shutdown failed. Waits for that shutdown to end when a signal came: the runtime
     * reports itself closed before its close method has thrown.
     */
    Optional<RuntimeException> failure() throws InterruptedException {
        if (received.get() && !handled.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            return Optional.of(new IllegalStateException("the shutdown did not end within " + CLOSE_WAIT_SECONDS
                    + " s"));
        }
        return failure;
    }

    /** Gives the signals back to their previous handlers (the JVM's, or a test runner's). */
    @Override
    public void close() {
        for (Restore restore : installed) {
            try {
                Signal.handle(restore.signal(), restore.previous());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot restore the handler of " + restore.signal(), e);
            }
        }
        installed.clear();
    }
}
