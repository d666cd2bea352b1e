package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.db.Database;
import org.andalus.downloader.core.download.MediaDownloader;
import org.andalus.downloader.core.download.Merger;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.extract.ExtractionService;
import org.andalus.downloader.core.extract.ExtractorLease;
import org.andalus.downloader.core.format.FormatSelection;
import org.andalus.downloader.core.output.OutputNamer;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.core.queue.NewDownload;
import org.andalus.downloader.core.queue.QueueState;
import org.andalus.downloader.core.queue.QueueUpdate;
import org.andalus.downloader.core.queue.TaskQuery;
import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.core.queue.TaskStore;
import org.andalus.downloader.core.settings.SettingsService;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.Protocol;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The download engine: the persistent queue in SQLite, a {@link Scheduler} thread that starts pending tasks
 * by priority (then submission order) while fewer than {@code queue.max-concurrent} run and the queue is not
 * paused, and one virtual-thread {@link DownloadWorker} per running task.
 *
 * <p>Life cycle: construct, {@link #start()}, {@link #close()}. {@link #start()} first puts every task
 * left {@code downloading} by a crash back to {@code pending}; its part files stay, and the downloaders
 * resume from them. {@link #close()} stops the workers cooperatively (the part files stay) and sets their
 * tasks back to {@code pending}, so the next start continues them.
 *
 * <p>{@link #pause(long)}, {@link #cancel(long)} and {@link #delete(long, boolean)} of a running task wait
 * (a few seconds at most) for its worker to stop, so their answer is the settled state.
 */
public final class DownloadManager implements Downloads, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DownloadManager.class.getName());
    private static final int MAX_LISTED = 10_000;

    private final TaskStore store;
    private final EventBus eventBus;
    private final TaskEvents events;
    private final TaskCommands commands;
    private final ExtractionService extraction;
    private final FormatSelection formatSelection;
    private final Map<Protocol, MediaDownloader> downloaders;
    private final Optional<Merger> merger;
    private final SettingsService settingsService;
    private final EngineSettings settings;
    private final OutputNamer namer;
    private final OutputReservations outputs;
    private final EngineMetrics metrics;
    private final Scheduler scheduler;
    private final Clock clock;
    private AutoCloseable settingsSubscription;

    /**
     * @param downloaders one downloader per protocol it handles
     * @param merger joins video and audio; without it, selections of several formats fail
     */
    public DownloadManager(Config config, Database db, EventBus events, ExtractionService extraction,
            FormatSelection formatSelection, Map<Protocol, MediaDownloader> downloaders, Optional<Merger> merger,
            MeterRegistry meters, SettingsService settings) {
        this(config, db, events, extraction, formatSelection, downloaders, merger, meters, settings, Clock.systemUTC());
    }

    DownloadManager(Config config, Database db, EventBus events, ExtractionService extraction,
            FormatSelection formatSelection, Map<Protocol, MediaDownloader> downloaders, Optional<Merger> merger,
            MeterRegistry meters, SettingsService settings, Clock clock) {
        requireNonNull(config, "config is null");
        this.store = new TaskStore(requireNonNull(db, "db is null"), clock);
        this.eventBus = requireNonNull(events, "events is null");
        this.extraction = requireNonNull(extraction, "extraction is null");
        this.formatSelection = requireNonNull(formatSelection, "formatSelection is null");
        this.downloaders = Map.copyOf(requireNonNull(downloaders, "downloaders is null"));
        this.merger = requireNonNull(merger, "merger is null");
        this.settingsService = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = new EngineSettings(config, settings);
        this.namer = new OutputNamer(config.path("storage.download-dir"));
        this.outputs = new OutputReservations(namer);
        this.metrics = new EngineMetrics(store, requireNonNull(meters, "meters is null"));
        this.events = new TaskEvents(store, events, metrics, clock);
        this.scheduler = new Scheduler(store, this.settings, id -> new DownloadWorker(this, id),
                this.events::stateChanged);
        this.commands = new TaskCommands(store, scheduler, metrics, this.events, settings, namer.downloadDir());
    }

    /** Recovers interrupted tasks and starts the scheduler. */
    public DownloadManager start() {
        scheduler.start(() -> {
            int recovered = store.recover();
            if (recovered > 0) {
                LOG.log(System.Logger.Level.INFO, recovered + " interrupted downloads put back in the queue");
            }
            settingsSubscription = settingsService.onChange(scheduler::settingsChanged);
        });
        return this;
    }

    // ---- Downloads -------------------------------------------------------------------------------

    @Override
    public DownloadTask add(NewDownload request) {
        requireNonNull(request, "request is null");
        String template = request.options().get("output_template");
        if (template != null) {
            OutputNamer.validateTemplate(template);
        }
        try (ExtractorLease lease = extraction.registry().lease(request.url()).orElseThrow(
                () -> new DownloadException(ErrorCode.UNSUPPORTED_URL, "no extractor accepts " + request.url()))) {
            LOG.log(System.Logger.Level.DEBUG, "adding " + request.url() + " for " + lease.pluginId());
        }
        DownloadTask task = store.insert(request, Optional.empty());
        // Published from the inserted row, before the scheduler is woken, so "pending" precedes "downloading".
        events.added(task);
        events.queueChanged("added " + task.id());
        scheduler.wake();
        return task;
    }

    @Override
    public Optional<DownloadTask> find(long id) {
        return store.find(id);
    }

    @Override
    public List<DownloadTask> list(TaskQuery query) {
        return store.list(requireNonNull(query, "query is null"));
    }

    @Override
    public DownloadTask pause(long id) {
        return commands.pause(id);
    }

    @Override
    public DownloadTask resume(long id) {
        return commands.resume(id);
    }

    @Override
    public DownloadTask cancel(long id) {
        return commands.cancel(id);
    }

    @Override
    public DownloadTask retry(long id) {
        return commands.retry(id);
    }

    @Override
    public void delete(long id, boolean deleteFile) {
        commands.delete(id, deleteFile);
    }

    @Override
    public DownloadTask setPriority(long id, int priority) {
        return commands.setPriority(id, priority);
    }

    @Override
    public QueueState queue() {
        return new QueueState(scheduler.maxConcurrent(), scheduler.paused(),
                store.ids(TaskStatus.DOWNLOADING, MAX_LISTED), store.ids(TaskStatus.PENDING, MAX_LISTED));
    }

    @Override
    public QueueState updateQueue(QueueUpdate update) {
        commands.updateQueue(update);
        return queue();
    }

    /** Running and queued counts and the total speed, for {@code GET /api/v1/status}. */
    public EngineStatus status() {
        return new EngineStatus(scheduler.runningCount(), (long) metrics.count(TaskStatus.PENDING), scheduler.speed(),
                scheduler.maxConcurrent(), scheduler.paused());
    }

    @Override
    public void close() {
        Optional<List<DownloadWorker>> stopped = scheduler.close();
        if (stopped.isEmpty()) {
            return;
        }
        for (DownloadWorker worker : stopped.get()) {
            store.transition(worker.id(), List.of(TaskStatus.DOWNLOADING), TaskStatus.PENDING);
        }
        scheduler.join();
        if (settingsSubscription != null) {
            try {
                settingsSubscription.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "settings unsubscribe failed", e);
            }
        }
    }

    // ---- called by workers -----------------------------------------------------------------------
    // The worker's one way into the engine: thin delegates, so DownloadWorker depends on this class only.

    TaskStore store() {
        return store;
    }

    ExtractionService extraction() {
        return extraction;
    }

    FormatSelection formatSelection() {
        return formatSelection;
    }

    Optional<Merger> merger() {
        return merger;
    }

    OutputNamer namer() {
        return namer;
    }

    MediaDownloader downloader(Protocol protocol) {
        MediaDownloader downloader = downloaders.get(protocol);
        if (downloader == null) {
            throw new DownloadException(ErrorCode.INTERNAL, "no downloader for protocol " + protocol.ytDlpName());
        }
        return downloader;
    }

    /** The id of the extractor that accepts {@code url}, for metrics before extraction has said. */
    String platformOf(URI url) {
        return extraction.registry().lease(url).map(lease -> {
            try (lease) {
                return lease.pluginId();
            }
        }).orElse("unknown");
    }

    int connections(Protocol protocol) {
        return settings.connections(protocol);
    }

    boolean archiveEnabled() {
        return settings.archiveEnabled();
    }

    String outputTemplate() {
        return settings.outputTemplate();
    }

    Path reserveOutput(long id, String template, Map<String, String> fields) {
        return outputs.reserve(id, template, fields);
    }

    void releaseOutput(long id) {
        outputs.release(id);
    }

    void workerDone(DownloadWorker worker) {
        scheduler.workerDone(worker);
    }

    void completed(long id, String platform, Optional<String> filePath, long bytes, Optional<String> note,
            Optional<DownloadWorker.ArchiveEntry> archive) {
        if (!store.complete(id, filePath, bytes, note)) {
            // paused or canceled after the last byte: the status set by that call stands
            return;
        }
        archive.ifPresent(a -> store.archive(a.platform(), a.mediaId(), a.title(), filePath.orElse(null)));
        metrics.finished(platform, TaskStatus.COMPLETED);
        events.stateChanged(id);
    }

    void failed(long id, String platform, DownloadException failure) {
        LOG.log(System.Logger.Level.INFO, "download " + id + " failed: " + failure.errorCode() + " "
                + failure.getMessage());
        if (!store.fail(id, failure.errorCode(), failure.getMessage())) {
            return;
        }
        metrics.finished(platform, TaskStatus.FAILED);
        events.failed(id, failure);
        events.stateChanged(id);
    }

    void queueChanged(String reason) {
        events.queueChanged(reason);
    }

    /** Deletes the task's part files (and their sidecars); the finished file is never touched. */
    void deletePartFiles(long id) {
        commands.deletePartFiles(id);
    }

    /** See {@link PartFiles#partFile}. */
    static Path partFile(Path target, Optional<MediaFormat> format) {
        return PartFiles.partFile(target, format);
    }

    /** See {@link PartFiles#mergeFile}. */
    static Path mergeFile(Path target) {
        return PartFiles.mergeFile(target);
    }

    DownloadWorker.ProgressReporter reporter(long id, String platform, ProgressTracker tracker) {
        return new ThrottledReporter(id, tracker, settings.duration("queue.progress-event-interval").toNanos(),
                settings.duration("queue.progress-db-interval").toNanos(), metrics.bytesDownloaded(platform),
                eventBus, store, clock);
    }
}
