package org.andalus.downloader.server.app;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.server.cli.AndalusRuntime;
import org.andalus.downloader.server.cli.RuntimeFactory;

/** The real runtime behind the CLI, registered for {@link java.util.ServiceLoader}. */
public final class ServerRuntimeFactory implements RuntimeFactory {
    @Override
    public AndalusRuntime server(Config config) {
        return EngineRuntime.withApi(config);
    }

    @Override
    public AndalusRuntime embedded(Config config) {
        return EngineRuntime.embedded(config);
    }

    /** Begins the configuration-free part of the engine's start ({@link EarlyStart}) on a background thread. */
    @Override
    public void prepare() {
        EarlyStart.begin();
    }
}
