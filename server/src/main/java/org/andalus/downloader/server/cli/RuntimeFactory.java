package org.andalus.downloader.server.cli;

import org.andalus.downloader.core.config.Config;

/**
 * Makes the {@link AndalusRuntime} the commands run against. The real implementation is found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.andalus.downloader.server.cli.RuntimeFactory});
 * tests hand the commands a fake.
 */
public interface RuntimeFactory {
    /** Starts the engine, the plugins and the HTTP API as {@code config} says; returns once it listens. */
    AndalusRuntime server(Config config);

    /** Starts the engine and the plugins without the HTTP API, for one-shot commands. */
    AndalusRuntime embedded(Config config);

    /**
     * Called before the command line is parsed when the command is about to start an engine ({@code serve},
     * {@code get}, {@code info}, {@code plugins}): may begin, in the background, start-up work that needs no
     * configuration. Must return at once and must not fail. Does nothing by default.
     */
    default void prepare() {
    }
}
