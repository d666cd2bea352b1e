package org.andalus.downloader.core.ffmpeg;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.download.Merger;
import org.andalus.downloader.core.download.StreamSink;
import org.andalus.downloader.spi.ErrorCode;

import net.bramp.ffmpeg.builder.FFmpegBuilder;
import net.bramp.ffmpeg.builder.FFmpegOutputBuilder;

/**
 * Merges separately downloaded streams and remuxes containers with ffmpeg, never re-encoding
 * ({@code -c copy}). The container follows the output file's extension; {@link #containerFor} picks one
 * from the codecs the way yt-dlp's merge-output-format does.
 */
public final class FfmpegMerger implements Merger {
    private static final Set<String> MP4_VIDEO = Set.of("avc1", "avc3", "h264", "hev1", "hvc1", "hevc", "h265", "av01");
    private static final Set<String> MP4_AUDIO = Set.of("mp4a", "aac", "ac-3", "ac3", "ec-3", "eac3", "mp3");
    private static final Set<String> WEBM_VIDEO = Set.of("vp8", "vp08", "vp9", "vp09", "av1", "av01");
    private static final Set<String> WEBM_AUDIO = Set.of("opus", "vorbis");

    private final FfmpegLocator locator;
    private final Duration timeout;

    /**
     * @param locator where ffmpeg is
     * @param timeout the longest a merge or remux may run
     */
    public FfmpegMerger(FfmpegLocator locator, Duration timeout) {
        this.locator = requireNonNull(locator, "locator is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * The container extension for a merge of these codecs: {@code mp4} for AVC/HEVC/AV1 with AAC/AC-3,
     * {@code webm} for VP8/VP9/AV1 with Opus/Vorbis, {@code mkv} for anything else. An absent side
     * ({@code "none"} or empty) does not constrain the choice.
     */
    public static String containerFor(String vcodec, String acodec) {
        String v = family(vcodec);
        String a = family(acodec);
        boolean noVideo = v.isEmpty() || v.equals("none");
        boolean noAudio = a.isEmpty() || a.equals("none");
        if ((noVideo || MP4_VIDEO.contains(v)) && (noAudio || MP4_AUDIO.contains(a)) && !(noVideo && noAudio)) {
            return "mp4";
        }
        if ((noVideo || WEBM_VIDEO.contains(v)) && (noAudio || WEBM_AUDIO.contains(a)) && !(noVideo && noAudio)) {
            return "webm";
        }
        return "mkv";
    }

    private static String family(String codec) {
        String c = codec == null ? "" : codec.strip().toLowerCase(Locale.ROOT);
        int dot = c.indexOf('.');
        return dot < 0 ? c : c.substring(0, dot);
    }

    /**
     * Copies every stream of every input into {@code output}, whose extension decides the container.
     */
    @Override
    public void merge(List<Path> inputs, Path output) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(output, "output is null");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        FFmpegBuilder builder = new FFmpegBuilder().overrideOutputFiles(true)
                .setVerbosity(FFmpegBuilder.Verbosity.ERROR);
        inputs.forEach(in -> builder.addInput(in.toString()));
        FFmpegOutputBuilder out = builder.addOutput(output.toString()).setFormat(muxer(output))
                .addExtraArgs("-c", "copy");
        for (int i = 0; i < inputs.size(); i++) {
            out.addExtraArgs("-map", i + "");
        }
        run(out.done(), "merging " + inputs.size() + " streams into " + output.getFileName());
    }

    /**
     * Rewraps {@code in} into the container of {@code out}'s extension, without re-encoding: for example
     * the MPEG-TS an HLS download assembles into MP4 (with {@code aac_adtstoasc}, which ADTS AAC in TS needs).
     */
    public void remux(Path in, Path out) {
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        String muxer = muxer(out);
        FFmpegBuilder builder = new FFmpegBuilder().overrideOutputFiles(true)
                .setVerbosity(FFmpegBuilder.Verbosity.ERROR).addInput(in.toString());
        FFmpegOutputBuilder output = builder.addOutput(out.toString()).setFormat(muxer)
                .addExtraArgs("-map", "0", "-c", "copy");
        if (muxer.equals("mp4") || muxer.equals("ipod") || muxer.equals("mov")) {
            // Harmless for non-ADTS audio; required for the ADTS AAC of transport streams.
            output.addExtraArgs("-bsf:a", "aac_adtstoasc");
        }
        run(output.done(), "remuxing " + in.getFileName() + " into " + out.getFileName());
    }

    /**
     * Merges while the input at {@code streamedIndex} downloads: ffmpeg reads it from stdin (fragmented MP4 or
     * WebM, which need no seeking) and the finished {@code files} as the other inputs.
     */
    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public StreamSink mergeStreaming(List<Path> files, int streamedIndex, Path output) {
        requireNonNull(files, "files is null");
        requireNonNull(output, "output is null");
        if (streamedIndex < 0 || streamedIndex > files.size()) {
            throw new IllegalArgumentException("streamedIndex " + streamedIndex + " is not in 0.." + files.size());
        }
        List<String> command = start();
        // With several inputs ffmpeg (before 7) reads each on its own thread through a queue of 8 packets and,
        // finding the stream's queue empty, sleeps 10 ms: a merge from a pipe took 3x as long as from files.
        command.addAll(List.of("-thread_queue_size", "1024", "-i", "pipe:0"));
        files.forEach(f -> command.addAll(List.of("-thread_queue_size", "1024", "-i", f.toString())));
        // ffmpeg's input 0 is the stream; the output keeps the caller's order of the inputs.
        for (int i = 0; i <= files.size(); i++) {
            int input = i == streamedIndex ? 0 : i < streamedIndex ? i + 1 : i;
            command.addAll(List.of("-map", String.valueOf(input)));
        }
        command.addAll(List.of("-c", "copy", "-f", muxer(output), output.toString()));
        return FfmpegStream.start(command, output, timeout,
                "merging " + (files.size() + 1) + " streams into " + output.getFileName());
    }

    /**
     * Remuxes an MPEG-TS stream into {@code out}'s container while it downloads: ffmpeg reads the transport
     * stream from stdin, so only the tail is left to write when the last fragment is in.
     */
    public StreamSink remuxTransportStream(Path out) {
        requireNonNull(out, "out is null");
        String muxer = muxer(out);
        List<String> command = start();
        command.addAll(List.of("-f", "mpegts", "-i", "pipe:0", "-map", "0", "-c", "copy"));
        if (muxer.equals("mp4") || muxer.equals("ipod") || muxer.equals("mov")) {
            command.addAll(List.of("-bsf:a", "aac_adtstoasc"));
        }
        command.addAll(List.of("-f", muxer, out.toString()));
        return FfmpegStream.start(command, out, timeout, "remuxing the MPEG-TS stream into " + out.getFileName());
    }

    private List<String> start() {
        return new ArrayList<>(List.of(locator.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y"));
    }

    /**
     * Runs ffmpeg with the builder's arguments directly. ffmpeg-cli-wrapper's {@code FFmpeg} would first run
     * {@code ffmpeg -version} to check the executable (~0.1 s, a second process per merge or remux); a wrong
     * executable fails the real run just as clearly, quoting its output.
     */
    private void run(FFmpegBuilder builder, String what) {
        List<String> command = new ArrayList<>();
        command.add(locator.ffmpeg().toString());
        command.addAll(builder.build());
        FfmpegProcess.runDirect(command, timeout, what);
    }

    /** ffmpeg's muxer name for a file, from its extension. */
    static String muxer(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "mp4", "m4v" -> "mp4";
            case "m4a" -> "ipod";
            case "mov" -> "mov";
            case "webm" -> "webm";
            case "mkv", "mka" -> "matroska";
            case "ts" -> "mpegts";
            case "mp3" -> "mp3";
            case "ogg", "opus" -> "ogg";
            default -> throw new DownloadException(ErrorCode.POSTPROCESSING_FAILED, "cannot tell the container of "
                    + file.getFileName() + " from its extension");
        };
    }

}
