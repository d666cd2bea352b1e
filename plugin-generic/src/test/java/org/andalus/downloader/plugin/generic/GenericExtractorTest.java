package org.andalus.downloader.plugin.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.ExtractionException;
import org.andalus.downloader.spi.model.Extraction;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.MediaInfo;
import org.andalus.downloader.spi.model.Playlist;
import org.andalus.downloader.spi.model.PlaylistEntry;
import org.andalus.downloader.spi.model.Protocol;
import org.andalus.downloader.spi.model.Thumbnail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenericExtractorTest {
    private record Page(String contentType, byte[] body, Map<String, String> headers, boolean headAllowed) {
    }

    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final GenericExtractor extractor = new GenericExtractor();
    private final FakeContext ctx = new FakeContext();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Page page = pages.get(exchange.getRequestURI().getRawPath());
            if (page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (head && !page.headAllowed()) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", page.contentType());
            page.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            String range = exchange.getRequestHeaders().getFirst("Range");
            byte[] body = page.body();
            int status = 200;
            if (range != null && range.equals("bytes=0-0")) {
                exchange.getResponseHeaders().set("Content-Range", "bytes 0-0/" + body.length);
                body = new byte[] {body[0]};
                status = 206;
            }
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void media(String path, String contentType, int size, Map<String, String> headers, boolean headAllowed) {
        pages.put(path, new Page(contentType, new byte[size], headers, headAllowed));
    }

    private void html(String path, String html) {
        pages.put(path, new Page("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of(), true));
    }

    private MediaInfo extractMedia(URI url) {
        Extraction extraction = extractor.extract(url, ctx);
        assertThat(extraction).isInstanceOf(MediaInfo.class);
        return (MediaInfo) extraction;
    }

    private Playlist extractPlaylist(URI url) {
        Extraction extraction = extractor.extract(url, ctx);
        assertThat(extraction).isInstanceOf(Playlist.class);
        return (Playlist) extraction;
    }

    @Test
    void isAFallbackForEveryHttpUrl() {
        assertThat(extractor.fallback()).isTrue();
        assertThat(extractor.suitable(URI.create("https://example.org/anything"))).isTrue();
        assertThat(extractor.suitable(URI.create("http://example.org"))).isTrue();
        assertThat(extractor.suitable(URI.create("ftp://example.org/a.mp4"))).isFalse();
        assertThat(extractor.suitable(URI.create("file:///tmp/a.mp4"))).isFalse();
    }

    @Test
    void directMediaTakesItsTitleFromContentDisposition() {
        media("/download", "video/mp4", 1234, Map.of("Content-Disposition",
                "attachment; filename=\"fallback.mp4\"; filename*=UTF-8''%E2%82%AC%20rates.mp4"), true);

        MediaInfo info = extractMedia(url("/download"));

        assertThat(info.title()).isEqualTo("€ rates");
        assertThat(info.extractor()).isEqualTo("generic");
        assertThat(info.id()).matches("[0-9a-f]{12}").isEqualTo(extractMedia(url("/download")).id());
        assertThat(info.formats()).singleElement().satisfies(f -> {
            assertThat(f.protocol()).isEqualTo(Protocol.HTTPS);
            assertThat(f.ext()).isEqualTo("mp4");
            assertThat(f.url()).isEqualTo(url("/download"));
            assertThat(f.filesize()).hasValue(1234);
            assertThat(f.hasVideo()).isTrue();
        });
        assertThat(ctx.requests).startsWith("HEAD /download");
    }

    @Test
    void directMediaWithoutHeadFallsBackToARangedGetAndTitlesFromTheUrl() {
        media("/files/My%20Holiday%20Clip.webm", "application/octet-stream", 5000, Map.of(), false);

        MediaInfo info = extractMedia(url("/files/My%20Holiday%20Clip.webm"));

        assertThat(info.title()).isEqualTo("My Holiday Clip");
        assertThat(info.formats()).singleElement().satisfies(f -> {
            assertThat(f.ext()).isEqualTo("webm");
            assertThat(f.filesize()).hasValue(5000);
        });
        assertThat(ctx.requests).containsExactly("HEAD /files/My Holiday Clip.webm", "GET /files/My Holiday Clip.webm");
    }

    @Test
    void aBinaryResourceThatIsNoKnownMediaIsDownloadedAsItIsNotParsedAsAPage() {
        media("/dump/archive.bin", "application/octet-stream", 5_000_000, Map.of(), true);

        MediaInfo info = extractMedia(url("/dump/archive.bin"));

        assertThat(info.title()).isEqualTo("archive");
        assertThat(info.formats()).singleElement().satisfies(f -> {
            assertThat(f.ext()).isEqualTo("bin");
            assertThat(f.filesize()).hasValue(5_000_000);
            assertThat(f.url()).isEqualTo(url("/dump/archive.bin"));
        });
        // only the probe: the body is never fetched and scanned as a page
        assertThat(ctx.requests).containsExactly("HEAD /dump/archive.bin");
    }

    @Test
    void directAudioHasNoVideoStream() {
        media("/music/song.mp3", "audio/mpeg", 300, Map.of(), true);

        MediaFormat format = extractMedia(url("/music/song.mp3")).formats().get(0);

        assertThat(format.ext()).isEqualTo("mp3");
        assertThat(format.vcodec()).hasValue(MediaFormat.NONE);
        assertThat(format.hasAudio()).isTrue();
    }

    @Test
    void directManifestUrlsGoToTheManifestParsers() {
        URI hls = url("/live/master.m3u8");
        URI dash = url("/vod/manifest.mpd");
        ctx.manifests.put(hls, FakeContext.manifestWith(hls, true, "720p"));
        ctx.manifests.put(dash, FakeContext.manifestWith(dash, false, "video-1", "audio-1"));

        assertThat(extractMedia(dash).formats()).extracting(MediaFormat::formatId).containsExactly("video-1", "audio-1");
        assertThatThrownBy(() -> extractor.extract(hls, ctx))
                .isInstanceOfSatisfying(ExtractionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.LIVE_NOT_SUPPORTED));
        assertThat(ctx.manifestCalls).containsExactly("dash /vod/manifest.mpd -", "hls /live/master.m3u8 -");
    }

    @Test
    void openGraphPage() {
        media("/v/clip.mp4", "video/mp4", 10, Map.of(), true);
        html("/watch/1", """
                <html><head><title>Site title</title>
                <meta property="og:title" content="Sunset over the bay">
                <meta property="og:description" content="Filmed at dusk.">
                <meta property="og:image" content="/img/sunset.jpg">
                <meta property="og:video" content="/v/clip.mp4">
                <meta property="og:video:type" content="video/mp4">
                </head><body></body></html>
                """);

        MediaInfo info = extractMedia(url("/watch/1"));

        assertThat(info.title()).isEqualTo("Sunset over the bay");
        assertThat(info.description()).hasValue("Filmed at dusk.");
        assertThat(info.thumbnails()).extracting(Thumbnail::url).containsExactly(url("/img/sunset.jpg"));
        assertThat(info.webpageUrl()).isEqualTo(url("/watch/1"));
        assertThat(info.formats()).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo(url("/v/clip.mp4"));
            assertThat(f.ext()).isEqualTo("mp4");
            assertThat(f.httpHeaders()).containsEntry("Referer", url("/watch/1").toString());
        });
    }

    @Test
    void jsonLdInsideAGraph() {
        html("/article", """
                <html><head><title>Fallback</title>
                <script type="application/ld+json">
                {"@context":"https://schema.org","@graph":[
                  {"@type":"WebPage","name":"The page"},
                  {"@type":"NewsArticle","headline":"News","video":
                    {"@type":"VideoObject","name":"Interview","description":"A talk.",
                     "thumbnailUrl":["https://cdn.example/thumb.jpg"],"contentUrl":"media/interview.mp4"}}
                ]}
                </script></head><body></body></html>
                """);

        MediaInfo info = extractMedia(url("/article"));

        assertThat(info.title()).isEqualTo("Interview");
        assertThat(info.description()).hasValue("A talk.");
        assertThat(info.thumbnails()).extracting(Thumbnail::url).containsExactly(URI.create("https://cdn.example/thumb.jpg"));
        assertThat(info.formats()).extracting(MediaFormat::url).containsExactly(url("/media/interview.mp4"));
    }

    @Test
    void oneVideoWithThreeSourcesIsOneMediaWithThreeFormatsResolvedAgainstTheBaseHref() {
        html("/player", """
                <html><head><base href="/assets/"><title>Player page</title></head><body>
                <video controls poster="poster.jpg">
                  <source src="clip-hd.mp4" type="video/mp4">
                  <source src="clip-sd.mp4" type="video/mp4">
                  <source src="clip.webm" type="video/webm">
                </video>
                </body></html>
                """);

        MediaInfo info = extractMedia(url("/player"));

        assertThat(info.title()).isEqualTo("Player page");
        assertThat(info.id()).isEqualTo(GenericExtractor.shortHash(url("/player")));
        assertThat(info.formats()).extracting(MediaFormat::url).containsExactly(url("/assets/clip-hd.mp4"),
                url("/assets/clip-sd.mp4"), url("/assets/clip.webm"));
        assertThat(info.formats()).extracting(MediaFormat::formatId).containsExactly("http-mp4-1", "http-mp4-2", "http-webm");
        assertThat(info.thumbnails()).extracting(Thumbnail::url).containsExactly(url("/assets/poster.jpg"));
    }

    @Test
    void twoVideosBecomeAPlaylistWhoseEntriesExtractToEachVideoAlone() {
        html("/two", """
                <html><head><title>Two clips</title></head><body>
                <video src="/v/first.mp4" title="The first clip" poster="/img/first.jpg"></video>
                <video><source src="/v/second.mp4" type="video/mp4"><source src="/v/second.webm"></video>
                </body></html>
                """);

        Playlist playlist = extractPlaylist(url("/two"));

        assertThat(playlist.title()).isEqualTo("Two clips");
        assertThat(playlist.extractor()).isEqualTo("generic");
        assertThat(playlist.id()).isEqualTo(GenericExtractor.shortHash(url("/two")));
        assertThat(playlist.entries()).extracting(PlaylistEntry::index).containsExactly(1, 2);
        assertThat(playlist.entries()).extracting(PlaylistEntry::title)
                .containsExactly(Optional.of("The first clip"), Optional.of("Two clips (2)"));
        // an entry's id is the id its first source gets when downloaded directly, so the archive knows it either way
        assertThat(playlist.entries()).extracting(PlaylistEntry::id).containsExactly(
                Optional.of(GenericExtractor.shortHash(url("/v/first.mp4"))),
                Optional.of(GenericExtractor.shortHash(url("/v/second.mp4"))));
        assertThat(playlist.entries()).extracting(PlaylistEntry::url).containsExactly(
                URI.create(url("/two") + "#generic-item=" + GenericExtractor.shortHash(url("/v/first.mp4"))),
                URI.create(url("/two") + "#generic-item=" + GenericExtractor.shortHash(url("/v/second.mp4"))));
        assertThat(extractPlaylist(url("/two"))).as("ids are stable for the page").isEqualTo(playlist);

        MediaInfo first = extractMedia(playlist.entries().get(0).url());
        assertThat(first.id()).isEqualTo(playlist.entries().get(0).id().orElseThrow());
        assertThat(first.title()).isEqualTo("The first clip");
        assertThat(first.webpageUrl()).isEqualTo(playlist.entries().get(0).url());
        assertThat(first.thumbnails()).extracting(Thumbnail::url).containsExactly(url("/img/first.jpg"));
        assertThat(first.formats()).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo(url("/v/first.mp4"));
            assertThat(f.httpHeaders()).containsEntry("Referer", url("/two").toString());
        });
        MediaInfo second = extractMedia(playlist.entries().get(1).url());
        assertThat(second.id()).isEqualTo(playlist.entries().get(1).id().orElseThrow());
        assertThat(second.title()).isEqualTo("Two clips (2)");
        assertThat(second.formats()).extracting(MediaFormat::url).containsExactly(url("/v/second.mp4"), url("/v/second.webm"));
        // an entry is found on the page again without probing it first
        assertThat(ctx.requests).containsExactly("HEAD /two", "GET /two", "HEAD /two", "GET /two", "GET /two", "GET /two");
    }

    @Test
    void aVideoAndAnAudioAreTwoEntries() {
        html("/mixed", """
                <html><head><meta property="og:title" content="Show and tell"><title>Site</title></head><body>
                <video src="clip.mp4"></video>
                <audio src="https://cdn.example/podcast.ogg"></audio>
                </body></html>
                """);

        Playlist playlist = extractPlaylist(url("/mixed"));

        assertThat(playlist.title()).isEqualTo("Show and tell");
        assertThat(playlist.entries()).extracting(PlaylistEntry::title)
                .containsExactly(Optional.of("Show and tell (1)"), Optional.of("Show and tell (2)"));
        MediaFormat audio = extractMedia(playlist.entries().get(1).url()).formats().get(0);
        assertThat(audio.url()).isEqualTo(URI.create("https://cdn.example/podcast.ogg"));
        assertThat(audio.vcodec()).hasValue(MediaFormat.NONE);
    }

    @Test
    void anOpenGraphVideoThatIsAlsoTheVideoElementIsOneItem() {
        html("/same", """
                <html><head><title>Site</title>
                <meta property="og:title" content="One clip">
                <meta property="og:video" content="/v/clip.mp4">
                <meta property="og:video:secure_url" content="/v/clip.mp4">
                <script type="application/ld+json">{"@type":"VideoObject","name":"One clip","contentUrl":"/v/clip.mp4"}</script>
                </head><body>
                <video><source src="/v/clip.webm" type="video/webm"><source src="/v/clip.mp4" type="video/mp4"></video>
                </body></html>
                """);

        MediaInfo info = extractMedia(url("/same"));

        assertThat(info.title()).isEqualTo("One clip");
        assertThat(info.id()).isEqualTo(GenericExtractor.shortHash(url("/same")));
        assertThat(info.formats()).extracting(MediaFormat::url).containsExactly(url("/v/clip.mp4"), url("/v/clip.webm"));
    }

    @Test
    void tagsNamingOneVideoInDifferentUrlsAreOneMediaWithTheirFormats() {
        html("/one", """
                <html><head><title>Site</title>
                <meta property="og:title" content="Harbour">
                <meta property="og:video" content="/v/harbour.mp4">
                <script type="application/ld+json">{"@type":"VideoObject","name":"Harbour","contentUrl":"/v/harbour-hd.mp4"}</script>
                </head><body>
                <video src="/v/harbour.webm"></video>
                <a href="/v/harbour.mp4">download</a>
                </body></html>
                """);

        MediaInfo info = extractMedia(url("/one"));

        assertThat(info.title()).isEqualTo("Harbour");
        assertThat(info.formats()).extracting(MediaFormat::url)
                .containsExactlyInAnyOrder(url("/v/harbour.mp4"), url("/v/harbour-hd.mp4"), url("/v/harbour.webm"));
    }

    @Test
    void jsonLdItemListOfTwoVideoObjectsIsAPlaylistWithTheirTitlesAndDurations() {
        html("/course", """
                <html><head><title>Course page</title>
                <script type="application/ld+json">
                {"@context":"https://schema.org","@type":"ItemList","itemListElement":[
                  {"@type":"ListItem","position":1,"item":{"@type":"VideoObject","name":"Lesson 1",
                    "thumbnailUrl":"/img/l1.jpg","duration":"PT1M30S","description":"Basics.",
                    "contentUrl":"/media/lesson1.mp4"}},
                  {"@type":"ListItem","position":2,"item":{"@type":"VideoObject","name":"Lesson 2",
                    "thumbnailUrl":{"@type":"ImageObject","url":"/img/l2.jpg"},"duration":"PT2M",
                    "contentUrl":"/media/lesson2.m3u8"}}
                ]}
                </script></head><body></body></html>
                """);
        URI manifest = url("/media/lesson2.m3u8");
        ctx.manifests.put(manifest, FakeContext.manifestWith(manifest, false, "hls-360p", "hls-720p"));

        Playlist playlist = extractPlaylist(url("/course"));

        assertThat(playlist.title()).as("the page's title, not the first video's").isEqualTo("Course page");
        assertThat(playlist.entries()).extracting(PlaylistEntry::title)
                .containsExactly(Optional.of("Lesson 1"), Optional.of("Lesson 2"));
        assertThat(ctx.manifestCalls).as("listing the page fetches no manifest").isEmpty();

        MediaInfo lesson1 = extractMedia(playlist.entries().get(0).url());
        assertThat(lesson1.title()).isEqualTo("Lesson 1");
        assertThat(lesson1.description()).hasValue("Basics.");
        assertThat(lesson1.duration()).hasValue(90.0);
        assertThat(lesson1.thumbnails()).extracting(Thumbnail::url).containsExactly(url("/img/l1.jpg"));
        MediaInfo lesson2 = extractMedia(playlist.entries().get(1).url());
        assertThat(lesson2.duration()).hasValue(120.0);
        assertThat(lesson2.thumbnails()).extracting(Thumbnail::url).containsExactly(url("/img/l2.jpg"));
        assertThat(lesson2.formats()).extracting(MediaFormat::formatId).containsExactly("hls-360p", "hls-720p");
        assertThat(ctx.manifestCalls).containsExactly("hls /media/lesson2.m3u8 hls");
    }

    @Test
    void aPlatformEmbedBesideAPageVideoKeepsItsPlatformUrl() {
        html("/review", """
                <html><head><title>Review</title>
                <script type="application/ld+json">{"@type":"VideoObject","name":"The trailer",
                  "embedUrl":"https://www.youtube.com/embed/BaW_jenozKc"}</script>
                </head><body>
                <video src="/v/review.mp4"></video>
                <iframe src="https://www.youtube.com/embed/BaW_jenozKc"></iframe>
                </body></html>
                """);

        Playlist playlist = extractPlaylist(url("/review"));

        assertThat(playlist.entries()).extracting(PlaylistEntry::url).containsExactly(
                URI.create("https://www.youtube.com/embed/BaW_jenozKc"),
                URI.create(url("/review") + "#generic-item=" + GenericExtractor.shortHash(url("/v/review.mp4"))));
        assertThat(playlist.entries().get(0).title()).hasValue("The trailer");
        assertThat(playlist.entries().get(0).id()).as("the platform's extractor knows its id").isEmpty();
        assertThat(ctx.delegated).isEmpty();
    }

    @Test
    void aPageWithMoreItemsThanTheRuleAllowsListsTheFirstOnes() {
        StringBuilder body = new StringBuilder("<html><head><title>Wall</title></head><body>");
        for (int i = 1; i <= 105; i++) {
            body.append("<video src=\"/v/").append(i).append(".mp4\"></video>");
        }
        html("/wall", body.append("</body></html>").toString());

        Playlist playlist = extractPlaylist(url("/wall"));

        assertThat(playlist.entries()).hasSize(100);
        assertThat(playlist.entries().get(99).id()).hasValue(GenericExtractor.shortHash(url("/v/100.mp4")));
    }

    @Test
    void anEntryWhoseMediaLeftThePageIsNotFound() {
        html("/changing", "<html><body><video src=\"/v/a.mp4\"></video><video src=\"/v/b.mp4\"></video></body></html>");
        URI entry = extractPlaylist(url("/changing")).entries().get(1).url();
        html("/changing", "<html><body><video src=\"/v/a.mp4\"></video><video src=\"/v/c.mp4\"></video></body></html>");

        assertThatThrownBy(() -> extractor.extract(entry, ctx))
                .isInstanceOfSatisfying(ExtractionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aSingleKnownEmbedIsHandedToItsExtractor() {
        html("/blog/post", """
                <html><head><title>My post</title></head><body>
                <iframe src="//www.youtube.com/embed/BaW_jenozKc?rel=0"></iframe>
                <iframe src="https://ads.example/banner.html"></iframe>
                </body></html>
                """);

        Extraction extraction = extractor.extract(url("/blog/post"), ctx);

        assertThat(ctx.delegated).containsExactly(URI.create("http://www.youtube.com/embed/BaW_jenozKc?rel=0"));
        assertThat(extraction.id()).isEqualTo("delegated");
    }

    @Test
    void severalEmbedsBecomeAPlaylistOfThem() {
        html("/gallery", """
                <html><head><title>Gallery</title></head><body>
                <iframe src="https://player.vimeo.com/video/76979871"></iframe>
                <iframe src="https://www.dailymotion.com/embed/video/x8u4owg"></iframe>
                </body></html>
                """);

        Extraction extraction = extractor.extract(url("/gallery"), ctx);

        assertThat(extraction).isInstanceOfSatisfying(Playlist.class, playlist -> {
            assertThat(playlist.title()).isEqualTo("Gallery");
            assertThat(playlist.entries()).extracting(PlaylistEntry::url).containsExactly(
                    URI.create("https://player.vimeo.com/video/76979871"),
                    URI.create("https://www.dailymotion.com/embed/video/x8u4owg"));
        });
        assertThat(ctx.delegated).isEmpty();
    }

    @Test
    void manifestLinksAreExpandedThroughTheManifestParser() {
        html("/show", """
                <html><head><title>Show</title></head><body>
                <a href="streams/master.m3u8">Watch</a>
                <a href="/about">About</a>
                </body></html>
                """);
        URI master = url("/streams/master.m3u8");
        ctx.manifests.put(master, FakeContext.manifestWith(master, false, "hls-360p", "hls-720p"));

        MediaInfo info = extractMedia(url("/show"));

        assertThat(info.formats()).extracting(MediaFormat::formatId).containsExactly("hls-360p", "hls-720p");
        assertThat(ctx.manifestCalls).containsExactly("hls /streams/master.m3u8 hls");
    }

    @Test
    void aPageWithoutMediaIsUnsupported() {
        html("/plain", "<html><head><title>Nothing</title></head><body><p>Text only</p></body></html>");

        assertThatThrownBy(() -> extractor.extract(url("/plain"), ctx))
                .isInstanceOfSatisfying(ExtractionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_URL))
                .hasMessage("no media found on " + url("/plain"));
    }

    @Test
    void aMissingPageIsNotFound() {
        assertThatThrownBy(() -> extractor.extract(url("/gone"), ctx))
                .isInstanceOfSatisfying(ExtractionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void contentDispositionFileNames() {
        assertThat(ContentDisposition.filename("attachment; filename=\"a b.mp4\"")).hasValue("a b.mp4");
        assertThat(ContentDisposition.filename("inline; filename=plain.mp3")).hasValue("plain.mp3");
        assertThat(ContentDisposition.filename("attachment; filename*=UTF-8''na%C3%AFve.mp4; filename=\"naive.mp4\""))
                .hasValue("naïve.mp4");
        assertThat(ContentDisposition.filename("attachment; filename=\"../../etc/passwd\"")).hasValue("passwd");
        assertThat(ContentDisposition.filename("attachment; filename=\"semi;colon.mp4\"")).hasValue("semi;colon.mp4");
        assertThat(ContentDisposition.filename("attachment")).isEmpty();
        assertThat(List.of(GenericExtractor.urlTitle(URI.create("https://h.example/")))).containsExactly(java.util.Optional.empty());
    }
}
