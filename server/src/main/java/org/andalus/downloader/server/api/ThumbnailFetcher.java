package org.andalus.downloader.server.api;

import java.net.URI;
import java.nio.file.Path;

/**
 * Fetches a thumbnail once and keeps it on disk ({@code core.net.ThumbnailCache} in the server), so the
 * thumbnail endpoint does not reach the origin on every request.
 */
@FunctionalInterface
public interface ThumbnailFetcher {
    /**
     * @param url the thumbnail's URL, from the extraction
     * @param platform the extractor id whose network rules (proxy, cookies, rate limit) apply
     * @return the local copy
     * @throws org.andalus.downloader.core.DownloadException when the origin cannot be reached or refuses
     */
    Path fetch(URI url, String platform);
}
