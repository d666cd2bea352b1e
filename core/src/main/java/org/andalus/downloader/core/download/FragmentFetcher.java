package org.andalus.downloader.core.download;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.ByteRange;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The engine shared by the HLS and DASH downloaders: fetches a list of fragments with N at a time
 * (like yt-dlp {@code -N}), each retried with backoff, decrypted when AES-128 encrypted, and kept as one
 * file per fragment in the sidecar folder {@code <part>.frags/} so that a restarted download skips the
 * fragments it already has. Each fragment is appended to the output ({@link StreamSink}: the part file, or
 * an ffmpeg process) as soon as all fragments before it are in, so the output grows with the download.
 */
final class FragmentFetcher {
    private static final System.Logger LOG = System.getLogger(FragmentFetcher.class.getName());
    private static final long MAX_TEXT_BYTES = 32L << 20;

    /**
     * One resource to fetch into the part file, in order.
     *
     * @param label how errors name it ({@code "fragment 17/300"}, {@code "initialization segment"})
     * @param url where its bytes are
     * @param range the part of {@code url}, if not all of it
     * @param key its AES-128 key with an explicit IV, when encrypted
     * @param duration its play time, if known
     */
    record Piece(String label, URI url, Optional<ByteRange> range, Optional<FragmentKey> key, OptionalDouble duration) {
        Piece {
            requireNonNull(label, "label is null");
            requireNonNull(url, "url is null");
            requireNonNull(range, "range is null");
            requireNonNull(key, "key is null");
            requireNonNull(duration, "duration is null");
            key.ifPresent(k -> k.ivBytes()); // must be explicit by now
        }
    }

    private final Network network;
    private final int attempts;
    private final Duration backoff;
    private final Duration backoffMax;
    private final int bufferSize;
    private final boolean fsync;
    private final long fsyncEvery;

    FragmentFetcher(Network network, Config config) {
        this.network = requireNonNull(network, "network is null");
        this.attempts = Math.max(1, config.integer("download.retries"));
        this.backoff = config.duration("download.retry-backoff");
        Duration max = config.duration("download.retry-backoff-max");
        this.backoffMax = max.compareTo(backoff) > 0 ? max : backoff.plusMillis(1);
        this.bufferSize = (int) Math.min(4 << 20, Math.max(8 << 10, config.bytes("download.buffer-size")));
        this.fsync = config.bool("download.fsync");
        this.fsyncEvery = Math.max(0, config.bytes("download.fsync-every"));
    }

    /** The sidecar folder holding the fragments of {@code partFile}. */
    static Path sidecar(Path partFile) {
        return partFile.resolveSibling(partFile.getFileName() + ".frags");
    }

    /** {@code url} without its query and fragment, for messages: signed URLs carry secrets there. */
    static String redact(URI url) {
        String s = url.toString();
        int cut = s.length();
        int q = s.indexOf('?');
        int h = s.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        return s.substring(0, cut);
    }

    /**
     * Fetches a small text resource (a playlist) with the same retries as fragments.
     */
    String fetchText(URI url, Map<String, String> headers, String platform, String what) {
        byte[] bytes = fetchSmall(url, headers, platform, what);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Downloads {@code pieces} into {@code job.partFile()}, resuming from the sidecar folder.
     */
    DownloadOutcome fetch(DownloadJob job, List<Piece> pieces, ProgressListener progress) {
        return fetch(job, pieces, progress, first -> partFileSink(job.partFile()));
    }

    /** The sink writing {@code partFile} itself, synced as {@code download.fsync} says. */
    StreamSink partFileSink(Path partFile) {
        return new PartFileSink(partFile, fsync, fsyncEvery);
    }

    /**
     * Downloads {@code pieces} into the sink {@code opener} opens, appending each fragment as soon as all
     * before it are in (so the output grows while the download goes on), resuming from the sidecar folder.
     * The fragments stay in the sidecar until the sink has finished; then the folder is removed.
     *
     * @param opener opens the sink once the first piece is on disk (it may look at its bytes)
     */
    DownloadOutcome fetch(DownloadJob job, List<Piece> pieces, ProgressListener progress, SinkOpener opener) {
        requireNonNull(job, "job is null");
        requireNonNull(progress, "progress is null");
        requireNonNull(opener, "opener is null");
        if (pieces.isEmpty()) {
            throw new DownloadException(ErrorCode.SITE_CHANGED, "the manifest lists no fragments: "
                    + redact(job.format().url()));
        }
        Path dir = sidecar(job.partFile());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw storage("cannot create " + dir, e);
        }
        discardIfStale(dir, pieces);
        Run run = new Run(job, pieces, progress, dir);
        long size = run.execute(opener);
        deleteTree(dir);
        progress.onProgress(size, size);
        return new DownloadOutcome(size, Optional.ofNullable(run.contentType.get()), run.resumed);
    }

    /** Opens the sink of one {@link #fetch} once its first piece is on disk. */
    @FunctionalInterface
    interface SinkOpener {
        StreamSink open(Path firstPiece);
    }

    /**
     * Fragment files are only reusable for the same fragment list: a sidecar written for another
     * playlist (re-encoded, another variant) is emptied. Query strings are left out of the comparison
     * because signed URLs change on every extraction while the fragments stay the same.
     */
    private static void discardIfStale(Path dir, List<Piece> pieces) {
        StringBuilder text = new StringBuilder();
        for (Piece p : pieces) {
            text.append(redact(p.url())).append(' ').append(p.range().map(ByteRange::header).orElse("-")).append('\n');
        }
        String wanted = text.toString();
        Path list = dir.resolve("fragments.txt");
        try {
            if (Files.isRegularFile(list) && !Files.readString(list, StandardCharsets.UTF_8).equals(wanted)) {
                LOG.log(Level.INFO, "{0} holds fragments of another fragment list; starting over", dir);
                deleteTree(dir);
                Files.createDirectories(dir);
            }
            if (!Files.isRegularFile(list)) {
                Files.writeString(list, wanted, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw storage("cannot write " + list, e);
        }
    }

    static Path fragmentFile(Path dir, int index) {
        return dir.resolve(String.format("%05d.frag", index));
    }

    /** One call of {@link #fetch}: the shared state of its worker threads. */
    private final class Run {
        private final DownloadJob job;
        private final List<Piece> pieces;
        private final ProgressListener progress;
        private final Path dir;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong bytesDone = new AtomicLong();
        private final AtomicLong completedBytes = new AtomicLong();
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicReference<String> contentType = new AtomicReference<>();
        private final Map<URI, byte[]> keys = new ConcurrentHashMap<>();
        // Socket reads ignore thread interrupts: stopping cancels the calls in flight instead.
        private final Set<Call> calls = ConcurrentHashMap.newKeySet();
        private final long knownTotal;
        // One per download, shared by its concurrent fragments (per-download and global bandwidth caps).
        private final org.andalus.downloader.core.net.Throttle throttle = network.bandwidth(0);
        // One buffer per fetching thread, not per fragment: 300 fragments allocated 75 MiB of them.
        private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[bufferSize]);
        private boolean resumed;

        Run(DownloadJob job, List<Piece> pieces, ProgressListener progress, Path dir) {
            this.job = job;
            this.pieces = pieces;
            this.progress = progress;
            this.dir = dir;
            long sum = 0;
            for (Piece p : pieces) {
                if (p.range().isEmpty() || p.key().isPresent()) {
                    sum = -1;
                    break;
                }
                sum += p.range().get().length();
            }
            this.knownTotal = sum;
        }

        /**
         * Fetches the missing pieces, at most {@code connections} at a time and never more than a window of
         * {@code 2 x connections} ahead of the first piece not yet appended (so a slow fragment holds back a
         * bounded number of finished ones), and appends each piece to the sink once all before it are in.
         * Appending runs on this thread, overlapping the downloads. While the sink is not {@link
         * StreamSink#ready() ready} (a merge waiting for the audio), the window does not apply: the fragments
         * go to disk, where they stay until the end anyway, and are appended once it is. Returns the bytes
         * appended.
         */
        long execute(SinkOpener opener) {
            int count = pieces.size();
            boolean[] ready = new boolean[count];
            int missing = 0;
            for (int i = 0; i < count; i++) {
                Path file = fragmentFile(dir, i);
                if (Files.isRegularFile(file)) {
                    long size = sizeOf(file);
                    bytesDone.addAndGet(size);
                    completedBytes.addAndGet(size);
                    completed.incrementAndGet();
                    ready[i] = true;
                    resumed = true;
                } else {
                    missing++;
                }
            }
            if (resumed) {
                LOG.log(Level.DEBUG, "{0}: {1} of {2} fragments already on disk", job.partFile(),
                        count - missing, count);
            }
            report();
            int threads = Math.max(1, Math.min(job.connections(), missing));
            int window = Math.max(2, 2 * job.connections());
            AtomicInteger threadNo = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "fragments-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            ExecutorCompletionService<Integer> done = new ExecutorCompletionService<>(pool);
            StreamSink sink = null;
            boolean finished = false;
            try {
                int next = 0;
                int submitted = 0;
                int inFlight = 0;
                long appended = 0;
                while (next < count) {
                    if (job.cancelled().getAsBoolean()) {
                        throw cancelled();
                    }
                    boolean waitingSink = sink != null && !sink.ready();
                    for (; submitted < count && (waitingSink || submitted < next + window); submitted++) {
                        if (!ready[submitted]) {
                            int index = submitted;
                            done.submit(() -> {
                                fetchPiece(index);
                                return index;
                            });
                            inFlight++;
                        }
                    }
                    if (ready[next]) {
                        if (sink == null) {
                            sink = opener.open(fragmentFile(dir, 0));
                        }
                        // with nothing left to fetch, append even to a waiting sink: it blocks until ready
                        if (sink.ready() || inFlight == 0) {
                            appended += append(sink, next);
                            next++;
                            continue;
                        }
                    }
                    Future<Integer> piece = done.poll(ready[next] ? 10 : 100, TimeUnit.MILLISECONDS);
                    if (piece == null) {
                        continue;
                    }
                    inFlight--;
                    try {
                        ready[piece.get()] = true;
                    } catch (ExecutionException e) {
                        throw DownloadException.of(e.getCause());
                    }
                }
                if (job.cancelled().getAsBoolean()) {
                    throw cancelled();
                }
                sink.finish();
                finished = true;
                return appended;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(ErrorCode.INTERNAL, "download interrupted", e);
            } finally {
                stop.set(true);
                calls.forEach(Call::cancel);
                pool.shutdownNow();
                try {
                    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                        LOG.log(Level.WARNING, "fragment threads of {0} did not stop in 30 s", job.partFile());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (sink != null && !finished) {
                    sink.abort();
                }
            }
        }

        private long append(StreamSink sink, int index) {
            Path file = fragmentFile(dir, index);
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = in.size();
                sink.append(in);
                return size;
            } catch (NoSuchFileException e) {
                throw new DownloadException(ErrorCode.STORAGE, "fragment file vanished while assembling: "
                        + e.getFile(), e);
            } catch (IOException e) {
                throw storage("cannot read " + file, e);
            }
        }

        private boolean stopping() {
            return stop.get() || job.cancelled().getAsBoolean();
        }

        private void report() {
            long total = knownTotal;
            if (total < 0) {
                int n = completed.get();
                total = n == 0 ? -1 : Math.max(bytesDone.get(), completedBytes.get() / n * pieces.size());
            }
            progress.onProgress(bytesDone.get(), total);
        }

        private void fetchPiece(int index) {
            Piece piece = pieces.get(index);
            Path target = fragmentFile(dir, index);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            AtomicInteger attempt = new AtomicInteger();
            RetryPolicy<Object> policy = RetryPolicy.builder()
                    .handle(AttemptFailure.class)
                    .withMaxAttempts(attempts)
                    .withBackoff(backoff, backoffMax)
                    .withJitter(0.1)
                    .abortIf((result, failure) -> stopping())
                    .onRetry(e -> LOG.log(Level.DEBUG, "{0} of {1}: attempt {2} failed: {3}", piece.label(),
                            job.partFile().getFileName(), e.getAttemptCount(), e.getLastException().getMessage()))
                    .build();
            try {
                long size = Failsafe.with(policy).get(() -> {
                    attempt.incrementAndGet();
                    return fetchOnce(piece, tmp);
                });
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                completedBytes.addAndGet(size);
                completed.incrementAndGet();
                report();
            } catch (AttemptFailure e) {
                if (stopping()) {
                    throw cancelled();
                }
                throw new DownloadException(e.code, piece.label() + " failed after " + attempt.get()
                        + (attempt.get() == 1 ? " attempt: " : " attempts: ") + e.getMessage() + " "
                        + redact(piece.url()), e);
            } catch (FailsafeException e) {
                throw DownloadException.of(e.getCause() == null ? e : e.getCause());
            } catch (IOException e) {
                throw storage("cannot write " + target, e);
            }
        }

        /** One attempt at one piece; returns the bytes received. */
        private long fetchOnce(Piece piece, Path tmp) {
            Optional<Cipher> cipher = piece.key().map(this::cipherFor);
            Request.Builder request = new Request.Builder().url(piece.url().toString());
            job.format().httpHeaders().forEach(request::header);
            piece.range().ifPresent(r -> request.header("Range", r.header()));
            long received = 0;
            Call call = network.newCall(request.build(), job.platform());
            calls.add(call);
            if (stopping()) {
                call.cancel();
            }
            try (Response response = call.execute()) {
                checkStatus(response);
                ResponseBody body = response.body();
                long skip = 0;
                long expected = body.contentLength();
                if (piece.range().isPresent()) {
                    ByteRange range = piece.range().get();
                    if (response.code() == 200) {
                        // The server ignored Range: cut our part out of the whole resource.
                        skip = range.first();
                        if (expected >= 0 && expected < range.last() + 1) {
                            throw new AttemptFailure(ErrorCode.NETWORK, "resource has " + expected
                                    + " bytes, the range needs " + (range.last() + 1));
                        }
                    } else if (expected >= 0 && expected != range.length()) {
                        throw new AttemptFailure(ErrorCode.NETWORK, "asked for " + range.length()
                                + " bytes, the server sends " + expected);
                    }
                    expected = range.length();
                }
                if (piece.label().startsWith("fragment")) {
                    contentType.compareAndSet(null, response.header("Content-Type"));
                }
                try (InputStream in = body.byteStream();
                        FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.TRUNCATE_EXISTING)) {
                    if (skip > 0) {
                        in.skipNBytes(skip);
                    }
                    byte[] buffer = buffers.get();
                    long limit = expected >= 0 && piece.range().isPresent() ? expected : Long.MAX_VALUE;
                    while (received < limit) {
                        if (stopping()) {
                            throw new AttemptFailure(ErrorCode.INTERNAL, "cancelled");
                        }
                        // OkHttp hands out at most 8 KiB per read; writing (and reporting) a full buffer at a
                        // time instead cut the system time of a 300-fragment download by a third.
                        int n = fill(in, buffer, (int) Math.min(buffer.length, limit - received));
                        if (n <= 0) {
                            break;
                        }
                        received += n;
                        bytesDone.addAndGet(n);
                        throttle.acquire(n);
                        write(out, cipher.isPresent() ? cipher.get().update(buffer, 0, n) : buffer,
                                cipher.isPresent() ? -1 : n);
                        report();
                    }
                    if (expected >= 0 && received != expected) {
                        throw new AttemptFailure(ErrorCode.NETWORK, "truncated: received " + received + " of "
                                + expected + " bytes");
                    }
                    if (cipher.isPresent()) {
                        write(out, cipher.get().doFinal(), -1);
                    }
                    // No fsync per fragment (it cost ~30% of the throughput on 300 fragments): a killed
                    // process leaves complete files in the page cache; the assembled part file is synced.
                }
                return received;
            } catch (AttemptFailure e) {
                bytesDone.addAndGet(-received);
                throw e;
            } catch (EOFException e) {
                bytesDone.addAndGet(-received);
                throw new AttemptFailure(ErrorCode.NETWORK, "truncated: the resource ended early");
            } catch (InterruptedIOException e) {
                bytesDone.addAndGet(-received);
                throw new AttemptFailure(stopping() ? ErrorCode.INTERNAL : ErrorCode.NETWORK,
                        stopping() ? "cancelled" : "timed out: " + e.getMessage());
            } catch (IOException e) {
                bytesDone.addAndGet(-received);
                throw new AttemptFailure(ErrorCode.NETWORK, e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (GeneralSecurityException e) {
                bytesDone.addAndGet(-received);
                throw new AttemptFailure(ErrorCode.VERIFICATION_FAILED, "AES-128 decryption failed (wrong key or"
                        + " corrupt fragment): " + e.getMessage());
            } finally {
                calls.remove(call);
            }
        }

        private Cipher cipherFor(FragmentKey key) {
            byte[] secret = keys.computeIfAbsent(key.url(), url -> {
                byte[] bytes = fetchSmall(url, job.format().httpHeaders(), job.platform(), "AES-128 key");
                if (bytes.length != 16) {
                    throw new DownloadException(ErrorCode.SITE_CHANGED, "the AES-128 key at " + redact(url)
                            + " has " + bytes.length + " bytes, not 16");
                }
                return bytes;
            });
            try {
                Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secret, "AES"), new IvParameterSpec(key.ivBytes()));
                return cipher;
            } catch (GeneralSecurityException e) {
                throw new DownloadException(ErrorCode.INTERNAL, "AES-128-CBC is not available: " + e.getMessage(), e);
            }
        }

        private DownloadException cancelled() {
            return new DownloadException(ErrorCode.INTERNAL, "download cancelled; completed fragments are kept in "
                    + dir, new InterruptedException("cancelled"));
        }
    }

    /** Reads until {@code length} bytes are in or the stream ends; -1 when it ended before any. */
    private static int fill(InputStream in, byte[] buffer, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, filled, length - filled);
            if (n < 0) {
                return filled == 0 ? -1 : filled;
            }
            filled += n;
        }
        return filled;
    }

    private static void write(FileChannel out, byte[] bytes, int length) throws IOException {
        if (bytes == null) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length < 0 ? bytes.length : length);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void checkStatus(Response response) {
        int code = response.code();
        if (code == 200 || code == 206) {
            return;
        }
        ErrorCode error = switch (code) {
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> ErrorCode.NETWORK;
        };
        throw new AttemptFailure(error, "HTTP " + code);
    }

    private byte[] fetchSmall(URI url, Map<String, String> headers, String platform, String what) {
        AtomicInteger attempt = new AtomicInteger();
        RetryPolicy<Object> policy = RetryPolicy.builder()
                .handle(AttemptFailure.class)
                .withMaxAttempts(attempts)
                .withBackoff(backoff, backoffMax)
                .withJitter(0.1)
                .build();
        try {
            return Failsafe.with(policy).get(() -> {
                attempt.incrementAndGet();
                Request.Builder request = new Request.Builder().url(url.toString());
                headers.forEach(request::header);
                try (Response response = network.newCall(request.build(), platform).execute()) {
                    checkStatus(response);
                    long length = response.body().contentLength();
                    if (length > MAX_TEXT_BYTES) {
                        throw new DownloadException(ErrorCode.SITE_CHANGED, what + " at " + redact(url)
                                + " is larger than " + MAX_TEXT_BYTES + " bytes");
                    }
                    try (InputStream in = response.body().byteStream()) {
                        byte[] bytes = in.readNBytes((int) MAX_TEXT_BYTES + 1);
                        if (bytes.length > MAX_TEXT_BYTES) {
                            throw new DownloadException(ErrorCode.SITE_CHANGED, what + " at " + redact(url)
                                    + " is larger than " + MAX_TEXT_BYTES + " bytes");
                        }
                        if (length >= 0 && bytes.length != length) {
                            throw new AttemptFailure(ErrorCode.NETWORK, "truncated: received " + bytes.length
                                    + " of " + length + " bytes");
                        }
                        return bytes;
                    }
                } catch (IOException e) {
                    throw new AttemptFailure(ErrorCode.NETWORK, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            });
        } catch (AttemptFailure e) {
            throw new DownloadException(e.code, what + " failed after " + attempt.get()
                    + (attempt.get() == 1 ? " attempt: " : " attempts: ") + e.getMessage() + " " + redact(url), e);
        }
    }

    static void deleteTree(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete fragment folder {0}: {1}", dir, e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw storage("cannot read " + file, e);
        }
    }

    private static DownloadException storage(String message, IOException e) {
        return new DownloadException(ErrorCode.STORAGE, message + ": " + e.getMessage(), e);
    }

    /** A failed attempt at one request; retried, then reported with the fragment's name. */
    static final class AttemptFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ErrorCode code;

        AttemptFailure(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
