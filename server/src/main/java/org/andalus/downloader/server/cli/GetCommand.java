package org.andalus.downloader.server.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.engine.Downloads;
import org.andalus.downloader.core.event.Event;
import org.andalus.downloader.core.queue.DownloadTask;
import org.andalus.downloader.core.queue.NewDownload;
import org.andalus.downloader.core.queue.TaskQuery;
import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.spi.ErrorCode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code andalus get URL}: downloads one URL (or a playlist's entries) with an embedded engine and no
 * server, showing progress on stderr and printing each finished file's path on stdout.
 */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = AndalusCli.Version.class,
        description = {"Downloads a URL without a server and prints the file's path.",
            "Without --download-dir or a folder in -o, files go to the current folder (unless the config "
                + "file or ANDALUS_STORAGE_DOWNLOAD_DIR says otherwise)."})
final class GetCommand implements java.util.concurrent.Callable<Integer> {
    static final Duration POLL = Duration.ofMillis(200);
    private static final int PLAYLIST_GRACE_POLLS = 10;
    private static final String DOWNLOAD_DIR = "storage.download-dir";

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    EmbeddedOptions embedded = new EmbeddedOptions();

    @Parameters(index = "0", paramLabel = "URL", description = "The page or media URL.")
    String url;

    @Option(names = {"-o", "--output"}, paramLabel = "TEMPLATE",
            description = "Output file name template, e.g. '{title}.{ext}', optionally with a folder: "
                    + "'/tmp/x/{title}.{ext}'. Fields: {title} {id} {ext} {platform} {uploader} {format_id} "
                    + "{playlist_index}; yt-dlp's spelling works too: '%(title)s.%(ext)s'.")
    String output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "yt-dlp format spec: best, bv*+ba/b, 'bv[height<=720]+ba', ...")
    String format;

    @Option(names = {"-q", "--quality"}, paramLabel = "QUALITY", description = "best, 1080p, 720p, audio, ...")
    String quality;

    @Option(names = {"-x", "--connections"}, paramLabel = "N",
            description = "download.connections-per-file: parallel connections per file.")
    Integer connections;

    @Option(names = {"-N", "--concurrent-fragments"}, paramLabel = "N",
            description = "download.concurrent-fragments: HLS/DASH fragments fetched at once.")
    Integer concurrentFragments;

    @Option(names = "--proxy", paramLabel = "URL", description = "network.proxy: http://host:port or socks5://host:port.")
    String proxy;

    @Option(names = "--cookies", paramLabel = "FILE", description = "network.cookies-file: a Netscape cookies.txt.")
    Path cookies;

    @Option(names = "--limit-rate", paramLabel = "RATE",
            description = "network.limit-rate-per-download: bytes per second, e.g. 500K, 2M.")
    String limitRate;

    @Option(names = "--user-agent", paramLabel = "UA", description = "network.user-agent.")
    String userAgent;

    @Option(names = "--retries", paramLabel = "N", description = "download.retries: attempts before giving up.")
    Integer retries;

    @Option(names = "--download-dir", paramLabel = "DIR", description = "storage.download-dir: where files go.")
    Path downloadDir;

    GetCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The flags as configuration keys (without the embedded session's own). */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        // A config file meant for the server may pause the queue; the one download asked for must run.
        flags.put("queue.paused", "false");
        CliConfig.flag(flags, "download.connections-per-file", connections);
        CliConfig.flag(flags, "download.concurrent-fragments", concurrentFragments);
        CliConfig.flag(flags, "network.proxy", proxy);
        CliConfig.flag(flags, "network.cookies-file", cookies);
        CliConfig.flag(flags, "network.limit-rate-per-download", limitRate);
        CliConfig.flag(flags, "network.user-agent", userAgent);
        CliConfig.flag(flags, "download.retries", retries);
        CliConfig.flag(flags, DOWNLOAD_DIR, downloadDir);
        if (output != null) {
            if (output.isBlank()) {
                throw new ParameterException(spec.commandLine(), "-o must not be empty");
            }
            Path template = Path.of(output);
            Path folder = template.getParent();
            if (folder != null) {
                if (folder.toString().contains("{")) {
                    throw new ParameterException(spec.commandLine(),
                            "-o: fields are allowed in the file name only, not in the folder: " + output);
                }
                flags.put(DOWNLOAD_DIR, folder.toString());
            }
            flags.put("queue.output-template", template.getFileName().toString());
        }
        return flags;
    }

    NewDownload request() {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "not a URL: " + url);
        }
        try {
            return new NewDownload(uri, 0, Optional.ofNullable(format), Optional.ofNullable(quality), Map.of(),
                    OptionalLong.empty(), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Files go to the current folder unless something configured a download folder, like yt-dlp. */
    Map<String, String> withDownloadDirDefault(Map<String, String> flags) {
        if (flags.containsKey(DOWNLOAD_DIR)) {
            return flags;
        }
        Config configured = CliConfig.load(embedded.configFile(), context, flags);
        if (!configured.get(DOWNLOAD_DIR).equals(Config.defaults().get(DOWNLOAD_DIR))) {
            return flags;
        }
        Map<String, String> withDefault = new LinkedHashMap<>(flags);
        withDefault.put(DOWNLOAD_DIR, ".");
        return withDefault;
    }

    @Override
    public Integer call() throws Exception {
        NewDownload request = request();
        Map<String, String> flags = withDownloadDirDefault(flags());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, context.terminal(), context.clock());
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (EmbeddedSession session = EmbeddedSession.open(context, embedded, flags)) {
            Thread hook = new Thread(session::close, "andalus-get-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try (AutoCloseable subscription = session.runtime().events().subscribe(events::add)) {
                int code = follow(session.runtime().downloads(), request, events, bar, out, err);
                out.flush();
                return code;
            } finally {
                ServeCommand.removeHook(hook);
            }
        }
    }

    private int follow(Downloads downloads, NewDownload request, BlockingQueue<Event> events, ProgressBar bar,
            PrintWriter out, PrintWriter err) throws InterruptedException {
        DownloadTask root = downloads.add(request);
        Set<Long> ours = new HashSet<>(Set.of(root.id()));
        Set<Long> announced = new HashSet<>();
        CombinedProgress progress = new CombinedProgress();
        int graceLeft = PLAYLIST_GRACE_POLLS;
        while (true) {
            Event event = events.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            while (event != null) {
                show(event, ours, announced, progress, bar);
                event = events.poll();
            }
            DownloadTask current = downloads.find(root.id()).orElseThrow(
                    () -> new IllegalStateException("task " + root.id() + " disappeared from the queue"));
            List<DownloadTask> children = downloads.list(TaskQuery.all()).stream()
                    .filter(task -> task.parentId().equals(OptionalLong.of(root.id())))
                    .toList();
            children.forEach(child -> ours.add(child.id()));
            if (!current.status().terminal() || children.stream().anyMatch(c -> !c.status().terminal())) {
                continue;
            }
            // A playlist's task may complete (without a file of its own) a moment before its entries show up.
            if (children.isEmpty() && current.status() == TaskStatus.COMPLETED && current.filePath().isEmpty()
                    && graceLeft-- > 0) {
                continue;
            }
            bar.finish();
            return report(children.isEmpty() ? List.of(current) : children, out, err);
        }
    }

    private static void show(Event event, Set<Long> ours, Set<Long> announced, CombinedProgress progress,
            ProgressBar bar) {
        switch (event) {
            case Event.Progress p when ours.contains(p.taskId()) -> progress.update(p, bar);
            case Event.StateChanged s when ours.contains(s.taskId()) && s.status() == TaskStatus.DOWNLOADING
                    && s.title().isPresent() && announced.add(s.taskId()) ->
                bar.message("[download] " + s.title().get());
            case Event.Error e when ours.contains(e.taskId()) && e.willRetry() ->
                bar.message("[retry] " + e.code() + ": " + e.message());
            default -> {
            }
        }
    }

    private static int report(List<DownloadTask> tasks, PrintWriter out, PrintWriter err) {
        int code = 0;
        for (DownloadTask task : tasks) {
            if (task.status() == TaskStatus.COMPLETED && task.filePath().isPresent()) {
                out.println(task.filePath().get());
                continue;
            }
            code = AndalusCli.EXIT_FAILURE;
            String prefix = tasks.size() > 1 ? task.title().orElse(task.url().toString()) + ": " : "";
            if (task.status() == TaskStatus.CANCELED) {
                err.println("error: " + prefix + "download canceled");
            } else {
                String errorCode = task.errorCode().orElse(ErrorCode.INTERNAL.name());
                String message = task.errorMessage().orElse(task.status() == TaskStatus.COMPLETED
                        ? "the task completed without a file" : "the download failed");
                err.println("error: [" + errorCode + "] " + prefix + message);
            }
        }
        err.flush();
        return code;
    }
}
