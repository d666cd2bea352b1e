package org.andalus.downloader.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.andalus.downloader.core.testing.MediaServer;
import org.andalus.downloader.core.testing.MediaServer.RecordedRequest;
import org.andalus.downloader.core.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of a real server in the middle of a download, then a restart on the same data folder: the
 * interrupted download resumes from the bytes on disk (one connection: {@code Range: bytes=N-}; four
 * connections: each segment from where it stopped, thanks to the state sidecar) and ends byte-identical; a
 * download still queued at the kill is still queued and completes; from a server without ranges the file
 * starts over cleanly and is still byte-identical.
 */
class RestartE2ETest {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final int SIZE = 16 << 20;
    private static final int QUEUED_SIZE = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;
    private MediaServer media;
    private AndalusProcess server;

    @BeforeEach
    void startMedia() {
        media = MediaServer.start();
    }

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.close();
        }
        media.close();
    }

    @Test
    void oneConnectionResumesWithARangeAfterKill9AndTheQueuedTaskSurvives() {
        Scenario s = killMidDownload(1, true, 1);
        List<RecordedRequest> after = s.requestsAfterRestart();
        assertThat(after).as("requests after the restart").isNotEmpty();
        List<RecordedRequest> bodies = bodyRequests(after);
        assertThat(bodies).as("the resumed transfer asks for the rest only: %s", describe(after))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.rangeStart()).isPositive());
        assertThat(bodies.getFirst().range()).hasValueSatisfying(range -> assertThat(range).matches("bytes=\\d+-"));
        assertThat(bodies.getFirst().rangeStart()).isLessThanOrEqualTo(s.partBytesAtKill())
                .isGreaterThan(0);
        assertThat(requested(bodies)).as("bytes fetched again").isLessThan(SIZE);
    }

    @Test
    void fourConnectionsResumeEachSegmentFromItsStateAfterKill9() {
        Scenario s = killMidDownload(4, true, 2);
        Set<Long> segmentStarts = bodyRequests(s.requestsBeforeKill()).stream().map(RecordedRequest::rangeStart)
                .collect(Collectors.toSet());
        assertThat(segmentStarts).as("segments before the kill: %s", describe(s.requestsBeforeKill()))
                .hasSizeGreaterThan(1);
        List<RecordedRequest> bodies = bodyRequests(s.requestsAfterRestart());
        assertThat(bodies).as("after the restart: %s", describe(s.requestsAfterRestart())).isNotEmpty();
        // Every segment had saved progress at the kill (3 MiB over four connections, state saved each second):
        // each continues past its start, and pieces taken over from a slow one start mid-segment too. (The
        // sum of the ranges asked for says nothing here: a piece taken over overlaps the range its first
        // connection asked for, which stops early.)
        assertThat(bodies).as("segments continue past their starts: %s", describe(bodies))
                .allSatisfy(r -> assertThat(segmentStarts).doesNotContain(r.rangeStart()));
        assertThat(bodies).as("no segment starts over from byte 0: %s", describe(bodies))
                .allSatisfy(r -> assertThat(r.rangeStart()).isPositive());
    }

    @Test
    void withoutRangeSupportTheFileStartsOverCleanlyAfterKill9() {
        Scenario s = killMidDownload(1, false, 3);
        List<RecordedRequest> bodies = s.requestsAfterRestart().stream().filter(r -> r.method().equals("GET"))
                .toList();
        assertThat(bodies).as("after the restart: %s", describe(s.requestsAfterRestart())).isNotEmpty();
    }

    @Test
    void sigtermStopsCleanlyAndARestartResumesTheDownloadAndKeepsAPausedTaskPaused() {
        MediaServer.Resource big = media.add("/big.mp4", MediaServer.Resource.generated(4, 8 << 20)
                .contentType("video/mp4").throttle(1 << 20));
        media.add("/later.mp4", MediaServer.Resource.generated(5, QUEUED_SIZE).contentType("video/mp4"));
        Map<String, String> env = Map.of("ANDALUS_DOWNLOAD_CONNECTIONS_PER_FILE", "1",
                "ANDALUS_QUEUE_MAX_CONCURRENT", "1");
        server = AndalusProcess.serve(work, env);
        ApiClient api = new ApiClient(server.baseUri());
        long bigId = api.add(Map.of("url", media.url("/big.mp4").toString(), "priority", 5)).path("id").asLong();
        long laterId = api.add(Map.of("url", media.url("/later.mp4").toString())).path("id").asLong();
        assertThat(api.post("/api/v1/downloads/" + laterId + "/pause", "").json().path("status").asText())
                .isEqualTo("paused");
        Await.until("1 MiB of the big file", TIMEOUT, () -> api.task(bigId),
                task -> task.path("bytes_done").asLong() >= 1 << 20);

        int exitCode = server.stop();
        Instant stoppedAt = Instant.now();
        assertThat(server.isAlive()).isFalse();
        assertThat(exitCode).as("a clean shutdown on SIGTERM is a success, not 143\n%s", server.stderr()).isZero();
        assertThat(server.stderr()).as("the shutdown ran").contains("shutting down (SIGTERM)");
        big.throttle(0);

        server = AndalusProcess.serve(work, env);
        ApiClient again = new ApiClient(server.baseUri());
        JsonNode done = again.awaitStatus(bigId, "completed", TIMEOUT);
        assertThat(TestData.sha256(Path.of(done.path("file_path").asText())))
                .isEqualTo(TestData.sha256Generated(4, 8 << 20));
        List<RecordedRequest> after = bodyRequests(media.requests("/big.mp4").stream()
                .filter(r -> r.receivedAt().isAfter(stoppedAt)).toList());
        assertThat(after).as("resumed: %s", describe(after)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.rangeStart()).isPositive());
        assertThat(again.task(laterId).path("status").asText()).as("paused survives the restart").isEqualTo("paused");
        assertThat(media.requests("/later.mp4")).isEmpty();

        again.post("/api/v1/downloads/" + laterId + "/resume", "");
        JsonNode later = again.awaitStatus(laterId, "completed", TIMEOUT);
        assertThat(TestData.sha256(Path.of(later.path("file_path").asText())))
                .isEqualTo(TestData.sha256Generated(5, QUEUED_SIZE));
    }

    @Test
    void ctrlCStopsCleanlyWithExitCodeZeroAndTheInterruptedTaskResumes() {
        media.add("/slow.mp4", MediaServer.Resource.generated(9, 4 << 20).contentType("video/mp4")
                .throttle(512 << 10));
        Map<String, String> env = Map.of("ANDALUS_DOWNLOAD_CONNECTIONS_PER_FILE", "1");
        server = AndalusProcess.serve(work, env);
        ApiClient api = new ApiClient(server.baseUri());
        long id = api.add(Map.of("url", media.url("/slow.mp4").toString())).path("id").asLong();
        Await.until("some bytes on disk", TIMEOUT, () -> api.task(id), task -> task.path("bytes_done").asLong() > 0);

        int exitCode = server.interrupt();
        Instant stoppedAt = Instant.now();

        assertThat(exitCode).as("a clean shutdown on SIGINT is a success, not 130\n%s", server.stderr()).isZero();
        assertThat(server.stderr()).contains("shutting down (SIGINT)");
        server = AndalusProcess.serve(work, env);
        JsonNode done = new ApiClient(server.baseUri()).awaitStatus(id, "completed", TIMEOUT);
        assertThat(TestData.sha256(Path.of(done.path("file_path").asText())))
                .isEqualTo(TestData.sha256Generated(9, 4 << 20));
        List<RecordedRequest> after = bodyRequests(media.requests("/slow.mp4").stream()
                .filter(r -> r.receivedAt().isAfter(stoppedAt)).toList());
        assertThat(after).as("resumed from the bytes on disk: %s", describe(after)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.rangeStart()).isPositive());
    }

    @Test
    void queueAndRuntimeSettingsSurviveARestart() {
        media.add("/waiting.mp4", MediaServer.Resource.generated(8, QUEUED_SIZE).contentType("video/mp4"));
        server = AndalusProcess.serve(work, Map.of());
        ApiClient api = new ApiClient(server.baseUri());
        assertThat(api.patch("/api/v1/queue", Map.of("paused", true, "max_concurrent", 2)).status()).isEqualTo(200);
        assertThat(api.put("/api/v1/settings", Map.of("download.retries", "7")).status()).isEqualTo(200);
        long id = api.add(Map.of("url", media.url("/waiting.mp4").toString())).path("id").asLong();
        server.stop();

        server = AndalusProcess.serve(work, Map.of());
        ApiClient again = new ApiClient(server.baseUri());
        JsonNode queue = again.get("/api/v1/queue").json();
        assertThat(queue.path("paused").asBoolean()).as(queue.toString()).isTrue();
        assertThat(queue.path("max_concurrent").asInt()).as(queue.toString()).isEqualTo(2);
        assertThat(queue.path("pending")).extracting(JsonNode::asLong).containsExactly(id);
        assertThat(again.get("/api/v1/settings").json().path("settings")).anySatisfy(setting -> {
            assertThat(setting.path("key").asText()).isEqualTo("download.retries");
            assertThat(setting.path("value").asText()).isEqualTo("7");
        });
        assertThat(media.requests("/waiting.mp4")).as("a paused queue starts nothing").isEmpty();

        again.patch("/api/v1/queue", Map.of("paused", false));
        again.awaitStatus(id, "completed", TIMEOUT);
    }

    @ParameterizedTest(name = "{0} connection(s)")
    @ValueSource(ints = {1, 4})
    void aSourceThatChangedWhileTheServerWasDownIsFetchedAfreshNotSpliced(int connections) {
        media.add("/film.mp4", MediaServer.Resource.generated(6, SIZE).contentType("video/mp4")
                .throttle(connections == 1 ? 2 << 20 : 512 << 10));
        Map<String, String> env = Map.of("ANDALUS_DOWNLOAD_CONNECTIONS_PER_FILE", Integer.toString(connections),
                "ANDALUS_DOWNLOAD_SEGMENT_THRESHOLD", "1M", "ANDALUS_QUEUE_PROGRESS_DB_INTERVAL", "200ms");
        server = AndalusProcess.serve(work, env);
        ApiClient api = new ApiClient(server.baseUri());
        long id = api.add(Map.of("url", media.url("/film.mp4").toString())).path("id").asLong();
        Await.until("2 MiB on disk", TIMEOUT, () -> api.task(id), task -> task.path("bytes_done").asLong() >= 2 << 20);
        server.kill9();

        // Same URL and size, new content: a new ETag and Last-Modified.
        media.add("/film.mp4", MediaServer.Resource.generated(7, SIZE).contentType("video/mp4")
                .lastModified(Instant.parse("2025-06-01T00:00:00Z")));
        server = AndalusProcess.serve(work, env);
        JsonNode done = new ApiClient(server.baseUri()).awaitStatus(id, "completed", TIMEOUT);
        assertThat(TestData.sha256(Path.of(done.path("file_path").asText())))
                .as("the new content, not old bytes spliced with new ones")
                .isEqualTo(TestData.sha256Generated(7, SIZE));
    }

    private record Scenario(List<RecordedRequest> requestsBeforeKill, List<RecordedRequest> requestsAfterRestart,
            long partBytesAtKill) {
    }

    /**
     * Serves a throttled file, starts a server with {@code connections} per file and one download at a time,
     * queues the file and a second one, kills the server with SIGKILL once a few MiB are on disk, restarts it
     * on the same data folder and checks both tasks complete byte-identical.
     */
    private Scenario killMidDownload(int connections, boolean ranges, long seed) {
        MediaServer.Resource big = MediaServer.Resource.generated(seed, SIZE).contentType("video/mp4")
                .throttle(ranges ? (connections == 1 ? 2 << 20 : 512 << 10) : 2 << 20);
        if (!ranges) {
            big.noRanges();
        }
        media.add("/big.mp4", big);
        media.add("/queued.mp4", MediaServer.Resource.generated(seed + 100, QUEUED_SIZE).contentType("video/mp4"));
        Map<String, String> env = Map.of("ANDALUS_DOWNLOAD_CONNECTIONS_PER_FILE", Integer.toString(connections),
                "ANDALUS_DOWNLOAD_SEGMENT_THRESHOLD", "1M", "ANDALUS_QUEUE_MAX_CONCURRENT", "1",
                "ANDALUS_QUEUE_PROGRESS_DB_INTERVAL", "200ms");

        server = AndalusProcess.serve(work, env);
        ApiClient api = new ApiClient(server.baseUri());
        long bigId = api.add(Map.of("url", media.url("/big.mp4").toString(), "priority", 10)).path("id").asLong();
        api.awaitStatus(bigId, "downloading", TIMEOUT);
        long queuedId = api.add(Map.of("url", media.url("/queued.mp4").toString())).path("id").asLong();
        Await.until("3 MiB of the big file on disk", TIMEOUT, () -> api.task(bigId),
                task -> task.path("bytes_done").asLong() >= 3 << 20);
        assertThat(api.task(queuedId).path("status").asText()).isEqualTo("pending");

        server.kill9();
        Instant killedAt = Instant.now();
        long partBytes = partFileBytes();
        List<RecordedRequest> before = media.requests("/big.mp4");
        assertThat(media.requests("/queued.mp4")).as("the queued file was not started before the kill").isEmpty();
        // The rest may go fast: what matters is where it starts.
        big.throttle(0);

        server = AndalusProcess.serve(work, env);
        ApiClient again = new ApiClient(server.baseUri());
        JsonNode done = again.awaitStatus(bigId, "completed", TIMEOUT);
        assertThat(TestData.sha256(Path.of(done.path("file_path").asText())))
                .isEqualTo(TestData.sha256Generated(seed, SIZE));
        assertThat(done.path("bytes_done").asLong()).isEqualTo(SIZE);
        JsonNode queued = again.awaitStatus(queuedId, "completed", TIMEOUT);
        assertThat(TestData.sha256(Path.of(queued.path("file_path").asText())))
                .isEqualTo(TestData.sha256Generated(seed + 100, QUEUED_SIZE));
        assertThat(leftovers()).as("no partial files are left").isEmpty();

        List<RecordedRequest> after = media.requests("/big.mp4").stream()
                .filter(r -> r.receivedAt().isAfter(killedAt)).toList();
        return new Scenario(before, after, partBytes);
    }

    /** The bytes in the big download's part file(s) right after the kill (the file is sparse when segmented). */
    private long partFileBytes() {
        try (var files = Files.walk(work.resolve("downloads"))) {
            return files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".state"))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).max().orElse(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Path> leftovers() {
        try (var files = Files.walk(work.resolve("downloads"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".part") || f.toString().endsWith(".state")
                            || f.toString().endsWith(".validators")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** GETs that fetch body bytes: everything but the {@code bytes=0-0} probes. */
    private static List<RecordedRequest> bodyRequests(List<RecordedRequest> requests) {
        return requests.stream().filter(r -> r.method().equals("GET"))
                .filter(r -> !r.range().map(v -> v.trim().equals("bytes=0-0")).orElse(false)).toList();
    }

    /** How many bytes {@code requests} asked for (open ranges up to the end). */
    private static long requested(List<RecordedRequest> requests) {
        long sum = 0;
        for (RecordedRequest r : requests) {
            Matcher m = RANGE.matcher(r.range().orElse("bytes=0-").trim());
            if (!m.matches()) {
                sum += SIZE;
                continue;
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? SIZE - 1 : Long.parseLong(m.group(2));
            sum += end - start + 1;
        }
        return sum;
    }

    private static String describe(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.method() + " " + r.range().orElse("(no range)"))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
