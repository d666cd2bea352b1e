package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.download.DownloadJob;
import org.andalus.downloader.core.download.MediaDownloader;
import org.andalus.downloader.core.download.Merger;
import org.andalus.downloader.core.download.ProgressListener;
import org.andalus.downloader.core.download.StreamSink;
import org.andalus.downloader.core.output.OutputNamer;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.core.queue.NewDownload;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.Extraction;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.MediaInfo;
import org.andalus.downloader.spi.model.Playlist;
import org.andalus.downloader.spi.model.PlaylistEntry;

/**
 * Runs one task from {@code downloading} to its end: extract, expand a playlist or pick formats, download
 * each format into its part file, merge, move into place. Stopping is cooperative: {@link #stop(Stop)}
 * raises the flag the downloaders poll, and the worker leaves the task's status to whoever stopped it.
 */
final class DownloadWorker implements Runnable {
    private static final System.Logger LOG = System.getLogger(DownloadWorker.class.getName());

    /** Why a worker was stopped. */
    enum Stop {
        /** Keep the part files; the task is paused. */
        PAUSE,
        /** Delete the part files; the task is canceled or deleted. */
        CANCEL,
        /** The engine is closing; keep the part files, the task goes back to pending. */
        SHUTDOWN
    }

    private final DownloadManager engine;
    private final long id;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile ProgressTracker tracker;

    DownloadWorker(DownloadManager engine, long id) {
        this.engine = requireNonNull(engine, "engine is null");
        this.id = id;
    }

    long id() {
        return id;
    }

    /** Marks a worker that was never run as finished, so nobody waits for it. */
    void abandon() {
        finished.countDown();
    }

    void stop(Stop why) {
        stop.compareAndSet(null, why);
    }

    boolean stopped() {
        return stop.get() != null;
    }

    /** Waits for the worker to end; false on timeout. */
    boolean await(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    long speed() {
        ProgressTracker t = tracker;
        return t == null ? 0 : t.speed(System.nanoTime());
    }

    /** Ran only when the task was moved to downloading for this worker. */
    @Override
    public void run() {
        thread = Thread.currentThread();
        String platform = "unknown";
        try {
            DownloadTask task = engine.store().get(id);
            platform = engine.platformOf(task.url());
            Extraction extraction = engine.extraction().extract(task.url());
            if (stopped()) {
                return;
            }
            platform = extraction instanceof MediaInfo media ? media.extractor() : ((Playlist) extraction).extractor();
            switch (extraction) {
                case Playlist playlist -> expand(task, playlist);
                case MediaInfo media -> download(task, media);
            }
        } catch (Throwable failure) {
            if (stopped()) {
                // whatever a stopped download throws (an interrupted read, say) is not a failure
                LOG.log(System.Logger.Level.DEBUG, "download " + id + " stopped: " + failure);
            } else {
                engine.failed(id, platform, DownloadException.of(failure));
            }
            if (failure instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                throw error;
            }
        } finally {
            try {
                if (stop.get() == Stop.CANCEL) {
                    engine.deletePartFiles(id);
                }
            } finally {
                engine.releaseOutput(id);
                finished.countDown();
                engine.workerDone(this);
            }
        }
    }

    private void expand(DownloadTask task, Playlist playlist) {
        List<NewDownload> children = new ArrayList<>();
        List<Optional<String>> titles = new ArrayList<>();
        for (PlaylistEntry entry : playlist.entries()) {
            try {
                children.add(new NewDownload(entry.url(), task.priority(), task.format(), task.quality(),
                        task.options(), OptionalLong.of(id), Optional.of(entry.index())));
                titles.add(entry.title());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "playlist " + id + " entry " + entry.index() + " skipped: "
                        + e.getMessage());
            }
        }
        engine.store().setExtracted(id, playlist.title(), playlist.extractor(), Optional.of(playlist.id()));
        engine.store().insertAll(children, titles);
        engine.completed(id, playlist.extractor(), Optional.empty(), 0,
                Optional.of("playlist expanded into " + children.size() + " downloads"), Optional.empty());
        engine.queueChanged("playlist " + id + " expanded");
    }

    private void download(DownloadTask task, MediaInfo media) throws IOException {
        String platform = media.extractor();
        engine.store().setExtracted(id, media.title(), platform, Optional.of(media.id()));
        if (engine.archiveEnabled() && engine.store().archived(platform, media.id())) {
            Optional<String> earlier = engine.store().archivedPath(platform, media.id());
            engine.completed(id, platform, earlier, earlier.map(DownloadWorker::sizeOf).orElse(0L),
                    Optional.of("already downloaded (" + platform + " " + media.id() + " is in the archive)"),
                    Optional.empty());
            return;
        }
        List<MediaFormat> formats = engine.formatSelection().select(media, task.format(), task.quality());
        if (formats.isEmpty()) {
            throw new DownloadException(ErrorCode.FORMAT_UNAVAILABLE, "no format selected for " + task.url());
        }
        if (formats.size() > 1 && engine.merger().isEmpty()) {
            throw new DownloadException(ErrorCode.POSTPROCESSING_FAILED,
                    "merging " + formats.size() + " formats needs ffmpeg, which is not available");
        }
        Path target = task.filePath().map(Path::of).orElseGet(() -> plan(task, media, formats));
        Files.createDirectories(target.getParent());
        long[] expected = formats.stream().mapToLong(f -> f.filesize().orElse(-1)).toArray();
        OptionalLong total = formats.stream().allMatch(f -> f.filesize().isPresent())
                ? OptionalLong.of(formats.stream().mapToLong(f -> f.filesize().getAsLong()).sum()) : OptionalLong.empty();
        engine.store().setPlanned(id, target.toString(),
                formats.stream().map(MediaFormat::formatId).collect(Collectors.joining("+")), total);

        ProgressTracker progress = new ProgressTracker(formats.size(), expected);
        tracker = progress;
        ProgressReporter reporter = engine.reporter(id, platform, progress);
        List<Path> parts = new ArrayList<>();
        for (MediaFormat format : formats) {
            parts.add(DownloadManager.partFile(target, formats.size() == 1 ? Optional.empty() : Optional.of(format)));
        }
        int streamed = streamedFormat(formats);
        Path finished;
        if (streamed >= 0) {
            finished = DownloadManager.mergeFile(target);
            downloadMerging(formats, parts, streamed, platform, reporter, finished);
            reporter.flush();
            if (stopped()) {
                return;
            }
        } else {
            for (int i = 0; i < formats.size(); i++) {
                fetch(formats.get(i), i, parts.get(i), platform, reporter, this::stopped, Optional.empty());
                if (stopped()) {
                    return;
                }
            }
            reporter.flush();
            if (parts.size() == 1) {
                finished = parts.get(0);
            } else {
                finished = DownloadManager.mergeFile(target);
                engine.merger().orElseThrow().merge(parts, finished);
                if (stopped()) {
                    return;
                }
            }
        }
        move(finished, target);
        if (parts.size() > 1) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
            }
        }
        long bytes = Files.size(target);
        engine.completed(id, platform, Optional.of(target.toString()), bytes, Optional.empty(),
                Optional.of(new ArchiveEntry(platform, media.id(), media.title())));
    }

    private void fetch(MediaFormat format, int index, Path part, String platform, ProgressReporter reporter,
            BooleanSupplier cancelled, Optional<StreamSink> sink) {
        MediaDownloader downloader = engine.downloader(format.protocol());
        DownloadJob job = new DownloadJob(format, part, platform, engine.connections(format.protocol()), cancelled);
        ProgressListener listener = (done, size) -> reporter.report(index, done, size);
        if (sink.isPresent()) {
            downloader.download(job, listener, sink.get());
        } else {
            reporter.baseline(sizeOf(part.toString()));
            downloader.download(job, listener);
        }
    }

    /**
     * Downloads a merge's formats at the same time: the others (the small audio) one after the other on a
     * second thread, the streamed one here. ffmpeg's merge starts once the others are complete (it reads them
     * as files) and reads the streamed format from its stdin, so it ends shortly after the last fragment;
     * until the others are in, the streamed download runs ahead only by its fragment window.
     */
    private void downloadMerging(List<MediaFormat> formats, List<Path> parts, int streamed, String platform,
            ProgressReporter reporter, Path output) {
        AtomicBoolean failed = new AtomicBoolean();
        BooleanSupplier othersCancelled = () -> stopped() || failed.get();
        CompletableFuture<Void> others = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("download-" + id + "-formats").start(() -> {
            try {
                for (int i = 0; i < formats.size() && !othersCancelled.getAsBoolean(); i++) {
                    if (i != streamed) {
                        fetch(formats.get(i), i, parts.get(i), platform, reporter, othersCancelled, Optional.empty());
                    }
                }
                others.complete(null);
            } catch (Throwable t) {
                others.completeExceptionally(t);
            }
        });
        StreamSink sink = new OpenOnFirstAppend(others::isDone, () -> {
            try {
                others.join();
            } catch (CompletionException e) {
                throw DownloadException.of(e.getCause());
            }
            if (othersCancelled.getAsBoolean()) {
                throw new DownloadException(ErrorCode.INTERNAL, "download stopped", new InterruptedException("stopped"));
            }
            return engine.merger().orElseThrow().mergeStreaming(without(parts, streamed), streamed, output);
        });
        try {
            fetch(formats.get(streamed), streamed, parts.get(streamed), platform, reporter, this::stopped,
                    Optional.of(sink));
        } catch (RuntimeException | Error e) {
            failed.set(true);
            try {
                others.join(); // the other downloads stop on the flag; none may write after this returns
            } catch (CompletionException ignored) {
                // the streamed format's failure is the one to report
            }
            throw e;
        }
    }

    /** A sink opened when the first bytes come: the merge has to wait for the other formats' files. */
    private static final class OpenOnFirstAppend implements StreamSink {
        private final BooleanSupplier othersDone;
        private final Supplier<StreamSink> opener;
        private StreamSink sink;

        OpenOnFirstAppend(BooleanSupplier othersDone, Supplier<StreamSink> opener) {
            this.othersDone = othersDone;
            this.opener = opener;
        }

        /** Ready once the other formats are in (or have failed: the first append then reports it). */
        @Override
        public boolean ready() {
            return sink != null ? sink.ready() : othersDone.getAsBoolean();
        }

        private StreamSink sink() {
            if (sink == null) {
                sink = opener.get();
            }
            return sink;
        }

        @Override
        public void append(FileChannel fragment) {
            sink().append(fragment);
        }

        @Override
        public void finish() {
            sink().finish();
        }

        @Override
        public void abort() {
            if (sink != null) {
                sink.abort();
            }
        }
    }

    /**
     * The format of a merge to stream into ffmpeg while it downloads, or -1: the largest one (the video, by
     * having a video codec, then by its announced size) among those its downloader can stream, so that the
     * formats downloaded beside it are the small ones.
     */
    private int streamedFormat(List<MediaFormat> formats) {
        if (formats.size() < 2 || !engine.merger().map(Merger::streams).orElse(false)) {
            return -1;
        }
        int best = -1;
        for (int i = 0; i < formats.size(); i++) {
            MediaFormat format = formats.get(i);
            if (!engine.downloader(format.protocol()).streams(format)) {
                continue;
            }
            if (best < 0 || weight(format) > weight(formats.get(best))) {
                best = i;
            }
        }
        return best;
    }

    private static long weight(MediaFormat format) {
        return format.filesize().orElse(0) + (format.hasVideo() ? Long.MAX_VALUE / 2 : 0);
    }

    private static List<Path> without(List<Path> parts, int index) {
        List<Path> rest = new ArrayList<>(parts);
        rest.remove(index);
        return rest;
    }

    private Path plan(DownloadTask task, MediaInfo media, List<MediaFormat> formats) {
        String template = Optional.ofNullable(task.options().get("output_template"))
                .orElseGet(engine::outputTemplate);
        Map<String, String> fields = new HashMap<>();
        fields.put("title", media.title());
        fields.put("id", media.id());
        fields.put("ext", OutputNamer.mergedExtension(formats.stream().map(MediaFormat::ext).toList()));
        fields.put("platform", media.extractor());
        media.uploader().or(media::artist).ifPresent(u -> fields.put("uploader", u));
        fields.put("format_id", formats.stream().map(MediaFormat::formatId).collect(Collectors.joining("+")));
        task.playlistIndex().ifPresent(i -> fields.put("playlist_index", String.valueOf(i)));
        return engine.reserveOutput(id, template, fields);
    }

    /** Renames into place: atomically where the file system can, replacing a stale file otherwise. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long sizeOf(String path) {
        try {
            Path p = Path.of(path);
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** What goes into the archive table once the file is in place. */
    record ArchiveEntry(String platform, String mediaId, String title) {
    }

    /** Aggregates, throttles and publishes one task's progress. */
    interface ProgressReporter {
        void baseline(long bytesAlreadyOnDisk);

        void report(int formatIndex, long bytesDone, long bytesTotal);

        void flush();
    }

    @Override
    public String toString() {
        return "DownloadWorker[" + id + ", " + (stopped() ? "stopping" : "running") + "]";
    }
}
