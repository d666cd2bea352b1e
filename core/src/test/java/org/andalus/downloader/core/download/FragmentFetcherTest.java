package org.andalus.downloader.core.download;

import static org.andalus.downloader.core.download.FragmentTestSupport.CONFIG;
import static org.andalus.downloader.core.download.FragmentTestSupport.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.core.testing.MediaGenerator;
import org.andalus.downloader.core.testing.StaticFileServer;
import org.andalus.downloader.spi.model.MediaFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-order streaming of {@link FragmentFetcher}: appends as fragments complete, bounded, resumable. */
class FragmentFetcherTest {
    @TempDir
    static Path media;
    @TempDir
    Path out;

    private StaticFileServer server;
    private Network network;
    private FragmentFetcher fetcher;

    @BeforeAll
    static void generate() {
        new MediaGenerator(media).hlsTs("ts", 12);
    }

    @BeforeEach
    void start() {
        server = new StaticFileServer(media);
        network = new Network(CONFIG);
        fetcher = new FragmentFetcher(network, CONFIG);
    }

    @AfterEach
    void stop() {
        server.close();
        network.close();
    }

    @Test
    void appendsFragmentsInOrderWhenTheyCompleteOutOfOrder() {
        // The first fragment fails twice: the ones after it complete first and wait for it.
        server.failNext("ts/seg000.ts", 503, 2);
        RecordingSink sink = new RecordingSink();

        DownloadOutcome outcome = fetcher.fetch(job(format(), out.resolve("a.ts.part"), 3), pieces(), (d, t) -> { },
                first -> sink);

        assertThat(sink.bytes.toByteArray()).isEqualTo(concatenated());
        assertThat(sink.appends).isEqualTo(segments().size());
        assertThat(sink.finished).isTrue();
        assertThat(sink.aborted).isFalse();
        assertThat(outcome.bytes()).isEqualTo(concatenated().length);
        List<String> requests = server.requests();
        int lastTryOfFirst = requests.lastIndexOf("/ts/seg000.ts");
        assertThat(requests.subList(0, lastTryOfFirst)).contains("/ts/seg001.ts", "/ts/seg002.ts");
        assertThat(FragmentFetcher.sidecar(out.resolve("a.ts.part"))).doesNotExist();
    }

    @Test
    void appendsWhileTheDownloadGoesOn() {
        server.delayResponses(40);
        RecordingSink sink = new RecordingSink();
        List<Integer> requestsAtAppend = new ArrayList<>();
        sink.onAppend = () -> requestsAtAppend.add(server.requests().size());

        fetcher.fetch(job(format(), out.resolve("b.ts.part"), 2), pieces(), (d, t) -> { }, first -> sink);

        // the first fragment went out long before the last one was requested
        assertThat(requestsAtAppend.get(0)).isLessThan(segments().size());
        assertThat(sink.bytes.toByteArray()).isEqualTo(concatenated());
    }

    @Test
    void neverRunsMoreThanTwiceTheConnectionsAheadOfTheFirstMissingFragment() {
        // five attempts with 10-40 ms pauses: time enough for the other connection to fetch every fragment
        server.failNext("ts/seg000.ts", 503, 4);
        FragmentFetcher fetcher = new FragmentFetcher(network, CONFIG.with(java.util.Map.of("download.retries", "5")));
        int connections = 2;
        int window = 2 * connections;

        fetcher.fetch(job(format(), out.resolve("c.ts.part"), connections), pieces(), (d, t) -> { },
                first -> new RecordingSink());

        List<String> requests = server.requests();
        int firstDone = requests.lastIndexOf("/ts/seg000.ts");
        assertThat(segments()).hasSizeGreaterThan(window + 2);
        assertThat(requests.subList(0, firstDone)).allSatisfy(path ->
                assertThat(segmentNumber(path)).isLessThan(window));
    }

    @Test
    void aSinkThatIsNotReadyLetsTheDownloadRunPastTheWindow() {
        // A merge's sink waits for the audio: the video's fragments go on to disk instead of stopping at 2 x 1.
        RecordingSink sink = new RecordingSink();
        sink.ready = false;
        List<Integer> requestsAtAppend = new ArrayList<>();
        sink.onAppend = () -> requestsAtAppend.add(server.requests().size());

        fetcher.fetch(job(format(), out.resolve("w.ts.part"), 1), pieces(), (d, t) -> { }, first -> sink);

        assertThat(segments()).hasSizeGreaterThan(2 + 2);
        assertThat(requestsAtAppend.get(0)).as("requests made before the first append").isEqualTo(segments().size());
        assertThat(sink.bytes.toByteArray()).isEqualTo(concatenated());
        assertThat(sink.finished).isTrue();
    }

    @Test
    void writesThePartFileAndResumesFromTheFragmentsOfAStoppedRun() throws IOException {
        Path part = out.resolve("d.ts.part");
        Path sidecar = FragmentFetcher.sidecar(part);
        int stopAfter = 4;

        assertThatThrownBy(() -> fetcher.fetch(job(format(), part, 1, () -> fragmentsIn(sidecar) >= stopAfter),
                pieces(), (d, t) -> { }))
                .isInstanceOfSatisfying(DownloadException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(InterruptedException.class));
        long kept = fragmentsIn(sidecar);
        assertThat(kept).isBetween((long) stopAfter, (long) segments().size() - 1);
        assertThat(part).as("a half-written part file is removed; the fragments are the state").doesNotExist();
        server.clearRequests();
        FragmentTestSupport.Progress progress = new FragmentTestSupport.Progress();

        DownloadOutcome outcome = fetcher.fetch(job(format(), part, 3), pieces(), progress);

        assertThat(outcome.resumed()).isTrue();
        assertThat(server.requests()).hasSize((int) (segments().size() - kept));
        assertThat(Files.readAllBytes(part)).isEqualTo(concatenated());
        assertThat(progress.done.get()).isEqualTo(concatenated().length);
        assertThat(sidecar).doesNotExist();
    }

    @Test
    void abortsTheSinkAndKeepsTheFragmentsWhenAFragmentFails() {
        server.failNext("ts/seg005.ts", 404, Integer.MAX_VALUE);
        RecordingSink sink = new RecordingSink();
        Path part = out.resolve("e.ts.part");

        assertThatThrownBy(() -> fetcher.fetch(job(format(), part, 2), pieces(), (d, t) -> { }, first -> sink))
                .isInstanceOf(DownloadException.class).hasMessageContaining("fragment 6/");

        assertThat(sink.aborted).isTrue();
        assertThat(sink.finished).isFalse();
        assertThat(FragmentFetcher.fragmentFile(FragmentFetcher.sidecar(part), 0)).exists();
    }

    @Test
    void aSinkFailureStopsTheDownloadWithItsError() {
        RecordingSink sink = new RecordingSink();
        sink.onAppend = () -> {
            throw new DownloadException(org.andalus.downloader.spi.ErrorCode.POSTPROCESSING_FAILED, "ffmpeg gave up");
        };

        assertThatThrownBy(() -> fetcher.fetch(job(format(), out.resolve("f.ts.part"), 2), pieces(), (d, t) -> { },
                first -> sink))
                .isInstanceOf(DownloadException.class).hasMessage("ffmpeg gave up");
        assertThat(sink.aborted).isTrue();
    }

    private MediaFormat format() {
        return FragmentTestSupport.hls(server.url("ts/index.m3u8"), "ts");
    }

    private List<FragmentFetcher.Piece> pieces() {
        List<FragmentFetcher.Piece> pieces = new ArrayList<>();
        List<Path> segments = segments();
        for (int i = 0; i < segments.size(); i++) {
            pieces.add(new FragmentFetcher.Piece("fragment " + (i + 1) + "/" + segments.size(),
                    server.url(segments.get(i)), Optional.empty(), Optional.empty(), OptionalDouble.empty()));
        }
        return pieces;
    }

    private static List<Path> segments() {
        try (Stream<Path> files = Files.list(media.resolve("ts"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("seg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concatenated() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path segment : segments()) {
            try {
                all.write(Files.readAllBytes(segment));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toByteArray();
    }

    private static int segmentNumber(String path) {
        return Integer.parseInt(path.replaceAll("\\D", ""));
    }

    private static long fragmentsIn(Path sidecar) {
        if (!Files.isDirectory(sidecar)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(sidecar)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".frag")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Keeps what it is given, in order. */
    private static final class RecordingSink implements StreamSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int appends;
        boolean finished;
        boolean aborted;
        Runnable onAppend = () -> { };
        boolean ready = true;

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public void append(FileChannel fragment) {
            onAppend.run();
            try {
                ByteBuffer buffer = ByteBuffer.allocate((int) fragment.size());
                while (buffer.hasRemaining() && fragment.read(buffer, buffer.position()) > 0) {
                    // reads all of it
                }
                bytes.write(buffer.array(), 0, buffer.position());
                appends++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
