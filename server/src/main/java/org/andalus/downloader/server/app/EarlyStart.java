package org.andalus.downloader.server.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import okhttp3.OkHttpClient;

/**
 * The part of an engine's start that does not depend on the configuration, begun on a background thread
 * while the main thread still parses the command line and loads the configuration (picocli alone takes
 * ~0.1 s; the machine has a second core).
 *
 * <p>It creates the Prometheus registry the engine then takes over, loads sqlite-jdbc's native library,
 * and builds a throwaway OkHttp client: that reads the JDK's trust store (~150 certificates) and sets up
 * TLS exactly as {@code Network}'s own client will. The JDK caches the parsed trust store only weakly, so
 * the throwaway client is kept until {@code Network} is built ({@link #withTrustStore}), which then finds
 * it parsed. Nothing is configured differently: TLS is verified against the same trust store. Every step
 * is best effort; a failed step only means the engine does that work itself, and reports it then.
 */
final class EarlyStart {
    private static final System.Logger LOG = System.getLogger(EarlyStart.class.getName());
    private static final AtomicReference<EarlyStart> STARTED = new AtomicReference<>();

    private final CompletableFuture<PrometheusMeterRegistry> metrics = new CompletableFuture<>();
    private final AtomicBoolean metricsTaken = new AtomicBoolean();
    private final CompletableFuture<Void> trustStoreRead = new CompletableFuture<>();
    private volatile OkHttpClient throwaway;

    private EarlyStart() {
    }

    /** Starts the background work, once per JVM; later calls do nothing. */
    static void begin() {
        EarlyStart early = new EarlyStart();
        if (STARTED.compareAndSet(null, early)) {
            Thread.ofPlatform().name("andalus-early-start").daemon().start(early::run);
        }
    }

    // In the order the engine needs them: the registry first, the database next, the network last.
    private void run() {
        try {
            attempt("metrics registry", () -> metrics.complete(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
            attempt("sqlite native library", org.sqlite.SQLiteJDBCLoader::initialize);
            attempt("trust store", () -> throwaway = new OkHttpClient());
        } finally {
            metrics.complete(null);
            trustStoreRead.complete(null);
        }
    }

    private static void attempt(String what, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "early start of the " + what + " failed; the engine does it itself", e);
        }
    }

    /** The registry made early (waiting for it while it is being made), else a new one; the early one goes out once. */
    static PrometheusMeterRegistry takeMetrics() {
        EarlyStart early = STARTED.get();
        if (early != null && early.metricsTaken.compareAndSet(false, true)) {
            PrometheusMeterRegistry registry = early.metrics.join();
            if (registry != null) {
                return registry;
            }
        }
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Runs {@code build} (which reads the trust store) after the early read of the trust store finished, then
     * lets go of the throwaway client. Without an early start it just runs {@code build}.
     */
    static <T> T withTrustStore(Supplier<T> build) {
        EarlyStart early = STARTED.get();
        if (early == null) {
            return build.get();
        }
        early.trustStoreRead.join();
        try {
            return build.get();
        } finally {
            early.throwaway = null;
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
