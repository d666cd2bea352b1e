package org.andalus.downloader.core.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.andalus.downloader.core.download.Merger;
import org.andalus.downloader.core.download.StreamSink;
import org.andalus.downloader.core.format.FormatSelection;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.MediaInfo;

/** Selects every format (so {@code /av/} media needs a merge); merges by concatenation. */
final class FakeFormats implements FormatSelection, Merger {
    @Override
    public List<MediaFormat> select(MediaInfo media, Optional<String> format, Optional<String> quality) {
        return media.formats();
    }

    /** Set to merge a streamed input (see {@link #mergeStreaming}). */
    volatile boolean streams;
    /** How many streamed merges were started, and how many of them were aborted. */
    final java.util.concurrent.atomic.AtomicInteger streamedMerges = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger abortedMerges = new java.util.concurrent.atomic.AtomicInteger();
    /** Whether every file input was complete when a streamed merge started. */
    final java.util.List<Long> fileSizesAtStart = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public boolean streams() {
        return streams;
    }

    /** Concatenates the inputs in the caller's order, the streamed one collected from its appends. */
    @Override
    public StreamSink mergeStreaming(List<Path> files, int streamedIndex, Path output) {
        streamedMerges.incrementAndGet();
        for (Path file : files) {
            try {
                fileSizesAtStart.add(Files.size(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        return new StreamSink() {
            @Override
            public void append(java.nio.channels.FileChannel fragment) {
                try {
                    streamed.write(java.nio.channels.Channels.newInputStream(fragment.position(0)).readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void finish() {
                List<Path> inputs = new java.util.ArrayList<>(files);
                try (OutputStream out = Files.newOutputStream(output)) {
                    for (int i = 0; i <= files.size(); i++) {
                        if (i == streamedIndex) {
                            streamed.writeTo(out);
                        } else {
                            Files.copy(inputs.get(i < streamedIndex ? i : i - 1), out);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void abort() {
                abortedMerges.incrementAndGet();
            }
        };
    }

    @Override
    public void merge(List<Path> inputs, Path output) {
        try (OutputStream out = Files.newOutputStream(output)) {
            for (Path input : inputs) {
                Files.copy(input, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
