package org.andalus.downloader.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.andalus.downloader.core.testing.MediaServer;
import org.andalus.downloader.core.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code andalus} command of the built distribution as a user runs it: {@code get} prints the file's
 * path and progress, fails with exit 1 and a coded error line; {@code info --json} is yt-dlp-style JSON;
 * {@code plugins} lists the bundled plugins; {@code serve} refuses a wildcard bind without a token and, with
 * one, requires it on every request and on the WebSocket.
 */
class CliE2ETest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final int SIZE = 3 << 20;

    @TempDir
    Path work;
    private MediaServer media;
    private AndalusProcess server;

    @BeforeEach
    void startMedia() {
        media = MediaServer.start();
        media.add("/films/sunset.mp4", MediaServer.Resource.generated(81, SIZE).contentType("video/mp4"));
    }

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.close();
        }
        media.close();
    }

    @Test
    void getPrintsThePathOfAnIdenticalFileAndProgressOnStderr() {
        Path out = work.resolve("out");
        AndalusProcess.Result get = AndalusProcess.run(work, Map.of(), COMMAND_TIMEOUT, "get",
                media.url("/films/sunset.mp4").toString(), "-o", out + "/{title}.{ext}");

        assertThat(get.exitCode()).as(get.toString()).isZero();
        Path file = out.resolve("sunset.mp4");
        assertThat(get.stdout().strip()).as(get.toString()).isEqualTo(file.toString());
        assertThat(TestData.sha256(file)).isEqualTo(TestData.sha256Generated(81, SIZE));
        assertThat(get.stderr()).as(get.toString()).contains("[download]").contains("100.0%");
        // Without a terminal, stderr is the plain progress lines and nothing else a person must wade through.
        assertThat(get.stderr().lines().filter(line -> !line.isBlank()))
                .as("stderr of get:\n%s", get.stderr())
                .allSatisfy(line -> assertThat(line).startsWith("[download]"));
    }

    @Test
    void getOfAPageWithTwoVideosDownloadsEachAsItsOwnFile() {
        media.add("/films/dawn.mp4", MediaServer.Resource.generated(82, SIZE / 2).contentType("video/mp4"));
        media.add("/films/page.html", MediaServer.Resource.bytes("""
                <html><head><title>Two films</title></head><body>
                <video src="sunset.mp4" title="Sunset"></video>
                <video><source src="dawn.mp4" type="video/mp4"></video>
                </body></html>
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).contentType("text/html; charset=utf-8"));
        Path out = work.resolve("out");

        AndalusProcess.Result get = AndalusProcess.run(work, Map.of(), COMMAND_TIMEOUT, "get",
                media.url("/films/page.html").toString(), "-o", out + "/{playlist_index} {title}.{ext}");

        assertThat(get.exitCode()).as(get.toString()).isZero();
        Path sunset = out.resolve("1 Sunset.mp4");
        Path dawn = out.resolve("2 Two films (2).mp4");
        assertThat(get.stdout().lines()).as(get.toString()).containsExactlyInAnyOrder(sunset.toString(), dawn.toString());
        assertThat(TestData.sha256(sunset)).isEqualTo(TestData.sha256Generated(81, SIZE));
        assertThat(TestData.sha256(dawn)).isEqualTo(TestData.sha256Generated(82, SIZE / 2));
        // each entry was fetched with its page as referer, as a browser playing it would
        assertThat(media.requests("/films/dawn.mp4")).isNotEmpty().allSatisfy(r -> assertThat(r.header("Referer"))
                .hasValue(media.url("/films/page.html").toString()));
    }

    @Test
    void getOfAMissingUrlExitsOneWithTheErrorCode() {
        AndalusProcess.Result get = AndalusProcess.run(work, Map.of(), COMMAND_TIMEOUT, "get",
                media.url("/films/missing.mp4").toString(), "-o", work.resolve("out") + "/{title}.{ext}");

        assertThat(get.exitCode()).as(get.toString()).isEqualTo(1);
        assertThat(get.stdout()).as(get.toString()).isBlank();
        assertThat(get.stderr()).as(get.toString()).containsPattern("(?m)^error: \\[NOT_FOUND\\] ");
    }

    @Test
    void infoJsonDescribesTheFormatsLikeYtDlp() throws Exception {
        String url = media.url("/films/sunset.mp4").toString();
        AndalusProcess.Result info = AndalusProcess.run(work, Map.of(), COMMAND_TIMEOUT, "info", url, "--json");

        assertThat(info.exitCode()).as(info.toString()).isZero();
        JsonNode json = ApiClient.JSON.readTree(info.stdout());
        assertThat(json.path("title").asText()).isEqualTo("sunset");
        assertThat(json.path("extractor").asText()).isEqualTo("generic");
        assertThat(json.path("formats").get(0).path("url").asText()).isEqualTo(url);
        assertThat(json.path("formats").get(0).path("ext").asText()).isEqualTo("mp4");
        // yt-dlp names a plain resource's protocol by its URL's scheme.
        assertThat(json.path("formats").get(0).path("protocol").asText()).isEqualTo("http");
        try (var files = java.nio.file.Files.walk(work)) {
            assertThat(files.filter(f -> f.toString().endsWith(".mp4") || f.toString().endsWith(".part")))
                    .as("info writes no media").isEmpty();
        }
    }

    @Test
    void pluginsListsTheFiveBundledPluginsStarted() {
        AndalusProcess.Result plugins = AndalusProcess.run(work, Map.of(), COMMAND_TIMEOUT, "plugins");

        assertThat(plugins.exitCode()).as(plugins.toString()).isZero();
        for (String id : List.of("generic", "youtube", "vimeo", "soundcloud", "dailymotion")) {
            assertThat(plugins.stdout()).as(plugins.toString()).containsPattern("(?m)^" + id + " \\S+ STARTED");
        }
    }

    @Test
    void serveOnAWildcardAddressNeedsAToken() {
        AndalusProcess.Result refused = AndalusProcess.serveExpectingFailure(work, Map.of(), "--bind", "0.0.0.0");
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).as(refused.toString()).contains("server.token");
        assertThat(refused.stdout()).doesNotContain("listening on");
    }

    @Test
    void withATokenEveryRequestAndTheWebSocketMustCarryIt() {
        String token = "s3cret-e2e";
        server = AndalusProcess.serve(work, Map.of(), "--bind", "0.0.0.0", "--token", token);
        ApiClient anonymous = new ApiClient(server.baseUri());
        ApiClient wrong = new ApiClient(server.baseUri(), Optional.of("not-it"));
        ApiClient authorized = new ApiClient(server.baseUri(), Optional.of(token));

        ApiClient.Response denied = anonymous.get("/api/v1/status");
        assertThat(denied.status()).as(denied.toString()).isEqualTo(401);
        ApiE2ETest.assertErrorShape(denied);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/v1/downloads", Map.of("url", media.url("/films/sunset.mp4").toString()))
                .status()).isEqualTo(401);
        assertThat(wrong.get("/api/v1/status").status()).isEqualTo(401);
        assertThat(authorized.get("/api/v1/status").status()).isEqualTo(200);

        long id = authorized.add(Map.of("url", media.url("/films/sunset.mp4").toString())).path("id").asLong();
        authorized.awaitStatus(id, "completed", Duration.ofSeconds(60));
        assertThat(anonymous.get("/api/v1/downloads/" + id + "/file").status()).isEqualTo(401);

        URI ws = URI.create("ws://" + server.baseUri().getAuthority() + "/api/v1/events");
        assertThatThrownBy(() -> EventStream.connect(anonymous.http(), ws, Optional.empty()).close())
                .as("a WebSocket without the token is refused");
        assertThatThrownBy(() -> EventStream.connect(anonymous.http(), URI.create(ws + "?token=not-it"),
                Optional.empty()).close()).as("a WebSocket with a wrong token is refused");
        try (EventStream withHeader = EventStream.connect(authorized.http(), ws, Optional.of(token));
                EventStream withQuery = EventStream.connect(anonymous.http(), URI.create(ws + "?token=" + token),
                        Optional.empty())) {
            long second = authorized.add(Map.of("url", media.url("/films/sunset.mp4").toString(),
                    "output_template", "second.{ext}")).path("id").asLong();
            Await.until("events on both authorized sockets", Duration.ofSeconds(60),
                    () -> withHeader.events().stream().anyMatch(e -> e.path("task_id").asLong() == second)
                            && withQuery.events().stream().anyMatch(e -> e.path("task_id").asLong() == second));
        }
    }
}
