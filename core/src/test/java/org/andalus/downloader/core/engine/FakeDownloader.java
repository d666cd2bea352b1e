package org.andalus.downloader.core.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.download.DownloadJob;
import org.andalus.downloader.core.download.DownloadOutcome;
import org.andalus.downloader.core.download.MediaDownloader;
import org.andalus.downloader.core.download.ProgressListener;
import org.andalus.downloader.core.download.StreamSink;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.Protocol;

/**
 * Writes {@link FakeSite#SIZE} bytes (the media id's first letter repeated) in 100-byte steps, resuming
 * from the part file. A media id listed in {@link #gate(String)} writes half, then waits for the gate or
 * for cancellation; ids starting with {@code fail} end in a NETWORK error.
 */
final class FakeDownloader implements MediaDownloader {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<Long> resumedFrom = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> halfway = new ConcurrentHashMap<>();

    @Override
    public Protocol protocol() {
        return Protocol.HTTPS;
    }

    /** Makes downloads of {@code mediaId} stop halfway until {@link #open(String)}. */
    void gate(String mediaId) {
        gates.put(mediaId, new CountDownLatch(1));
        halfway.put(mediaId, new CountDownLatch(1));
    }

    void open(String mediaId) {
        gates.get(mediaId).countDown();
    }

    /** Waits until a gated download of {@code mediaId} has written half its bytes. */
    boolean awaitHalfway(String mediaId) throws InterruptedException {
        return halfway.get(mediaId).await(10, TimeUnit.SECONDS);
    }

    /** Set to make every format streamable, as segmented DASH is. */
    volatile boolean streams;
    /** The part files the streaming downloads were given (they must stay unwritten). */
    final List<Path> streamedParts = new CopyOnWriteArrayList<>();

    @Override
    public boolean streams(MediaFormat format) {
        return streams;
    }

    /** Hands the same bytes as {@link #download(DownloadJob, ProgressListener)} to the sink in 100-byte appends. */
    @Override
    public DownloadOutcome download(DownloadJob job, ProgressListener progress, StreamSink sink) {
        String mediaId = job.format().url().getPath().split("/")[1];
        started.add(mediaId + "/" + job.format().formatId());
        streamedParts.add(job.partFile());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Path chunkFile = job.partFile().resolveSibling(job.partFile().getFileName() + ".chunk");
        try {
            byte[] chunk = new byte[100];
            java.util.Arrays.fill(chunk, (byte) mediaId.charAt(0));
            Files.write(chunkFile, chunk);
            long have = 0;
            try (FileChannel in = FileChannel.open(chunkFile)) {
                while (have < FakeSite.SIZE) {
                    if (job.cancelled().getAsBoolean()) {
                        throw new DownloadException(ErrorCode.INTERNAL, "cancelled", new InterruptedException());
                    }
                    sink.append(in);
                    have += chunk.length;
                    progress.onProgress(have, FakeSite.SIZE);
                }
            }
            sink.finish();
            return new DownloadOutcome(have, Optional.of("video/mp4"), false);
        } catch (IOException e) {
            sink.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            sink.abort();
            throw e;
        } finally {
            try {
                Files.deleteIfExists(chunkFile);
            } catch (IOException e) {
                // left in a temp folder
            }
            inFlight.decrementAndGet();
        }
    }

    @Override
    public DownloadOutcome download(DownloadJob job, ProgressListener progress) {
        String[] path = job.format().url().getPath().split("/");
        String mediaId = path[1];
        started.add(mediaId + "/" + job.format().formatId());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (mediaId.startsWith("fail")) {
                throw new DownloadException(ErrorCode.NETWORK, "connection reset by fake peer");
            }
            Path part = job.partFile();
            long have = Files.exists(part) ? Files.size(part) : 0;
            resumedFrom.add(have);
            byte[] chunk = new byte[100];
            java.util.Arrays.fill(chunk, (byte) mediaId.charAt(0));
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                while (have < FakeSite.SIZE) {
                    if (job.cancelled().getAsBoolean()) {
                        return new DownloadOutcome(have, Optional.empty(), true);
                    }
                    CountDownLatch gate = gates.get(mediaId);
                    if (gate != null && have >= FakeSite.SIZE / 2) {
                        out.flush();
                        halfway.get(mediaId).countDown();
                        while (!gate.await(10, TimeUnit.MILLISECONDS)) {
                            if (job.cancelled().getAsBoolean()) {
                                return new DownloadOutcome(have, Optional.empty(), true);
                            }
                        }
                    }
                    out.write(chunk);
                    have += chunk.length;
                    progress.onProgress(have, FakeSite.SIZE);
                }
            }
            return new DownloadOutcome(have, Optional.of("video/mp4"), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(ErrorCode.INTERNAL, "interrupted", e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
