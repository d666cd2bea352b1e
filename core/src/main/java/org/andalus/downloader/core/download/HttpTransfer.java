package org.andalus.downloader.core.download;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.net.Throttle;
import org.andalus.downloader.spi.ErrorCode;

import dev.failsafe.Failsafe;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One run of {@link HttpDownloader} for one job. The calling thread coordinates (waits, polls cancellation,
 * saves the resume state); attempts run on a small pool, one segment per thread, retried by Failsafe
 * ({@link HttpRetries}) with scheduled (not sleeping) backoff so that cancellation never waits for a backoff
 * to end. {@link HttpCalls} makes stopping final; the part file and its two sidecars ({@link StateSidecar}
 * for segmented transfers, {@link ValidatorsSidecar} for single ones) keep what a later run resumes from.
 */
final class HttpTransfer {
    private static final System.Logger LOG = System.getLogger(HttpTransfer.class.getName());
    private static final long POLL_MILLIS = 50;
    private static final long SAVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FORCE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long STOP_WAIT_MILLIS = 10_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpDownloader owner;
    private final HttpDownloader.Settings settings;
    private final DownloadJob job;
    private final ProgressListener progress;
    private final HttpUrl url;
    private final String where;
    private final StateSidecar state;
    private final ValidatorsSidecar validators;
    private final HttpRetries retries;
    private final HttpCalls calls;
    // One per download, shared by its segments: the per-download cap (yt-dlp -r) covers all connections.
    private final Throttle throttle;

    private final AtomicLong bytesDone = new AtomicLong();
    private volatile boolean stateInvalid;
    private volatile long total = -1;
    private volatile String etag = "";
    private volatile String lastModified = "";
    private volatile Optional<String> contentType = Optional.empty();
    private volatile boolean resumed;
    /** The validators of the resource the bytes of an unsegmented part file came from, when known. */
    private volatile Optional<HttpState> onDisk = Optional.empty();

    private boolean segmented;
    private List<HttpSegment> segments = List.of();
    private PartChannel part;
    private BackgroundFlush flush;
    private SegmentCopier copier;
    private ScheduledThreadPoolExecutor pool;

    HttpTransfer(HttpDownloader owner, DownloadJob job, ProgressListener progress) {
        this.owner = owner;
        this.settings = owner.settings();
        this.job = job;
        this.progress = progress;
        this.throttle = owner.network().bandwidth(0);
        HttpUrl parsed = HttpUrl.parse(job.format().url().toString());
        if (parsed == null) {
            throw new DownloadException(ErrorCode.UNSUPPORTED_URL,
                    "not an http(s) URL: " + job.format().url().getScheme() + "://" + job.format().url().getHost());
        }
        this.url = parsed;
        this.where = redact(parsed);
        this.state = new StateSidecar(job.partFile());
        this.validators = new ValidatorsSidecar(job.partFile());
        this.calls = new HttpCalls(owner.network(), job.platform(), job.cancelled(), where);
        this.retries = new HttpRetries(settings, where, calls::stopping);
    }

    /** {@code host[:port]/path}, the query (often a signature or token) replaced by {@code ?…}. */
    static String redact(HttpUrl url) {
        String host = url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
        return host + url.encodedPath() + (url.encodedQuery() == null ? "" : "?…");
    }

    DownloadOutcome run() {
        if (job.cancelled().getAsBoolean()) {
            throw calls.cancelled();
        }
        part = PartChannel.open(job.partFile());
        flush = new BackgroundFlush(settings, part, owner::flushed);
        copier = new SegmentCopier(owner, calls, part, throttle, bytesDone, progress, () -> total, where);
        pool = new ScheduledThreadPoolExecutor(job.connections(), r -> {
            Thread t = new Thread(r, "andalus-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        try {
            plan();
            List<CompletableFuture<?>> work = new ArrayList<>();
            for (HttpSegment s : segments) {
                if (!s.complete()) {
                    work.add(submit(s));
                }
            }
            await(work, true);
            return finish();
        } finally {
            pool.shutdownNow();
            // nothing may still sync the part file once it is closed (and a cancelled run stays as it was)
            flush.join();
            state.close();
            part.close();
        }
    }

    // ---- planning ------------------------------------------------------------------------------------------

    private void plan() {
        long existing = part.size();
        boolean stateExists = state.exists();
        if (job.connections() > 1 || stateExists) {
            CompletableFuture<HttpProbe> probing = Failsafe.with(retries.policy()).with(pool).getAsync(ctx -> {
                retries.attempt(ctx.getAttemptCount());
                return probe();
            });
            await(new ArrayList<>(List.of(probing)), false);
            HttpProbe p = probing.join();
            Optional<HttpState> saved = stateExists ? state.read() : Optional.empty();
            if (p.ranges() && saved.isPresent() && saved.get().matches(p.total(), p.etag(), p.lastModified())
                    && existing >= saved.get().highestDone()) {
                learn(p);
                segments = saved.get().toSegments();
                segmented = true;
                resumed = segments.stream().anyMatch(s -> s.done() > 0);
                state.open(false);
                LOG.log(System.Logger.Level.DEBUG, "resuming {0} from {1}", where, state.path());
            } else {
                if (stateExists) {
                    LOG.log(System.Logger.Level.INFO, "{0} changed or its resume state is unusable: starting over",
                            where);
                    state.delete();
                    part.truncate(0);
                    existing = 0;
                }
                if (p.ranges()) {
                    learn(p);
                    if (existing > p.total()) {
                        part.truncate(0);
                        existing = 0;
                    }
                    if (job.connections() > 1 && p.total() >= settings.segmentThreshold()) {
                        segments = HttpSegments.split(existing, p.total(), job.connections());
                        segmented = true;
                        resumed = existing > 0;
                        state.open(true);
                        saveState(true);
                    }
                }
            }
        }
        if (!segmented) {
            segments = List.of(new HttpSegment(0, 0, -1, existing));
            resumed = existing > 0;
            if (existing > 0) {
                // So the resume request carries If-Range, and a changed resource is noticed.
                onDisk = validators.read();
                onDisk.ifPresent(v -> {
                    etag = v.etag();
                    lastModified = v.lastModified();
                });
            }
        }
        bytesDone.set(segments.stream().mapToLong(HttpSegment::done).sum());
    }

    private void learn(HttpProbe p) {
        total = p.total();
        etag = p.etag();
        lastModified = p.lastModified();
        if (p.contentType().isPresent()) {
            contentType = p.contentType();
        }
    }

    private HttpProbe probe() throws IOException {
        calls.enter();
        Request request = baseRequest().header("Range", "bytes=0-0").build();
        try (Response r = execute(request)) {
            return HttpProbe.of(r).orElseThrow(() -> retries.statusFailure(r));
        } finally {
            calls.exit();
        }
    }

    // ---- fetching ------------------------------------------------------------------------------------------

    /** One attempt at a segment: continues from its recorded progress. */
    private void fetch(HttpSegment s) throws IOException {
        calls.enter();
        s.start();
        try {
            if (s.complete()) {
                return;
            }
            long pos = s.position();
            Request.Builder b = baseRequest();
            if (segmented) {
                b.header("Range", "bytes=" + pos + "-" + (s.end() - 1));
                ifRange(b);
            } else if (pos > 0) {
                b.header("Range", "bytes=" + pos + "-");
                ifRange(b);
            }
            try (Response r = execute(b.build())) {
                receive(s, pos, r);
            }
        } finally {
            calls.exit();
        }
    }

    /** Runs a call that stopping can cancel, and keeps its status for the failure message. */
    private Response execute(Request request) throws IOException {
        Response r = calls.execute(request);
        retries.status(r.code());
        return r;
    }

    private Request.Builder baseRequest() {
        Request.Builder b = new Request.Builder().url(url);
        job.format().httpHeaders().forEach(b::header);
        // OkHttp would otherwise ask for gzip and undo it transparently, which breaks lengths and ranges
        return b.header("Accept-Encoding", "identity");
    }

    /**
     * Only a strong ETag goes in If-Range: a date there is honoured by fewer servers, and one that ignores
     * it would answer every segment with the whole body.
     */
    private void ifRange(Request.Builder b) {
        if (!etag.isEmpty() && !etag.startsWith("W/")) {
            b.header("If-Range", etag);
        }
    }

    private void receive(HttpSegment s, long pos, Response r) throws IOException {
        int code = r.code();
        if (code == 416 && !segmented) {
            long t = HttpContentRange.parse(r.header("Content-Range")).map(HttpContentRange::total).orElse(-1L);
            if (t == pos) {
                total = t;
                s.end(t);
                return;
            }
            restartSingle(s);
            throw new IOException("HTTP 416 for bytes " + pos + "- of " + where + " (" + t + " bytes): starting over");
        }
        if (code != 200 && code != 206) {
            throw retries.statusFailure(r);
        }
        if (contentType.isEmpty()) {
            contentType = Optional.ofNullable(r.header("Content-Type"));
        }
        if (code == 206) {
            HttpContentRange range = HttpContentRange.parse(r.header("Content-Range"))
                    .orElseThrow(() -> new IOException("HTTP 206 without a usable Content-Range from " + where));
            if (range.first() != pos) {
                throw new IOException("asked " + where + " for bytes from " + pos + ", got from " + range.first());
            }
            if (segmented && range.total() != total) {
                stateInvalid = true;
                throw new DownloadException(ErrorCode.VERIFICATION_FAILED, where + " changed during the download: "
                        + "length " + range.total() + " instead of " + total);
            }
            if (!segmented && changedSinceOnDisk(r, range.total())) {
                restartSingle(s);
                throw new IOException(where + " changed since the bytes on disk were fetched: starting over");
            }
            if (!segmented && range.total() >= 0) {
                learnTotal(s, range.total());
            }
        } else {
            if (segmented) {
                stateInvalid = true;
                throw new DownloadException(ErrorCode.VERIFICATION_FAILED, where + " answered a range request "
                        + "with the whole resource: it changed or stopped honouring ranges");
            }
            if (pos > 0) {
                LOG.log(System.Logger.Level.INFO, "{0} ignores ranges: starting over from byte 0", where);
                restartSingle(s);
                pos = 0;
            }
            long length = r.body().contentLength();
            if (length >= 0) {
                learnTotal(s, length);
            }
        }
        if (!segmented && etag.isEmpty() && lastModified.isEmpty()) {
            etag = r.header("ETag", "");
            lastModified = r.header("Last-Modified", "");
        }
        if (!segmented && pos == 0 && total >= 0 && !(etag.isEmpty() && lastModified.isEmpty())) {
            validators.save(total, etag, lastModified);
        }
        copier.copy(s, pos, r.body().source());
    }

    /**
     * Whether a 206 for a resumed unsegmented download comes from a different resource than the bytes on
     * disk (a server that ignores If-Range, or validators that If-Range cannot carry, like a date).
     */
    private boolean changedSinceOnDisk(Response r, long serverTotal) {
        return onDisk.map(v -> v.total() != serverTotal || !v.etag().equals(r.header("ETag", ""))
                || !v.lastModified().equals(r.header("Last-Modified", ""))).orElse(false);
    }

    private void learnTotal(HttpSegment s, long t) {
        long known = total;
        if (known >= 0 && known != t) {
            throw new DownloadException(ErrorCode.VERIFICATION_FAILED,
                    where + " changed during the download: length " + t + " instead of " + known);
        }
        total = t;
        s.end(t);
    }

    private void restartSingle(HttpSegment s) {
        onDisk = Optional.empty();
        etag = "";
        lastModified = "";
        total = -1;
        s.end(-1);
        validators.delete();
        part.truncate(0);
        bytesDone.addAndGet(-s.done());
        s.done(0);
        resumed = false;
    }

    // ---- coordination --------------------------------------------------------------------------------------

    /**
     * Waits for {@code work}, saving state and watching for cancellation and failures meanwhile; with
     * {@code rebalance}, a connection that finished its segment takes over half of the largest remaining one
     * (like aria2), so a slow connection does not hold up the end of the download.
     */
    private void await(List<CompletableFuture<?>> work, boolean rebalance) {
        long nextSave = System.nanoTime() + SAVE_NANOS;
        long nextForce = System.nanoTime() + FORCE_NANOS;
        while (true) {
            List<CompletableFuture<?>> pending = new ArrayList<>(work.size());
            for (CompletableFuture<?> f : work) {
                if (f.state() == Future.State.FAILED) {
                    stop(work);
                    throw retries.failure(f.exceptionNow());
                }
                if (!f.isDone()) {
                    pending.add(f);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (job.cancelled().getAsBoolean()) {
                stop(work);
                throw calls.cancelled();
            }
            if (rebalance && segmented && pending.size() < job.connections()) {
                steal().ifPresent(taken -> work.add(submit(taken)));
            }
            flush.maybeStart(bytesDone.get());
            long now = System.nanoTime();
            if (segmented && now >= nextSave) {
                boolean force = now >= nextForce;
                saveState(force);
                nextSave = now + SAVE_NANOS;
                if (force) {
                    nextForce = now + FORCE_NANOS;
                }
            }
            try {
                CompletableFuture.anyOf(pending.toArray(CompletableFuture[]::new)).get(POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // looked at on the next turn
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(work);
                throw calls.cancelled();
            }
        }
    }

    private CompletableFuture<?> submit(HttpSegment s) {
        return Failsafe.with(retries.policy()).with(pool).runAsync(ctx -> {
            retries.attempt(ctx.getAttemptCount());
            fetch(s);
        });
    }

    /** Gives half of the segment with the most bytes left to a new connection (see {@link HttpSegments#steal}). */
    private Optional<HttpSegment> steal() {
        Optional<HttpSegment> taken = HttpSegments.steal(segments, settings.segmentThreshold());
        taken.ifPresent(t -> {
            List<HttpSegment> next = new ArrayList<>(segments);
            next.add(t);
            next.sort(Comparator.comparingLong(x -> x.start));
            segments = next;
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} bytes from {2} go to a new connection", where,
                    t.end() - t.start, t.start);
        });
        return taken;
    }

    /** Stops every attempt, waits until none writes any more, and records where each segment got to. */
    private void stop(List<CompletableFuture<?>> work) {
        calls.beginStop();
        work.forEach(f -> f.cancel(false));
        calls.awaitIdle(STOP_WAIT_MILLIS);
        if (segmented) {
            if (stateInvalid) {
                state.delete();
            } else {
                saveState(true);
            }
        }
    }

    private DownloadOutcome finish() {
        long size = part.size();
        long expected = total >= 0 ? total : job.format().filesize().orElse(-1);
        if (expected >= 0 && size != expected) {
            state.delete();
            part.truncate(0);
            throw new DownloadException(ErrorCode.VERIFICATION_FAILED,
                    "downloaded " + size + " bytes from " + where + ", expected " + expected);
        }
        if (total >= 0 && job.format().filesize().isPresent() && job.format().filesize().getAsLong() != total) {
            LOG.log(System.Logger.Level.INFO, "{0} sent {1} bytes; the extractor announced {2}", where, total,
                    job.format().filesize().getAsLong());
        }
        if (settings.fsync()) {
            // durable before it is reported done; without it the kernel writes the file back when it likes
            // (curl, aria2c and yt-dlp never sync): on a 1 GiB download the sync was ~0.5 s of waiting, now
            // the background flushes leave only the tail for this one
            flush.join();
            try {
                part.force(true);
            } catch (IOException e) {
                throw PartChannel.storage("cannot sync " + job.partFile(), e);
            }
        }
        state.delete();
        validators.delete();
        progress.onProgress(size, size);
        return new DownloadOutcome(size, contentType, resumed);
    }

    /** Called from the coordinating thread only. Forcing syncs the data first, so the state never runs ahead. */
    private void saveState(boolean force) {
        state.save(HttpState.of(total, etag, lastModified, segments), part, force);
    }
}
