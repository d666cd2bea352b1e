package org.andalus.downloader.core.download;

import java.util.Optional;

import okhttp3.Response;

/**
 * What a {@code Range: bytes=0-0} request tells about a resource before a segmented transfer plans: whether it
 * honours ranges, its length and its validators (which must match a saved state to resume from it).
 *
 * @param ranges the server answered 206 with a usable total
 * @param total the length, or -1 when unknown
 */
record HttpProbe(boolean ranges, long total, String etag, String lastModified, Optional<String> contentType) {
    /** Reads the probe's answer; empty for a status that is not an answer (the caller treats it as a failure). */
    static Optional<HttpProbe> of(Response r) {
        int code = r.code();
        String tag = r.header("ETag", "");
        String modified = r.header("Last-Modified", "");
        Optional<String> type = Optional.ofNullable(r.header("Content-Type"));
        if (code == 206) {
            long t = HttpContentRange.parse(r.header("Content-Range")).map(HttpContentRange::total).orElse(-1L);
            return Optional.of(new HttpProbe(t >= 0, t, tag, modified, type));
        }
        if (code == 416) {
            // an empty resource: nothing to split
            return Optional.of(new HttpProbe(false, -1, tag, modified, type));
        }
        if (code == 200) {
            return Optional.of(new HttpProbe(false, r.body().contentLength(), tag, modified, type));
        }
        return Optional.empty();
    }
}
