package org.andalus.downloader.core.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.testing.MediaGenerator;
import org.andalus.downloader.spi.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegMergerTest {
    private static final FfmpegLocator LOCATOR = new FfmpegLocator(Config.defaults());
    private static final FfmpegMerger MERGER = new FfmpegMerger(LOCATOR, Duration.ofMinutes(1));

    @TempDir
    static Path media;
    static Path video;
    static Path audio;
    static Path both;

    @TempDir
    Path out;

    @BeforeAll
    static void generate() {
        MediaGenerator generator = new MediaGenerator(media);
        video = generator.videoOnly("video.mp4", 2);
        audio = generator.audioOnly("audio.m4a", 2);
        both = generator.mp4("both.mp4", 2);
        generator.dash("dash", 2, false);
        generator.hlsTs("hls", 2);
    }

    /** The files of a stream in download order: a DASH representation's init segment and chunks, or HLS segments. */
    private static List<Path> pieces(String folder, String prefix) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(media.resolve(folder))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void feed(org.andalus.downloader.core.download.StreamSink sink, List<Path> files) {
        for (Path file : files) {
            try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
                sink.append(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static List<Path> fragmentedVideo() {
        List<Path> pieces = new java.util.ArrayList<>(pieces("dash", "init-0"));
        pieces.addAll(pieces("dash", "chunk-0-"));
        return pieces;
    }

    @Test
    void mergesAStreamedFragmentedVideoWithAnAudioFile() {
        Path merged = out.resolve("streamed.mp4");

        org.andalus.downloader.core.download.StreamSink sink = MERGER.mergeStreaming(List.of(audio), 0, merged);
        feed(sink, fragmentedVideo());
        sink.finish();

        Ffprobe.Probe probe = Ffprobe.of(LOCATOR).probe(merged);
        assertThat(probe.formatName()).contains("mp4");
        assertThat(probe.streams()).extracting(Ffprobe.Stream::type).containsExactly("video", "audio");
        assertThat(probe.codecs("video")).containsExactly("h264");
        assertThat(probe.codecs("audio")).containsExactly("aac");
        assertThat(probe.duration().getAsDouble()).isCloseTo(2, offset(0.5));
    }

    @Test
    void aStreamedMergeKeepsTheCallersOrderOfTheInputs() {
        Path merged = out.resolve("audio-first.mkv");

        org.andalus.downloader.core.download.StreamSink sink = MERGER.mergeStreaming(List.of(audio), 1, merged);
        feed(sink, fragmentedVideo());
        sink.finish();

        assertThat(Ffprobe.of(LOCATOR).probe(merged).streams()).extracting(Ffprobe.Stream::type)
                .containsExactly("audio", "video");
    }

    @Test
    void remuxesAStreamedTransportStreamIntoMp4() {
        Path mp4 = out.resolve("remuxed.mp4");

        org.andalus.downloader.core.download.StreamSink sink = MERGER.remuxTransportStream(mp4);
        feed(sink, pieces("hls", "seg"));
        sink.finish();

        Ffprobe.Probe probe = Ffprobe.of(LOCATOR).probe(mp4);
        assertThat(probe.formatName()).contains("mp4");
        assertThat(probe.codecs("video")).containsExactly("h264");
        assertThat(probe.codecs("audio")).containsExactly("aac");
        assertThat(probe.duration().getAsDouble()).isCloseTo(2, offset(0.5));
    }

    @Test
    void aFailedStreamedMergeQuotesFfmpegsErrorOutputAndLeavesNoOutput() {
        Path merged = out.resolve("failed.mp4");
        Path missing = out.resolve("missing.m4a");

        assertThatThrownBy(() -> {
            org.andalus.downloader.core.download.StreamSink sink = MERGER.mergeStreaming(List.of(missing), 0, merged);
            feed(sink, fragmentedVideo());
            sink.finish();
        }).isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POSTPROCESSING_FAILED))
                .hasMessageContaining("merging 2 streams into failed.mp4 failed: ffmpeg exited with code")
                .hasMessageContaining("ffmpeg said:")
                .hasMessageContaining("missing.m4a");
        assertThat(merged).doesNotExist();
    }

    @Test
    void anFfmpegThatStopsReadingIsKilledAfterTheTimeout() throws java.io.IOException {
        // an "ffmpeg" that never reads its stdin: the pipe fills up and the write blocks
        Path hung = out.resolve("hung-ffmpeg");
        java.nio.file.Files.writeString(hung, "#!/bin/sh\nexec sleep 30\n");
        assertThat(hung.toFile().setExecutable(true)).isTrue();
        FfmpegMerger merger = new FfmpegMerger(new FfmpegLocator(Config.defaults().with("ffmpeg.path", hung.toString())),
                Duration.ofMillis(300));
        Path big = java.nio.file.Files.write(out.resolve("big.ts"), new byte[4 << 20]);
        org.andalus.downloader.core.download.StreamSink sink = merger.remuxTransportStream(out.resolve("hung.mp4"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> feed(sink, List.of(big)))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POSTPROCESSING_FAILED))
                .hasMessageContaining("failed: ffmpeg read nothing for 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(((FfmpegStream) sink).alive()).isFalse();
    }

    @Test
    void abortingAStreamKillsFfmpegAndRemovesItsOutput() {
        Path mp4 = out.resolve("aborted.mp4");
        FfmpegStream sink = (FfmpegStream) MERGER.remuxTransportStream(mp4);
        feed(sink, pieces("hls", "seg").subList(0, 1));
        assertThat(sink.alive()).isTrue();

        sink.abort();

        assertThat(sink.alive()).isFalse();
        assertThat(mp4).doesNotExist();
    }

    @Test
    void choosesTheContainerFromTheCodecs() {
        assertThat(FfmpegMerger.containerFor("avc1.64001f", "mp4a.40.2")).isEqualTo("mp4");
        assertThat(FfmpegMerger.containerFor("hev1.1.6.L93.B0", "ac-3")).isEqualTo("mp4");
        assertThat(FfmpegMerger.containerFor("av01.0.05M.08", "mp4a.40.5")).isEqualTo("mp4");
        assertThat(FfmpegMerger.containerFor("vp9", "opus")).isEqualTo("webm");
        assertThat(FfmpegMerger.containerFor("vp09.00.40.08", "vorbis")).isEqualTo("webm");
        assertThat(FfmpegMerger.containerFor("av01.0.08M.08", "opus")).isEqualTo("webm");
        assertThat(FfmpegMerger.containerFor("vp9", "mp4a.40.2")).isEqualTo("mkv");
        assertThat(FfmpegMerger.containerFor("avc1.4d401e", "opus")).isEqualTo("mkv");
        assertThat(FfmpegMerger.containerFor("none", "mp4a.40.2")).isEqualTo("mp4");
        assertThat(FfmpegMerger.containerFor("", "")).isEqualTo("mkv");
    }

    @Test
    void mergesSeparateVideoAndAudioIntoOneFileWithTwoStreams() {
        Path merged = out.resolve("merged.mp4");

        MERGER.merge(List.of(video, audio), merged);

        Ffprobe.Probe probe = Ffprobe.of(LOCATOR).probe(merged);
        assertThat(probe.formatName()).contains("mp4");
        assertThat(probe.streams()).hasSize(2);
        assertThat(probe.codecs("video")).containsExactly("h264");
        assertThat(probe.codecs("audio")).containsExactly("aac");
        assertThat(probe.duration().getAsDouble()).isCloseTo(2, offset(0.5));
    }

    @Test
    void mergesIntoMatroskaByTheOutputExtension() {
        Path merged = out.resolve("merged.mkv");

        MERGER.merge(List.of(video, audio), merged);

        Ffprobe.Probe probe = Ffprobe.of(LOCATOR).probe(merged);
        assertThat(probe.formatName()).contains("matroska");
        assertThat(probe.streams()).hasSize(2);
    }

    @Test
    void remuxesWithoutReencoding() {
        Path ts = out.resolve("both.ts");

        MERGER.remux(both, ts);

        Ffprobe.Probe probe = Ffprobe.of(LOCATOR).probe(ts);
        assertThat(probe.formatName()).isEqualTo("mpegts");
        assertThat(probe.codecs("video")).containsExactly("h264");
        assertThat(probe.codecs("audio")).containsExactly("aac");
    }

    @Test
    void aRemuxRunsFfmpegOnceWithoutAVersionCheck() throws java.io.IOException {
        // a wrapper that records each invocation, then runs the real ffmpeg
        Path calls = out.resolve("calls.txt");
        Path wrapper = out.resolve("ffmpeg");
        java.nio.file.Files.writeString(wrapper, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec '"
                + LOCATOR.ffmpeg() + "' \"$@\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        FfmpegMerger merger = new FfmpegMerger(new FfmpegLocator(Config.defaults().with("ffmpeg.path",
                wrapper.toString())), Duration.ofMinutes(1));
        Path mp4 = out.resolve("again.mp4");

        merger.remux(both, mp4);

        List<String> invocations = java.nio.file.Files.readAllLines(calls);
        assertThat(invocations).hasSize(1);
        assertThat(invocations.get(0)).doesNotContain("-version").contains("-c copy").contains("aac_adtstoasc");
        Ffprobe.Probe probe = Ffprobe.of(LOCATOR).probe(mp4);
        assertThat(probe.codecs("video")).containsExactly("h264");
        assertThat(probe.codecs("audio")).containsExactly("aac");
    }

    @Test
    void aFailedMergeQuotesFfmpegsErrorOutput() {
        // WebM cannot carry H.264: ffmpeg refuses and says why.
        assertThatThrownBy(() -> MERGER.merge(List.of(video, audio), out.resolve("bad.webm")))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POSTPROCESSING_FAILED))
                .hasMessageContaining("merging 2 streams into bad.webm failed")
                .hasMessageContaining("ffmpeg said:")
                .hasMessageContaining("Only VP8 or VP9 or AV1 video");
    }

    @Test
    void anUnknownOutputExtensionIsAClearError() {
        assertThatThrownBy(() -> MERGER.merge(List.of(video, audio), out.resolve("merged.xyz")))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("cannot tell the container of merged.xyz");
    }
}
