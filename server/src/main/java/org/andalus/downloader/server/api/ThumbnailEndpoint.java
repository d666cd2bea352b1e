package org.andalus.downloader.server.api;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.net.HttpStatusException;
import org.andalus.downloader.core.net.ThumbnailCache;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.spi.model.Extraction;
import org.andalus.downloader.spi.model.MediaInfo;
import org.andalus.downloader.spi.model.Thumbnail;

/**
 * {@code GET /api/v1/downloads/{id}/thumbnail}: the task's thumbnail, for a web UI's queue list. The URL comes
 * from the task's extraction (the metadata cache answers for a recent one); the image is fetched once through
 * the task's platform and then served from the disk cache. Thumbnails are listed worst to best, like yt-dlp's,
 * so the last one is served.
 */
final class ThumbnailEndpoint {
    private final DownloadEndpoints downloads;
    private final MetadataLookup metadata;
    private final ThumbnailFetcher fetcher;

    ThumbnailEndpoint(DownloadEndpoints downloads, MetadataLookup metadata, ThumbnailFetcher fetcher) {
        this.downloads = requireNonNull(downloads, "downloads is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.fetcher = requireNonNull(fetcher, "fetcher is null");
    }

    void serve(HttpServerExchange exchange) throws IOException {
        DownloadTask task = downloads.find(Requests.id(exchange));
        MediaInfo media = mediaWithThumbnail(task);
        Thumbnail thumbnail = media.thumbnails().getLast();
        Path file;
        try {
            file = fetcher.fetch(thumbnail.url(), task.platform().orElse(media.extractor()));
        } catch (DownloadException e) {
            throw originFailed(task, e);
        }
        byte[] bytes = Files.readAllBytes(file);
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ThumbnailCache.contentType(file));
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        // the URL names a task, whose thumbnail does not change; a browser may keep it for a while
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, max-age=3600");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /** The task's media, when it has a thumbnail; a playlist's own task has none (its entries do). */
    private MediaInfo mediaWithThumbnail(DownloadTask task) {
        Extraction extraction = metadata.lookup(task.url());
        if (extraction instanceof MediaInfo media && !media.thumbnails().isEmpty()) {
            return media;
        }
        throw new ApiException(404, "NO_THUMBNAIL", "download " + task.id() + " has no thumbnail");
    }

    /** The origin's failure, whatever its status, is a bad gateway here: the task itself was found. */
    private static ApiException originFailed(DownloadTask task, DownloadException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", e.errorCode().name());
        if (e instanceof HttpStatusException status) {
            details.put("origin_status", status.status());
        }
        return new ApiException(502, "THUMBNAIL_UNAVAILABLE",
                "cannot fetch the thumbnail of download " + task.id() + ": " + e.getMessage(), details);
    }
}
