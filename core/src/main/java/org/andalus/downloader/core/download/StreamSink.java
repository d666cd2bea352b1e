package org.andalus.downloader.core.download;

import java.nio.channels.FileChannel;

/**
 * Takes a fragmented download's bytes in order while the fragments arrive: the part file itself, or an
 * ffmpeg process that remuxes or merges the stream as it comes, so no pass over the whole file is left for
 * the end. The fragments stay in their sidecar folder until {@link #finish()} succeeds, so a download that
 * stops half-way resumes from them whatever the sink was.
 */
public interface StreamSink {
    /**
     * Appends all of {@code fragment} (from position 0), blocking while the consumer is behind.
     *
     * @throws org.andalus.downloader.core.DownloadException when the bytes cannot be written or the consumer
     *         has failed (quoting why)
     */
    void append(FileChannel fragment);

    /**
     * Ends the stream and waits for the consumer to complete its output.
     *
     * @throws org.andalus.downloader.core.DownloadException when the output could not be completed
     */
    void finish();

    /** Gives up: stops the consumer and removes its unfinished output. Safe to call more than once. */
    void abort();

    /**
     * Whether {@link #append} would start writing now. A sink that must first wait for something else (a merge
     * waiting for the other formats' files) says no, and the download goes on fetching fragments to disk
     * meanwhile instead of stopping at its window.
     */
    default boolean ready() {
        return true;
    }
}
