package org.andalus.downloader.server.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.andalus.downloader.core.config.Config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code andalus serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = AndalusCli.Version.class,
        description = {"Starts the server: REST + WebSocket API, download queue, plugins.",
            "Configuration, lowest precedence first: built-in defaults, the config file, ANDALUS_* "
                + "environment variables, these flags."})
final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: conf/andalus.properties of the distribution, when present).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "server.port (default 8080).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "server.bind (default 127.0.0.1); anything but loopback needs --token.")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "storage.data-dir: the database (default ./data).")
    Path dataDir;

    @Option(names = "--download-dir", paramLabel = "DIR",
            description = "storage.download-dir: finished files (default ./downloads).")
    Path downloadDir;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "storage.plugins-dir: plugin jars, watched (default ./plugins).")
    Path pluginsDir;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "server.token: the bearer token clients must send.")
    String token;

    ServeCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The flags as configuration keys. */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        CliConfig.flag(flags, "server.port", port);
        CliConfig.flag(flags, "server.bind", bind);
        CliConfig.flag(flags, "storage.data-dir", dataDir);
        CliConfig.flag(flags, "storage.download-dir", downloadDir);
        CliConfig.flag(flags, "storage.plugins-dir", pluginsDir);
        CliConfig.flag(flags, "server.token", token);
        return flags;
    }

    Config configuration() {
        return CliConfig.load(Optional.ofNullable(config), context, flags());
    }

    /**
     * Serves until the runtime closes. A SIGTERM or SIGINT closes it through {@link ShutdownSignals} and exits 0
     * (1 when that close failed), not the JVM's 143/130; the shutdown hook covers the other ways the JVM ends.
     */
    @Override
    public Integer call() throws InterruptedException {
        AndalusRuntime runtime = context.runtimes().server(configuration());
        Thread hook = new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, "shutting down");
            runtime.close();
        }, "andalus-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (ShutdownSignals signals = ShutdownSignals.install(runtime::close)) {
            String where = runtime.apiUri().map(Object::toString).orElse("(no API)");
            spec.commandLine().getOut().println("Andalus " + AndalusCli.version() + " listening on " + where);
            spec.commandLine().getOut().flush();
            try {
                runtime.awaitShutdown();
            } finally {
                removeHook(hook);
                runtime.close();
            }
            Optional<RuntimeException> failed = signals.failure();
            if (failed.isPresent()) {
                spec.commandLine().getErr().println("error: the shutdown failed: " + failed.get().getMessage());
                return AndalusCli.EXIT_FAILURE;
            }
            return 0;
        }
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is running: nothing to remove.
        }
    }
}
