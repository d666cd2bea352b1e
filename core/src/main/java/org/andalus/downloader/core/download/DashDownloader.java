package org.andalus.downloader.core.download;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.ByteRange;
import org.andalus.downloader.spi.model.Fragment;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.Protocol;

import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads a DASH representation from the segments the manifest parser resolved
 * ({@link MediaFormat#initialization()} then {@link MediaFormat#fragments()}). A representation that is
 * one file (a single {@code BaseURL}, {@code SegmentBase}) is fetched as byte-range pieces of that file,
 * so it is still concurrent and resumable.
 */
public final class DashDownloader implements MediaDownloader {
    /** The size of the pieces a single-file representation is cut into. */
    static final long CHUNK = 8L << 20;

    private final Network network;
    private final FragmentFetcher fetcher;
    private final long chunk;

    public DashDownloader(Network network, Config config) {
        this(network, config, CHUNK);
    }

    DashDownloader(Network network, Config config, long chunk) {
        this.network = requireNonNull(network, "network is null");
        this.fetcher = new FragmentFetcher(network, requireNonNull(config, "config is null"));
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be positive");
        }
        this.chunk = chunk;
    }

    @Override
    public Protocol protocol() {
        return Protocol.DASH;
    }

    @Override
    public DownloadOutcome download(DownloadJob job, ProgressListener progress) {
        return fetcher.fetch(job, pieces(job), progress);
    }

    /** Segmented representations stream (initialization segment, then fragments); single files do not. */
    @Override
    public boolean streams(MediaFormat format) {
        return !format.fragments().isEmpty();
    }

    @Override
    public DownloadOutcome download(DownloadJob job, ProgressListener progress, StreamSink sink) {
        requireNonNull(sink, "sink is null");
        if (!streams(job.format())) {
            sink.abort();
            throw new UnsupportedOperationException("the single-file DASH representation " + job.format().formatId()
                    + " cannot be streamed");
        }
        try {
            return fetcher.fetch(job, pieces(job), progress, first -> sink);
        } catch (RuntimeException | Error e) {
            sink.abort(); // the fetcher aborts only a sink it has opened
            throw e;
        }
    }

    private List<FragmentFetcher.Piece> pieces(DownloadJob job) {
        MediaFormat format = job.format();
        List<FragmentFetcher.Piece> pieces = new ArrayList<>();
        if (!format.fragments().isEmpty()) {
            format.initialization().ifPresent(init -> pieces.add(piece("initialization segment", init)));
            int total = format.fragments().size();
            for (int i = 0; i < total; i++) {
                pieces.add(piece("fragment " + (i + 1) + "/" + total, format.fragments().get(i)));
            }
            return pieces;
        }
        // One file: its initialization (SegmentBase) is inside it, so only the file itself is fetched.
        OptionalLong length = format.filesize().isPresent() ? format.filesize() : probeLength(job);
        if (length.isEmpty()) {
            pieces.add(new FragmentFetcher.Piece("file", format.url(), Optional.empty(), Optional.empty(),
                    OptionalDouble.empty()));
            return pieces;
        }
        long size = length.getAsLong();
        int total = (int) ((size + chunk - 1) / chunk);
        for (int i = 0; i < total; i++) {
            long first = i * chunk;
            long last = Math.min(size, first + chunk) - 1;
            pieces.add(new FragmentFetcher.Piece("part " + (i + 1) + "/" + total, format.url(),
                    Optional.of(new ByteRange(first, last)), Optional.empty(), OptionalDouble.empty()));
        }
        return pieces;
    }

    private static FragmentFetcher.Piece piece(String label, Fragment fragment) {
        return new FragmentFetcher.Piece(label, fragment.url(), fragment.range(), Optional.empty(),
                fragment.duration());
    }

    /** The file's size from a one-byte ranged GET ({@code Content-Range: bytes 0-0/SIZE}), if the server says. */
    private OptionalLong probeLength(DownloadJob job) {
        Request.Builder request = new Request.Builder().url(job.format().url().toString());
        job.format().httpHeaders().forEach(request::header);
        request.header("Range", "bytes=0-0");
        try (Response response = network.newCall(request.build(), job.platform()).execute()) {
            if (response.code() == 206) {
                String range = response.header("Content-Range", "");
                int slash = range.lastIndexOf('/');
                if (slash >= 0 && !range.endsWith("*")) {
                    return OptionalLong.of(Long.parseLong(range.substring(slash + 1).strip()));
                }
            } else if (response.code() == 200 && response.body().contentLength() > 0) {
                return OptionalLong.of(response.body().contentLength());
            } else if (response.code() == 404 || response.code() == 410) {
                throw new DownloadException(ErrorCode.NOT_FOUND, "HTTP " + response.code() + " "
                        + FragmentFetcher.redact(job.format().url()));
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            // The pieces' own retries will tell whether the server is really unreachable.
            return OptionalLong.empty();
        }
    }
}
