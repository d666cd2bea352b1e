package org.andalus.downloader.core.download;

import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.Protocol;

/**
 * Fetches one {@link org.andalus.downloader.spi.model.MediaFormat}'s bytes into a {@code .part} file,
 * one implementation per {@link Protocol}. Implementations resume from what is already on disk, retry
 * transient failures themselves, and stop promptly when the job is cancelled.
 */
public interface MediaDownloader {
    /** The protocol this downloader handles. */
    Protocol protocol();

    /**
     * Downloads {@code job.format()} into {@code job.partFile()}, continuing from the bytes (or fragments)
     * already there. On success the part file holds the complete media; the caller renames it.
     *
     * @throws org.andalus.downloader.core.DownloadException with a categorized code on failure, or
     *         {@code ErrorCode.INTERNAL} wrapping an {@link InterruptedException} when cancelled
     */
    DownloadOutcome download(DownloadJob job, ProgressListener progress);

    /**
     * Whether {@link #download(DownloadJob, ProgressListener, StreamSink)} can stream {@code format}: its
     * bytes can be handed on in order while it downloads, and a reader needs no seeking (an initialization
     * segment then fragments, not a progressive file with its index at the end).
     */
    default boolean streams(MediaFormat format) {
        return false;
    }

    /**
     * Downloads {@code job.format()} into {@code sink}, in order, instead of into the part file; the sink is
     * finished on success and aborted on failure or cancellation. Resuming works as for
     * {@link #download(DownloadJob, ProgressListener)} (from the fragments kept next to the part file).
     *
     * @throws UnsupportedOperationException when {@link #streams} is false for the format
     */
    default DownloadOutcome download(DownloadJob job, ProgressListener progress, StreamSink sink) {
        throw new UnsupportedOperationException(protocol() + " downloads of " + job.format().formatId()
                + " cannot be streamed");
    }
}
