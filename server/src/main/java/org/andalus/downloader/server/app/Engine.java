package org.andalus.downloader.server.app;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.db.Database;
import org.andalus.downloader.core.download.DashDownloader;
import org.andalus.downloader.core.download.HlsDownloader;
import org.andalus.downloader.core.download.HttpDownloader;
import org.andalus.downloader.core.engine.DownloadManager;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.extract.ExtractionService;
import org.andalus.downloader.core.extract.MetadataService;
import org.andalus.downloader.core.ffmpeg.FfmpegLocator;
import org.andalus.downloader.core.ffmpeg.FfmpegMerger;
import org.andalus.downloader.core.format.YtDlpFormatSelector;
import org.andalus.downloader.core.manifest.HostManifests;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.core.settings.SqliteSettingsService;
import org.andalus.downloader.server.plugin.PluginHost;
import org.andalus.downloader.spi.model.Extraction;
import org.andalus.downloader.spi.model.Protocol;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The composition root: builds every part of the engine from one {@link Config}, in dependency order, and
 * closes them in reverse. Both {@code serve} and the one-shot commands start from here.
 *
 * <p>The three slow parts that do not need each other start side by side: the database (opening, Flyway's
 * migrations, MyBatis) and the plugins each on their own thread, the network (the JDK's trust store) on the
 * caller's; the network reaches the database only when a platform's cookies are first used. The engine
 * waits for all three even when one fails, so whatever the others opened is closed, and reports the
 * failures in that order (database, network, plugins), the later ones as suppressed.
 */
final class Engine implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());

    final Config config;
    final PrometheusMeterRegistry metrics;
    final EventBus events = new EventBus();
    final Database database;
    final SqliteSettingsService settings;
    final Network network;
    final PluginHost plugins;
    final ExtractionService extraction;
    final MetadataService metadata;
    final DownloadManager downloads;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    Engine(Config config) {
        this.config = requireNonNull(config, "config is null");
        this.metrics = EarlyStart.takeMetrics();
        try {
            CompletableFuture<Database> opening = StartTask.begin("andalus-start-database", () -> Database.open(config));
            CompletableFuture<PluginHost> loading = StartTask.begin("andalus-start-plugins",
                    () -> PluginHost.fromConfig(config).start());
            Attempt<Network> net = Attempt.of(() -> EarlyStart.withTrustStore(
                    () -> new Network(config, metrics, new DeferredCookiePersistence(opening))));
            Attempt<Database> db = Attempt.of(() -> StartTask.await(opening));
            Attempt<PluginHost> host = Attempt.of(() -> StartTask.await(loading));
            // Registered in the order of a sequential start, so close() goes plugins, network, database.
            database = open(db.value());
            network = open(net.value());
            plugins = open(host.value());
            Attempt.throwFirst(db, net, host);
            settings = new SqliteSettingsService(database, config);
            YtDlpFormatSelector selector = new YtDlpFormatSelector();
            extraction = new ExtractionService(plugins, network, settings, config,
                    new HostManifests(network.access("manifest")), selector, metrics);
            metadata = new MetadataService(extraction, settings, config);
            // Found on first use (FfmpegLocator): plain downloads never search for it or unpack the bundled one,
            // and a task that needs a missing ffmpeg fails naming what to install or set.
            FfmpegMerger ffmpeg = new FfmpegMerger(new FfmpegLocator(config), config.duration("ffmpeg.timeout"));
            downloads = open(new DownloadManager(config, database, events, extraction, selector,
                    Map.of(Protocol.HTTPS, new HttpDownloader(network, config),
                            Protocol.HLS, new HlsDownloader(network, config, Optional.of(ffmpeg)),
                            Protocol.DASH, new DashDownloader(network, config)),
                    Optional.of(ffmpeg), metrics, settings));
            downloads.start();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    Extraction extract(URI url) {
        return extraction.extract(url);
    }

    // Null when that part failed to start: Attempt.throwFirst then throws before anything uses it.
    private <T extends AutoCloseable> T open(T resource) {
        if (resource != null) {
            closeables.push(resource);
        }
        return resource;
    }

    /** The value of one start-up step, or what it threw. */
    private record Attempt<T>(T value, Throwable failure) {
        static <T> Attempt<T> of(Supplier<T> step) {
            try {
                return new Attempt<>(step.get(), null);
            } catch (RuntimeException | Error e) {
                return new Attempt<>(null, e);
            }
        }

        /** Throws the first failure of {@code attempts}, with the later ones suppressed; returns when none failed. */
        static void throwFirst(Attempt<?>... attempts) {
            Throwable first = null;
            for (Attempt<?> attempt : attempts) {
                if (attempt.failure() == null) {
                    continue;
                }
                if (first == null) {
                    first = attempt.failure();
                } else if (first != attempt.failure()) {
                    first.addSuppressed(attempt.failure());
                }
            }
            if (first instanceof RuntimeException e) {
                throw e;
            }
            if (first instanceof Error e) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable resource = closeables.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + resource.getClass().getSimpleName() + " failed", e);
            }
        }
        metrics.close();
    }
}
