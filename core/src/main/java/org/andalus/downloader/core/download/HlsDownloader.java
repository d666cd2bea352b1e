package org.andalus.downloader.core.download;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.ffmpeg.FfmpegMerger;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.Protocol;

/**
 * Downloads an HLS rendition: reads its media playlist (or picks the variant of a master playlist),
 * fetches the segments concurrently through {@link FragmentFetcher}, and, when the segments are MPEG-TS
 * but the format's extension asks for MP4, remuxes them with ffmpeg (like yt-dlp's FixupM3u8) while they
 * download: the in-order stream goes to ffmpeg's stdin, so no pass over the whole file is left for the end.
 * Live playlists are refused.
 */
public final class HlsDownloader implements MediaDownloader {
    private static final Set<String> MP4_EXTENSIONS = Set.of("mp4", "m4a", "m4v", "mov");

    private final FragmentFetcher fetcher;
    private final Optional<FfmpegMerger> remuxer;

    /** A downloader that leaves MPEG-TS segments as they are. */
    public HlsDownloader(Network network, Config config) {
        this(network, config, Optional.empty());
    }

    /**
     * @param remuxer remuxes MPEG-TS into the format's container when its extension is an MP4 one;
     *        empty to keep the raw transport stream
     */
    public HlsDownloader(Network network, Config config, Optional<FfmpegMerger> remuxer) {
        this.fetcher = new FragmentFetcher(requireNonNull(network, "network is null"),
                requireNonNull(config, "config is null"));
        this.remuxer = requireNonNull(remuxer, "remuxer is null");
    }

    @Override
    public Protocol protocol() {
        return Protocol.HLS;
    }

    @Override
    public DownloadOutcome download(DownloadJob job, ProgressListener progress) {
        MediaFormat format = job.format();
        URI url = format.url();
        String text = fetcher.fetchText(url, format.httpHeaders(), job.platform(), "HLS playlist");
        if (HlsMediaPlaylist.isMaster(text)) {
            url = pickVariant(url, text, format);
            text = fetcher.fetchText(url, format.httpHeaders(), job.platform(), "HLS media playlist");
            if (HlsMediaPlaylist.isMaster(text)) {
                throw new DownloadException(ErrorCode.SITE_CHANGED, "the variant of an HLS master playlist is"
                        + " itself a master playlist: " + FragmentFetcher.redact(url));
            }
        }
        HlsMediaPlaylist playlist = HlsMediaPlaylist.parse(url, text);
        if (!playlist.endList()) {
            throw new DownloadException(ErrorCode.LIVE_NOT_SUPPORTED, "this HLS stream is live (its playlist has no"
                    + " #EXT-X-ENDLIST); live streams cannot be downloaded yet: " + FragmentFetcher.redact(url));
        }
        if (remuxer.isEmpty() || !MP4_EXTENSIONS.contains(format.ext().toLowerCase(Locale.ROOT))) {
            return fetcher.fetch(job, pieces(playlist), progress);
        }
        // MPEG-TS segments for an MP4 format: ffmpeg remuxes the stream while the fragments arrive.
        Path part = job.partFile();
        Path remuxed = part.resolveSibling(part.getFileName() + ".remux." + format.ext().toLowerCase(Locale.ROOT));
        boolean[] streamed = new boolean[1];
        DownloadOutcome outcome = fetcher.fetch(job, pieces(playlist), progress, first -> {
            if (!isTransportStream(first)) {
                return fetcher.partFileSink(part);
            }
            streamed[0] = true;
            return new MoveOnFinish(remuxer.get().remuxTransportStream(remuxed), remuxed, part);
        });
        if (!streamed[0]) {
            return outcome;
        }
        try {
            return new DownloadOutcome(Files.size(part), outcome.contentType(), outcome.resumed());
        } catch (IOException e) {
            throw new DownloadException(ErrorCode.STORAGE, "cannot read " + part + ": " + e.getMessage(), e);
        }
    }

    /** A sink whose output file replaces the part file once it is complete. */
    private record MoveOnFinish(StreamSink sink, Path output, Path part) implements StreamSink {
        @Override
        public void append(java.nio.channels.FileChannel fragment) {
            sink.append(fragment);
        }

        @Override
        public void finish() {
            sink.finish();
            try {
                Files.move(output, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new DownloadException(ErrorCode.STORAGE, "cannot replace " + part + " by its remuxed copy: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void abort() {
            sink.abort();
        }
    }

    static List<FragmentFetcher.Piece> pieces(HlsMediaPlaylist playlist) {
        List<FragmentFetcher.Piece> pieces = new ArrayList<>();
        Optional<HlsMediaPlaylist.InitSection> currentMap = Optional.empty();
        int total = playlist.segments().size();
        int number = 0;
        for (HlsMediaPlaylist.Segment segment : playlist.segments()) {
            number++;
            // An initialization section is needed again only when it changes (after a discontinuity).
            if (segment.map().isPresent() && !segment.map().equals(currentMap)) {
                HlsMediaPlaylist.InitSection map = segment.map().get();
                pieces.add(new FragmentFetcher.Piece("initialization segment", map.url(), map.range(),
                        map.key().map(k -> k.forSequence(segment.sequence())), java.util.OptionalDouble.empty()));
                currentMap = segment.map();
            }
            pieces.add(new FragmentFetcher.Piece("fragment " + number + "/" + total, segment.url(), segment.range(),
                    segment.key(), segment.duration()));
        }
        return pieces;
    }

    /**
     * The variant of a master playlist matching {@code format}: same resolution, else the closest
     * bandwidth to its bitrate, else the first.
     */
    static URI pickVariant(URI base, String master, MediaFormat format) {
        record Variant(URI url, long bandwidth, String resolution) {}
        List<Variant> variants = new ArrayList<>();
        Map<String, String> pending = null;
        for (String raw : master.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                pending = HlsMediaPlaylist.attributes(line.substring("#EXT-X-STREAM-INF:".length()));
            } else if (pending != null && !line.isEmpty() && !line.startsWith("#")) {
                long bandwidth;
                try {
                    bandwidth = Long.parseLong(pending.getOrDefault("BANDWIDTH", "0"));
                } catch (NumberFormatException e) {
                    bandwidth = 0;
                }
                variants.add(new Variant(base.resolve(line), bandwidth, pending.getOrDefault("RESOLUTION", "")));
                pending = null;
            }
        }
        if (variants.isEmpty()) {
            throw new DownloadException(ErrorCode.SITE_CHANGED, "the HLS master playlist lists no variants: "
                    + FragmentFetcher.redact(base));
        }
        if (format.width().isPresent() && format.height().isPresent()) {
            String wanted = format.width().getAsInt() + "x" + format.height().getAsInt();
            for (Variant v : variants) {
                if (v.resolution().equalsIgnoreCase(wanted)) {
                    return v.url();
                }
            }
        }
        if (format.tbr().isPresent()) {
            double wanted = format.tbr().getAsDouble() * 1000;
            Variant best = variants.get(0);
            for (Variant v : variants) {
                if (Math.abs(v.bandwidth() - wanted) < Math.abs(best.bandwidth() - wanted)) {
                    best = v;
                }
            }
            return best.url();
        }
        return variants.get(0).url();
    }

    private static boolean isTransportStream(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(189);
            // MPEG-TS packets are 188 bytes, each starting with the sync byte 0x47.
            return head.length == 189 && head[0] == 0x47 && head[188] == 0x47;
        } catch (IOException e) {
            throw new DownloadException(ErrorCode.STORAGE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

}
