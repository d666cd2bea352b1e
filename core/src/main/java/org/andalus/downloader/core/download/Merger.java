package org.andalus.downloader.core.download;

import java.nio.file.Path;
import java.util.List;

/** Joins separately downloaded streams (video-only + audio-only) into one file without re-encoding. */
public interface Merger {
    /**
     * @param inputs the downloaded streams
     * @param output the file to write
     * @throws org.andalus.downloader.core.DownloadException with {@code POSTPROCESSING_FAILED} on failure
     */
    void merge(List<Path> inputs, Path output);

    /** Whether {@link #mergeStreaming} works. */
    default boolean streams() {
        return false;
    }

    /**
     * Starts a merge whose input number {@code streamedIndex} arrives as a stream while it downloads (a
     * fragmented format: its initialization segment, then its fragments, in order) and whose other inputs
     * are the finished files {@code files}, in the order of the inputs; the output keeps that order too.
     *
     * @return the sink the streamed input is appended to
     * @throws UnsupportedOperationException when {@link #streams()} is false
     */
    default StreamSink mergeStreaming(List<Path> files, int streamedIndex, Path output) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot merge a stream");
    }
}
