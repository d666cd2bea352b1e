package org.andalus.downloader.server.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.engine.Downloads;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.extract.PlatformInfo;
import org.andalus.downloader.server.api.ApiDependencies;
import org.andalus.downloader.server.api.ApiOptions;
import org.andalus.downloader.server.api.ApiServer;
import org.andalus.downloader.server.api.YtDlpJson;
import org.andalus.downloader.server.cli.AndalusRuntime;
import org.andalus.downloader.spi.model.Extraction;

/** An {@link Engine}, with or without the HTTP API in front of it. */
final class EngineRuntime implements AndalusRuntime {
    private final Engine engine;
    private final Optional<ApiServer> api;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private EngineRuntime(Engine engine, Optional<ApiServer> api) {
        this.engine = engine;
        this.api = api;
    }

    /** One-shot commands run for seconds: watching the plugin folders for changes would only cost a thread. */
    static EngineRuntime embedded(Config config) {
        return new EngineRuntime(new Engine(config.with("plugins.watch", "false")), Optional.empty());
    }

    static EngineRuntime withApi(Config config) {
        ApiOptions options = ApiOptions.from(config);
        Engine engine = new Engine(config);
        try {
            Path downloadDir = config.path("storage.download-dir").toAbsolutePath().normalize();
            ApiServer server = new ApiServer(new ApiDependencies(engine.downloads, engine.settings, engine.plugins,
                    engine.metadata::metadata, new EngineStatusSource(engine.downloads, downloadDir),
                    engine.events, engine.metrics, downloadDir, engine.network::importCookies)
                    .withThumbnails(engine.network.thumbnails()::fetch), options);
            server.start();
            return new EngineRuntime(engine, Optional.of(server));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    @Override
    public Downloads downloads() {
        return engine.downloads;
    }

    @Override
    public EventBus events() {
        return engine.events;
    }

    @Override
    public Extraction extract(URI url) {
        return engine.extract(url);
    }

    @Override
    public List<PlatformInfo> platforms() {
        return engine.plugins.platforms();
    }

    @Override
    public String toYtDlpJson(Extraction extraction) {
        return YtDlpJson.toJson(extraction).toPrettyString();
    }

    @Override
    public Optional<URI> apiUri() {
        return api.map(server -> URI.create("http://" + hostLiteral(engine.config.string("server.bind")) + ":"
                + server.port()));
    }

    @Override
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            api.ifPresent(ApiServer::close);
            engine.close();
        } finally {
            closed.countDown();
        }
    }

    private static String hostLiteral(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
