package org.andalus.downloader.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.andalus.downloader.spi.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailCacheTest {
    private static final String KB = "x".repeat(1024);

    private TestServer site;

    @BeforeEach
    void start() throws Exception {
        site = new TestServer().respond("/a.jpg", 200, KB).respond("/b.jpg", 200, KB).respond("/c.jpg", 200, KB)
                .respond("/gone.jpg", 404, "");
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void fetchesOnceAndEvictsTheLeastRecentlyUsed(@TempDir Path data) throws Exception {
        try (Network network = new Network(NetTesting.config("storage.data-dir", data.toString(),
                "network.thumbnail-cache-size", "2K"))) {
            ThumbnailCache cache = network.thumbnails();
            Path a = cache.fetch(site.uri("/a.jpg"));
            Path b = cache.fetch(site.uri("/b.jpg"));
            // make the order of use unambiguous whatever the file system's time resolution
            Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            Files.setLastModifiedTime(b, FileTime.fromMillis(System.currentTimeMillis() - 30_000));
            assertThat(cache.fetch(site.uri("/a.jpg"))).isEqualTo(a);
            Path c = cache.fetch(site.uri("/c.jpg"));

            assertThat(a.getParent()).isEqualTo(data.resolve("thumbnails"));
            assertThat(Files.readString(a)).isEqualTo(KB);
            assertThat(site.hits("/a.jpg")).isEqualTo(1);
            assertThat(a).exists();
            assertThat(c).exists();
            assertThat(b).as("least recently used").doesNotExist();
            assertThatThrownBy(() -> cache.fetch(site.uri("/gone.jpg")))
                    .isInstanceOf(HttpStatusException.class)
                    .extracting(e -> ((HttpStatusException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void theMediaTypeComesFromTheExtensionOrTheFirstBytes(@TempDir Path dir) throws Exception {
        Path jpegNoExtension = Files.write(dir.resolve("a.img"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0});
        Path webp = Files.write(dir.resolve("b.img"), "RIFF\0\0\0\0WEBPVP8 ".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        Path unknown = Files.writeString(dir.resolve("c.img"), "<html>");

        assertThat(ThumbnailCache.contentType(dir.resolve("x.webp"))).isEqualTo("image/webp");
        assertThat(ThumbnailCache.contentType(jpegNoExtension)).isEqualTo("image/jpeg");
        assertThat(ThumbnailCache.contentType(webp)).isEqualTo("image/webp");
        assertThat(ThumbnailCache.contentType(unknown)).isEqualTo("application/octet-stream");
    }
}
