package org.andalus.downloader.core.ffmpeg;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.download.StreamSink;
import org.andalus.downloader.spi.ErrorCode;

/**
 * An ffmpeg process reading its first input from stdin ({@code pipe:0}) while a download appends the
 * fragments to it, so the remux or merge runs alongside the download instead of after it. Its error output
 * goes to a temporary file that a failure quotes. The stream may stay open as long as the download lasts, so
 * the timeout applies to each write (a watchdog kills an ffmpeg that has stopped reading for that long) and to
 * {@link #finish()}, which waits at most that long for ffmpeg to write the rest.
 */
final class FfmpegStream implements StreamSink {
    private static final System.Logger LOG = System.getLogger(FfmpegStream.class.getName());
    private static final int BUFFER = 1 << 20;

    private final String what;
    private final Path output;
    private final Duration timeout;
    private final Path log;
    private final Process process;
    private final OutputStream stdin;
    private final byte[] buffer = new byte[BUFFER];
    private boolean closed;
    private volatile long writingSince;
    private volatile boolean stalled;

    private FfmpegStream(String what, Path output, Duration timeout, Path log, Process process) {
        this.what = what;
        this.output = output;
        this.timeout = timeout;
        this.log = log;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts {@code command}, which must read {@code pipe:0} and write {@code output}.
     *
     * @param what how errors name the job ({@code "remuxing x.part into x.mp4"})
     */
    static FfmpegStream start(List<String> command, Path output, Duration timeout, String what) {
        requireNonNull(command, "command is null");
        requireNonNull(output, "output is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(what, "what is null");
        Path log = null;
        try {
            log = Files.createTempFile("andalus-ffmpeg-", ".log");
            Process process = new ProcessBuilder(command).redirectError(log.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            FfmpegStream stream = new FfmpegStream(what, output, timeout, log, process);
            Thread.ofVirtual().name("ffmpeg-stream-watchdog").start(stream::watch);
            return stream;
        } catch (IOException e) {
            if (log != null) {
                deleteQuietly(log);
            }
            throw new DownloadException(ErrorCode.POSTPROCESSING_FAILED, what + " failed: cannot start "
                    + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Kills ffmpeg when one write has waited longer than the timeout: a hung ffmpeg must not hang the download. */
    private void watch() {
        long tick = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        try {
            while (!process.waitFor(tick, TimeUnit.MILLISECONDS)) {
                long since = writingSince;
                if (since != 0 && System.nanoTime() - since > timeout.toNanos()) {
                    stalled = true;
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    @Override
    public void append(FileChannel fragment) {
        writingSince = System.nanoTime();
        try {
            ByteBuffer wrap = ByteBuffer.wrap(buffer);
            long position = 0;
            while (true) {
                wrap.clear();
                int n = fragment.read(wrap, position);
                if (n < 0) {
                    break;
                }
                position += n;
                stdin.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // Mostly "Broken pipe": ffmpeg has stopped reading, and its log says why.
            throw failure(stalled ? "ffmpeg read nothing for " + describe(timeout)
                    : exitCode(Duration.ofSeconds(5)).map(c -> "ffmpeg exited with code " + c)
                            .orElse("cannot write to ffmpeg: " + e.getMessage()), e);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void finish() {
        try {
            closed = true;
            stdin.close();
        } catch (IOException e) {
            throw failure(exitCode(Duration.ofSeconds(5)).map(c -> "ffmpeg exited with code " + c)
                    .orElse("cannot write to ffmpeg: " + e.getMessage()), e);
        }
        Optional<Integer> exit = exitCode(timeout);
        if (exit.isEmpty()) {
            process.destroyForcibly();
            throw failure("timed out after " + describe(timeout), null);
        }
        if (exit.get() != 0) {
            throw failure("ffmpeg exited with code " + exit.get(), null);
        }
        deleteQuietly(log);
    }

    @Override
    public void abort() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!closed) {
            closed = true;
            try {
                stdin.close();
            } catch (IOException e) {
                // the process is gone
            }
        }
        deleteQuietly(output);
        deleteQuietly(log);
    }

    /** Whether the ffmpeg process is still running; for tests. */
    boolean alive() {
        return process.isAlive();
    }

    private Optional<Integer> exitCode(Duration wait) {
        try {
            if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private DownloadException failure(String reason, Exception cause) {
        process.destroyForcibly();
        exitCode(Duration.ofSeconds(5)); // gone before the caller goes on
        String tail = FfmpegProcess.tail(log);
        deleteQuietly(log);
        deleteQuietly(output);
        LOG.log(System.Logger.Level.DEBUG, what + " failed: " + reason);
        return new DownloadException(ErrorCode.POSTPROCESSING_FAILED, what + " failed: " + reason
                + (tail.isEmpty() ? "" : "; ffmpeg said:\n" + tail), cause);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless and overwritten next time
        }
    }
}
