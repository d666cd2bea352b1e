package org.andalus.downloader.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.andalus.downloader.core.config.Config;
import org.andalus.downloader.core.event.EventBus;
import org.andalus.downloader.core.net.Network;
import org.andalus.downloader.core.queue.TaskStatus;
import org.andalus.downloader.core.testing.MediaServer;
import org.andalus.downloader.spi.model.Extraction;
import org.andalus.downloader.spi.model.MediaInfo;
import org.andalus.downloader.spi.model.Thumbnail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server on port 0, the real thumbnail cache and network layer, and a local origin for the images. */
class ThumbnailEndpointTest {
    private static final byte[] PNG = "\u0089PNG\r\n\u001a\nnot really an image".getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1);

    @TempDir
    Path data;

    private MediaServer origin;
    private Network network;
    private ApiServer server;
    private final FakeDownloads downloads = new FakeDownloads();
    private final List<String> platforms = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        origin = MediaServer.start();
        origin.add("/small.jpg", MediaServer.Resource.bytes(new byte[] {1, 2, 3}).contentType("image/jpeg"));
        origin.add("/img/best", MediaServer.Resource.bytes(PNG).contentType("image/png"));
        origin.add("/busy.jpg", MediaServer.Resource.bytes(new byte[] {1}).alwaysFail(503));
        network = new Network(Config.defaults().with(Map.of("storage.data-dir", data.toString(),
                "download.retries", "1", "download.retry-backoff", "10ms", "download.retry-backoff-max", "20ms")));
        downloads.put(1, TaskStatus.COMPLETED, Optional.empty());
        downloads.put(2, TaskStatus.COMPLETED, Optional.empty());
        downloads.put(3, TaskStatus.PENDING, Optional.empty());
        downloads.put(4, TaskStatus.PENDING, Optional.empty());
        ApiDependencies deps = new ApiDependencies(downloads, new FakeSettings(), new FakeRegistry(), this::lookup,
                () -> new ServerStatus("test", Duration.ZERO, 0, 0, 0, 0),
                new EventBus(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), data, (platform, text) -> 0)
                .withThumbnails((url, platform) -> {
                    platforms.add(platform);
                    return network.thumbnails().fetch(url, platform);
                });
        server = new ApiServer(deps, new ApiOptions("127.0.0.1", 0, Optional.empty()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        network.close();
        origin.close();
        client.close();
    }

    /** Task n's media: 1 has two thumbnails, 2 none, 3 one the origin lost, 4 one the origin cannot serve. */
    private Extraction lookup(URI url) {
        String id = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        List<Thumbnail> thumbnails = switch (id) {
            case "1" -> List.of(Thumbnail.of(origin.url("/small.jpg")), Thumbnail.of(origin.url("/img/best")));
            case "3" -> List.of(Thumbnail.of(origin.url("/gone.jpg")));
            case "4" -> List.of(Thumbnail.of(origin.url("/busy.jpg")));
            default -> List.of();
        };
        return MediaInfo.builder("v" + id, "Video " + id, "example", url).thumbnails(thumbnails)
                .formats(List.of(org.andalus.downloader.spi.model.MediaFormat.builder("1", url,
                        org.andalus.downloader.spi.model.Protocol.HTTPS).ext("mp4").build()))
                .build();
    }

    private HttpResponse<byte[]> get(long id) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/downloads/" + id + "/thumbnail")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode error(HttpResponse<byte[]> response) throws Exception {
        return Json.MAPPER.readTree(response.body()).path("error");
    }

    @Test
    void theBestThumbnailIsFetchedOnceThroughTheTasksPlatformThenServedFromDisk() throws Exception {
        HttpResponse<byte[]> first = get(1);
        HttpResponse<byte[]> second = get(1);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(PNG);
        assertThat(first.headers().firstValue("Content-Type")).as("sniffed: the URL has no extension")
                .hasValue("image/png");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(PNG);
        assertThat(origin.requests("/img/best")).as("the second answer came from the disk cache").hasSize(1);
        assertThat(origin.requests("/small.jpg")).as("only the best one is fetched").isEmpty();
        assertThat(platforms).containsOnly("example");
        try (var files = Files.list(data.resolve("thumbnails"))) {
            assertThat(files.toList()).hasSize(1);
        }
    }

    @Test
    void aTaskWithoutAThumbnailIsA404InTheErrorShape() throws Exception {
        HttpResponse<byte[]> response = get(2);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("NO_THUMBNAIL");
        assertThat(error(response).path("message").asText()).contains("download 2");
    }

    @Test
    void anUnknownTaskIsA404() throws Exception {
        HttpResponse<byte[]> response = get(99);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void anOriginThatLostTheImageOrFailsIsABadGatewayWithItsStatus() throws Exception {
        HttpResponse<byte[]> gone = get(3);
        HttpResponse<byte[]> busy = get(4);

        assertThat(gone.statusCode()).isEqualTo(502);
        assertThat(error(gone).path("code").asText()).isEqualTo("THUMBNAIL_UNAVAILABLE");
        assertThat(error(gone).path("details").path("origin_status").asInt()).isEqualTo(404);
        assertThat(busy.statusCode()).isEqualTo(502);
        assertThat(error(busy).path("details").path("origin_status").asInt()).isEqualTo(503);
        if (Files.exists(data.resolve("thumbnails"))) {
            try (var files = Files.list(data.resolve("thumbnails"))) {
                assertThat(files.toList()).as("nothing cached from a failure").isEmpty();
            }
        }
    }
}
