package org.andalus.downloader.core.download;

import static org.andalus.downloader.core.download.FragmentTestSupport.CONFIG;
import static org.andalus.downloader.core.download.FragmentTestSupport.FFPROBE;
import static org.andalus.downloader.core.download.FragmentTestSupport.MERGER;
import static org.andalus.downloader.core.download.FragmentTestSupport.hls;
import static org.andalus.downloader.core.download.FragmentTestSupport.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.ffmpeg.Ffprobe;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.core.testing.MediaGenerator;
import org.andalus.downloader.core.testing.StaticFileServer;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.MediaFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlsDownloaderTest {
    private static final double SECONDS = 6;

    @TempDir
    static Path media;
    @TempDir
    Path out;

    private StaticFileServer server;
    private Network network;

    @BeforeAll
    static void generate() {
        MediaGenerator generator = new MediaGenerator(media);
        generator.hlsTs("ts", SECONDS);
        generator.hlsFmp4("fmp4", 4);
        generator.hlsAes128("aes", 4);
    }

    @BeforeEach
    void start() {
        server = new StaticFileServer(media);
        network = new Network(CONFIG);
    }

    @AfterEach
    void stop() {
        server.close();
        network.close();
    }

    private HlsDownloader downloader() {
        return new HlsDownloader(network, CONFIG, Optional.of(MERGER));
    }

    private static void assertMedia(Path file, String format, double seconds) {
        Ffprobe.Probe probe = FFPROBE.probe(file);
        assertThat(probe.formatName()).contains(format);
        assertThat(probe.duration()).isPresent();
        assertThat(probe.duration().getAsDouble()).isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.5));
        assertThat(probe.streams()).hasSize(2);
        assertThat(probe.codecs("video")).containsExactly("h264");
        assertThat(probe.codecs("audio")).containsExactly("aac");
    }

    @Test
    void downloadsTransportStreamSegmentsAndRemuxesThemToMp4() {
        Path part = out.resolve("ts.mp4.part");
        FragmentTestSupport.Progress progress = new FragmentTestSupport.Progress();

        DownloadOutcome outcome = downloader().download(job(hls(server.url("ts/index.m3u8"), "mp4"), part, 4), progress);

        assertMedia(part, "mp4", SECONDS);
        assertThat(outcome.bytes()).isEqualTo(sizeOf(part));
        assertThat(outcome.resumed()).isFalse();
        assertThat(outcome.contentType()).contains("video/mp2t");
        assertThat(progress.done.get()).isPositive().isEqualTo(progress.total.get());
        assertThat(FragmentFetcher.sidecar(part)).doesNotExist();
        assertThat(server.requests()).filteredOn(p -> p.endsWith(".ts")).hasSize(segmentCount("ts"));
    }

    @Test
    void keepsTheTransportStreamWhenTheFormatIsTs() {
        Path part = out.resolve("ts.ts.part");

        downloader().download(job(hls(server.url("ts/index.m3u8"), "ts"), part, 2), (d, t) -> { });

        assertMedia(part, "mpegts", SECONDS);
    }

    @Test
    void downloadsFragmentedMp4WithItsInitializationSection() {
        Path part = out.resolve("fmp4.mp4.part");

        downloader().download(job(hls(server.url("fmp4/index.m3u8"), "mp4"), part, 3), (d, t) -> { });

        assertMedia(part, "mp4", 4);
        assertThat(server.requestCount("fmp4/init.mp4")).isEqualTo(1);
    }

    @Test
    void decryptsAes128SegmentsFetchingTheKeyOnce() {
        Path part = out.resolve("aes.mp4.part");

        downloader().download(job(hls(server.url("aes/index.m3u8"), "mp4"), part, 4), (d, t) -> { });

        assertMedia(part, "mp4", 4);
        assertThat(server.requestCount("aes/key.bin")).isEqualTo(1);
    }

    @Test
    void decryptsAes128WithTheMediaSequenceNumberAsIvWhenThePlaylistGivesNone() throws Exception {
        // ffmpeg always writes an explicit IV, so this stream is encrypted here: IV = media sequence number.
        Path folder = Files.createDirectories(media.resolve("aes-seq"));
        byte[] key = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(folder.resolve("k.bin"), key);
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"k.bin\"\n");
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        long sequence = 7;
        for (Path segment : segments("ts")) {
            byte[] bytes = Files.readAllBytes(segment);
            plain.write(bytes);
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(java.nio.ByteBuffer.allocate(16).putLong(8, sequence++).array()));
            Files.write(folder.resolve(segment.getFileName()), cipher.doFinal(bytes));
            playlist.append("#EXTINF:1.0,\n").append(segment.getFileName()).append('\n');
        }
        Files.writeString(folder.resolve("index.m3u8"), playlist.append("#EXT-X-ENDLIST\n"));
        Path part = out.resolve("aes-seq.ts.part");

        downloader().download(job(hls(server.url("aes-seq/index.m3u8"), "ts"), part, 4), (d, t) -> { });

        assertThat(Files.readAllBytes(part)).isEqualTo(plain.toByteArray());
        assertMedia(part, "mpegts", SECONDS);
    }

    @Test
    void fetchesUpToNFragmentsAtOnce() {
        server.delayResponses(150);
        Path part = out.resolve("concurrent.ts.part");

        downloader().download(job(hls(server.url("ts/index.m3u8"), "ts"), part, 3), (d, t) -> { });

        assertThat(server.maxConcurrentRequests()).isBetween(2, 3);
        assertMedia(part, "mpegts", SECONDS);
    }

    @Test
    void picksTheVariantOfAMasterPlaylistMatchingTheFormat() throws IOException {
        Files.writeString(media.resolve("master.m3u8"), """
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360
                missing/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=160x120
                ts/index.m3u8
                """);
        MediaFormat format = hls(server.url("master.m3u8"), "ts").toBuilder().width(160).height(120).build();
        Path part = out.resolve("master.ts.part");

        downloader().download(job(format, part, 2), (d, t) -> { });

        assertMedia(part, "mpegts", SECONDS);
        assertThat(server.requests()).doesNotContain("/missing/index.m3u8");
    }

    @Test
    void refusesALivePlaylist() throws IOException {
        String vod = Files.readString(media.resolve("ts/index.m3u8"));
        Files.writeString(media.resolve("ts/live.m3u8"), vod.replace("#EXT-X-ENDLIST", "")
                .replace("#EXT-X-PLAYLIST-TYPE:VOD", ""));

        assertThatThrownBy(() -> downloader().download(job(hls(server.url("ts/live.m3u8"), "ts"),
                out.resolve("live.part"), 2), (d, t) -> { }))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.LIVE_NOT_SUPPORTED))
                .hasMessageContaining("live");
        assertThat(server.requests()).noneMatch(p -> p.endsWith(".ts"));
    }

    @Test
    void retriesAFragmentThatIsNotFoundTwiceThenSucceeds() {
        server.failNext("ts/seg002.ts", 404, 2);
        Path part = out.resolve("retry.ts.part");

        downloader().download(job(hls(server.url("ts/index.m3u8"), "ts"), part, 3), (d, t) -> { });

        assertMedia(part, "mpegts", SECONDS);
        assertThat(server.requestCount("ts/seg002.ts")).isEqualTo(3);
    }

    @Test
    void failsNamingTheFragmentThatIsNeverFound() {
        server.failNext("ts/seg002.ts", 404, Integer.MAX_VALUE);
        Path part = out.resolve("missing.ts.part");
        int count = segmentCount("ts");

        assertThatThrownBy(() -> downloader().download(job(hls(server.url("ts/index.m3u8"), "ts"), part, 2),
                (d, t) -> { }))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("fragment 3/" + count + " failed after 3 attempts: HTTP 404 "
                        + server.url("ts/seg002.ts"));
        assertThat(server.requestCount("ts/seg002.ts")).isEqualTo(3);
        assertThat(FragmentFetcher.sidecar(part)).isDirectory();
    }

    @Test
    void retriesATruncatedFragment() {
        server.truncateNext("ts/seg001.ts", 1000, 1);
        Path part = out.resolve("truncated.ts.part");

        downloader().download(job(hls(server.url("ts/index.m3u8"), "ts"), part, 2), (d, t) -> { });

        assertMedia(part, "mpegts", SECONDS);
        assertThat(server.requestCount("ts/seg001.ts")).isEqualTo(2);
        assertThat(sizeOf(part)).isEqualTo(totalSegmentBytes("ts"));
    }

    @Test
    void resumesAfterACancelledRunWithoutFetchingCompletedFragmentsAgain() throws IOException {
        Path part = out.resolve("resume.ts.part");
        Path sidecar = FragmentFetcher.sidecar(part);
        int stopAfter = 3;
        MediaFormat format = hls(server.url("ts/index.m3u8"), "ts");

        assertThatThrownBy(() -> downloader().download(job(format, part, 1, () -> completed(sidecar).size() >= stopAfter),
                (d, t) -> { }))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(InterruptedException.class));
        Set<String> kept = completed(sidecar);
        assertThat(kept).hasSizeGreaterThanOrEqualTo(stopAfter).hasSizeLessThan(segmentCount("ts"));
        server.clearRequests();

        DownloadOutcome outcome = new HlsDownloader(network, CONFIG, Optional.of(MERGER))
                .download(job(format, part, 2), (d, t) -> { });

        assertThat(outcome.resumed()).isTrue();
        Set<String> fetched = server.requests().stream().filter(p -> p.endsWith(".ts")).collect(Collectors.toSet());
        Set<String> keptSegments = kept.stream()
                .map(f -> String.format("/ts/seg%03d.ts", Integer.parseInt(f.substring(0, 5))))
                .collect(Collectors.toSet());
        assertThat(fetched).hasSize(segmentCount("ts") - kept.size()).doesNotContainAnyElementsOf(keptSegments);
        assertMedia(part, "mpegts", SECONDS);
        assertThat(sidecar).doesNotExist();
    }

    @Test
    void aCancelledRemuxKillsFfmpegKeepsTheFragmentsAndResumesIntoAPlayableMp4() {
        Path part = out.resolve("piped.mp4.part");
        Path sidecar = FragmentFetcher.sidecar(part);
        Path remuxed = out.resolve("piped.mp4.part.remux.mp4");
        MediaFormat format = hls(server.url("ts/index.m3u8"), "mp4");
        server.delayResponses(30);
        java.util.concurrent.atomic.AtomicBoolean ffmpegSeen = new java.util.concurrent.atomic.AtomicBoolean();

        assertThatThrownBy(() -> downloader().download(job(format, part, 1, () -> {
            if (ffmpegRunning(remuxed)) {
                ffmpegSeen.set(true);
            }
            return completed(sidecar).size() >= 3;
        }), (d, t) -> { }))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(InterruptedException.class));

        assertThat(ffmpegSeen).as("ffmpeg remuxed while the fragments came in").isTrue();
        assertThat(ffmpegRunning(remuxed)).as("the cancelled download killed ffmpeg").isFalse();
        assertThat(remuxed).doesNotExist();
        assertThat(part).doesNotExist();
        Set<String> kept = completed(sidecar);
        assertThat(kept).hasSizeGreaterThanOrEqualTo(3).hasSizeLessThan(segmentCount("ts"));
        server.delayResponses(0);
        server.clearRequests();

        DownloadOutcome outcome = downloader().download(job(format, part, 2), (d, t) -> { });

        assertThat(outcome.resumed()).isTrue();
        assertThat(server.requests().stream().filter(p -> p.endsWith(".ts")))
                .hasSize(segmentCount("ts") - kept.size());
        assertMedia(part, "mp4", SECONDS);
        assertThat(outcome.bytes()).isEqualTo(sizeOf(part));
        assertThat(sidecar).doesNotExist();
    }

    @Test
    void aFailingRemuxIsAClearErrorAndKeepsTheFragments() throws IOException {
        // An ffmpeg that fails as soon as it starts, the way a broken build or a full disk would.
        Path fake = out.resolve("ffmpeg");
        Files.writeString(fake, "#!/bin/sh\necho 'pipe:0: Invalid data found when processing input' >&2\nexit 1\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        org.andalus.downloader.core.config.Config config = CONFIG.with(java.util.Map.of("ffmpeg.path", fake.toString()));
        HlsDownloader downloader = new HlsDownloader(network, CONFIG, Optional.of(new org.andalus.downloader.core.ffmpeg
                .FfmpegMerger(new org.andalus.downloader.core.ffmpeg.FfmpegLocator(config), java.time.Duration.ofMinutes(1))));
        Path part = out.resolve("broken.mp4.part");

        assertThatThrownBy(() -> downloader.download(job(hls(server.url("ts/index.m3u8"), "mp4"), part, 2),
                (d, t) -> { }))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POSTPROCESSING_FAILED))
                .hasMessageContaining("remuxing the MPEG-TS stream into broken.mp4.part.remux.mp4 failed:"
                        + " ffmpeg exited with code 1")
                .hasMessageContaining("ffmpeg said:\npipe:0: Invalid data found when processing input");
        assertThat(completed(FragmentFetcher.sidecar(part))).isNotEmpty();
    }

    private static boolean ffmpegRunning(Path output) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .anyMatch(p -> p.info().arguments().map(a -> List.of(a).contains(output.toString())).orElse(false));
    }

    @Test
    void startsOverWhenTheSidecarHoldsFragmentsOfAnotherPlaylist() throws IOException {
        Path part = out.resolve("stale.ts.part");
        Path sidecar = Files.createDirectories(FragmentFetcher.sidecar(part));
        Files.writeString(sidecar.resolve("fragments.txt"), "http://elsewhere/seg000.ts -\n");
        Files.writeString(sidecar.resolve("00000.frag"), "not media");

        DownloadOutcome outcome = downloader().download(job(hls(server.url("ts/index.m3u8"), "ts"), part, 2),
                (d, t) -> { });

        assertThat(outcome.resumed()).isFalse();
        assertThat(sizeOf(part)).isEqualTo(totalSegmentBytes("ts"));
        assertMedia(part, "mpegts", SECONDS);
    }

    private static Set<String> completed(Path sidecar) {
        if (!Files.isDirectory(sidecar)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(sidecar)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".frag"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static int segmentCount(String folder) {
        return segments(folder).size();
    }

    private static long totalSegmentBytes(String folder) {
        return segments(folder).stream().mapToLong(HlsDownloaderTest::sizeOf).sum();
    }

    private static List<Path> segments(String folder) {
        try (Stream<Path> files = Files.list(media.resolve(folder))) {
            return files.filter(p -> p.getFileName().toString().startsWith("seg")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
