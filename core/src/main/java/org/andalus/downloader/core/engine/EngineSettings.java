package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.config.ConfigException;
import org.andalus.downloader.core.config.Units;
import org.andalus.downloader.core.output.OutputNamer;
import org.andalus.downloader.core.settings.Setting;
import org.andalus.downloader.core.settings.SettingsService;
import org.andalus.downloader.spi.model.Protocol;

/**
 * The engine's view of its settings: a value saved through the settings API wins over the configuration
 * file, and is read at each use, so a change applies to the next download without a restart.
 */
final class EngineSettings {
    private final Config config;
    private final SettingsService settings;

    /**
     * @throws ConfigException when the configuration's output template is malformed: the settings API checks
     *         the values it stores, the file and the flags ({@code get -o}) are checked here, before any download
     */
    EngineSettings(Config config, SettingsService settings) {
        this.config = requireNonNull(config, "config is null");
        this.settings = requireNonNull(settings, "settings is null");
        config.get("queue.output-template").ifPresent(template -> {
            try {
                OutputNamer.validateTemplate(template);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("queue.output-template", "is not a valid template: " + e.getMessage());
            }
        });
    }

    int maxConcurrent() {
        return Integer.parseInt(get("queue.max-concurrent"));
    }

    boolean paused() {
        return bool(get("queue.paused"));
    }

    /**
     * Parallel connections for one format: HTTP segments, or fragments in flight for HLS/DASH
     * ({@code download.concurrent-fragments}, like yt-dlp -N; falls back to the per-file connections).
     */
    int connections(Protocol protocol) {
        if (protocol != Protocol.HTTPS) {
            Optional<String> fragments = settings.get("download.concurrent-fragments").map(Setting::value)
                    .filter(v -> !v.isBlank()).or(() -> config.get("download.concurrent-fragments"));
            if (fragments.isPresent()) {
                return Integer.parseInt(fragments.get().trim());
            }
        }
        return connectionsPerFile();
    }

    int connectionsPerFile() {
        return Integer.parseInt(get("download.connections-per-file"));
    }

    boolean archiveEnabled() {
        return bool(get("queue.archive-enabled"));
    }

    String outputTemplate() {
        return get("queue.output-template");
    }

    Duration duration(String key) {
        return Units.parseDuration(key, get(key));
    }

    String get(String key) {
        return settings.get(key).map(Setting::value).filter(v -> !v.isBlank())
                .or(() -> config.get(key))
                .orElseThrow(() -> new IllegalStateException("setting " + key + " has no value"));
    }

    static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        };
    }
}
