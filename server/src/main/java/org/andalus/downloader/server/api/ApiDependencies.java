package org.andalus.downloader.server.api;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.andalus.downloader.core.engine.Downloads;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.extract.ExtractorRegistry;
import org.andalus.downloader.core.settings.SettingsService;

/**
 * What the API serves, as interfaces so the server can be tested with fakes.
 *
 * @param downloads the engine facade behind {@code /downloads} and {@code /queue}
 * @param settings runtime settings behind {@code /settings}
 * @param registry the plugins behind {@code /platforms}
 * @param metadata extraction without download behind {@code /metadata}
 * @param status the numbers behind {@code /status}
 * @param events the bus the WebSocket {@code /events} relays
 * @param metrics the registry {@code /metrics} scrapes
 * @param downloadDir the folder every served file must be inside
 * @param cookies imports cookies.txt files behind {@code POST /platforms/{id}/cookies}
 * @param thumbnails fetches and caches the images behind {@code GET /downloads/{id}/thumbnail}
 */
public record ApiDependencies(
        Downloads downloads,
        SettingsService settings,
        ExtractorRegistry registry,
        MetadataLookup metadata,
        StatusSource status,
        EventBus events,
        PrometheusMeterRegistry metrics,
        Path downloadDir,
        CookieImport cookies,
        ThumbnailFetcher thumbnails) {
    public ApiDependencies {
        requireNonNull(cookies, "cookies is null");
        requireNonNull(thumbnails, "thumbnails is null");
        requireNonNull(downloads, "downloads is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(status, "status is null");
        requireNonNull(events, "events is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(downloadDir, "downloadDir is null");
    }

    /** Dependencies of a server without a thumbnail cache (the thumbnail endpoint answers 501). */
    public ApiDependencies(Downloads downloads, SettingsService settings, ExtractorRegistry registry,
            MetadataLookup metadata, StatusSource status, EventBus events, PrometheusMeterRegistry metrics,
            Path downloadDir, CookieImport cookies) {
        this(downloads, settings, registry, metadata, status, events, metrics, downloadDir, cookies, (url, platform) -> {
            throw new ApiException(501, "NOT_IMPLEMENTED", "this server does not cache thumbnails");
        });
    }

    /** The same dependencies, thumbnails fetched and cached by {@code fetcher}. */
    public ApiDependencies withThumbnails(ThumbnailFetcher fetcher) {
        return new ApiDependencies(downloads, settings, registry, metadata, status, events, metrics, downloadDir,
                cookies, fetcher);
    }

    /** Dependencies of a server that cannot import cookies (the import answers 501). */
    public ApiDependencies(Downloads downloads, SettingsService settings, ExtractorRegistry registry,
            MetadataLookup metadata, StatusSource status, EventBus events, PrometheusMeterRegistry metrics,
            Path downloadDir) {
        this(downloads, settings, registry, metadata, status, events, metrics, downloadDir, (platform, text) -> {
            throw new ApiException(501, "NOT_IMPLEMENTED", "this server does not keep cookies");
        });
    }
}
