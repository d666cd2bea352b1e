package org.andalus.downloader.plugin.generic;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.andalus.downloader.plugin.generic.MediaTypes.Kind;
import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.ExtractionException;
import org.andalus.downloader.spi.Extractor;
import org.andalus.downloader.spi.ExtractorContext;
import org.andalus.downloader.spi.HttpRequest;
import org.andalus.downloader.spi.HttpResponse;
import org.andalus.downloader.spi.model.Extraction;
import org.andalus.downloader.spi.model.MediaFormat;
import org.andalus.downloader.spi.model.MediaInfo;
import org.andalus.downloader.spi.model.MediaManifest;
import org.andalus.downloader.spi.model.Playlist;
import org.andalus.downloader.spi.model.PlaylistEntry;
import org.andalus.downloader.spi.model.Protocol;
import org.andalus.downloader.spi.model.Thumbnail;
import org.pf4j.Extension;

/**
 * The catch-all extractor, tried after every site extractor declined a URL (yt-dlp's generic extractor):
 * direct media files, HLS/DASH manifests, and HTML pages that name their media in meta tags, JSON-LD,
 * media elements or links, or embed a player another extractor handles.
 */
@Extension
public final class GenericExtractor implements Extractor {
    static final String ID = "generic";
    /** The fragment that makes a page URL name one media item of the page: {@code page#generic-item=KEY}. */
    static final String ITEM_FRAGMENT = "generic-item=";
    private static final int DEFAULT_MAX_ENTRIES = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> urlPatterns() {
        return List.of("^https?://");
    }

    @Override
    public boolean suitable(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public boolean supportsPlaylists() {
        return true;
    }

    @Override
    public Extraction extract(URI url, ExtractorContext ctx) {
        MediaTypes types = new MediaTypes(ctx.rules());
        Optional<String> itemKey = itemKey(url);
        if (itemKey.isPresent()) {
            // An entry of a page's playlist: the page was HTML when it was listed, so it needs no probe.
            return pageItem(url, withoutFragment(url), itemKey.get(), ctx, types);
        }
        Kind urlKind = types.byUrl(url);
        if (urlKind == Kind.HLS || urlKind == Kind.DASH) {
            // A manifest URL needs no probe: the manifest parser fetches it anyway.
            return manifestMedia(url, urlKind, ctx);
        }
        HttpResponse probe = probe(url, ctx);
        URI finalUrl = probe.url();
        Optional<String> ext = MediaTypes.extension(finalUrl).or(() -> MediaTypes.extension(url));
        Kind kind = probe.header("Content-Type").map(ct -> types.byType(ct, ext)).orElse(Kind.OTHER);
        if (kind == Kind.OTHER && !isHtml(probe)) {
            kind = ext.map(types::byExtension).orElse(Kind.OTHER);
        }
        return switch (kind) {
            case HLS, DASH -> manifestMedia(finalUrl, kind, ctx);
            case VIDEO, AUDIO -> directMedia(url, finalUrl, probe, kind, ctx);
            // Like yt-dlp's "URL could be a direct video link": a resource that cannot be a page (a binary
            // type such as application/octet-stream) is downloaded as it is instead of parsed as HTML.
            case OTHER -> isPage(probe) ? page(url, ctx, types) : directMedia(url, finalUrl, probe, kind, ctx);
        };
    }

    private static boolean isHtml(HttpResponse response) {
        return response.header("Content-Type").map(MediaTypes::mimeType)
                .map(m -> m.equals("text/html") || m.equals("application/xhtml+xml")).orElse(false);
    }

    /** Whether the resource may be a page to scan: no type given, or a text, HTML, XML or JSON type. */
    private static boolean isPage(HttpResponse response) {
        return response.header("Content-Type").map(MediaTypes::mimeType)
                .map(m -> m.isEmpty() || m.startsWith("text/") || m.contains("html") || m.contains("xml")
                        || m.contains("json"))
                .orElse(true);
    }

    // HEAD first; servers that refuse it (405, errors) are asked for the first byte instead.
    private static HttpResponse probe(URI url, ExtractorContext ctx) {
        try {
            HttpResponse head = ctx.http().send(new HttpRequest("HEAD", url, Map.of(), new byte[0], Optional.empty()));
            if (head.successful()) {
                return head;
            }
        } catch (ExtractionException e) {
            ctx.log().log(System.Logger.Level.DEBUG, "HEAD " + url + " failed, trying a ranged GET: " + e.getMessage());
        }
        HttpResponse get = ctx.http().send(HttpRequest.get(url).withHeader("Range", "bytes=0-0"));
        if (!get.successful()) {
            ErrorCode code = switch (get.status()) {
                case 404, 410 -> ErrorCode.NOT_FOUND;
                case 401, 403 -> ErrorCode.LOGIN_REQUIRED;
                case 429 -> ErrorCode.RATE_LIMITED;
                default -> ErrorCode.NETWORK;
            };
            throw new ExtractionException(code, "HTTP " + get.status() + " from " + url.getHost());
        }
        return get;
    }

    private static MediaInfo directMedia(URI requested, URI finalUrl, HttpResponse probe, Kind kind, ExtractorContext ctx) {
        Optional<String> fromHeader = probe.header("Content-Disposition").flatMap(ContentDisposition::filename);
        String title = fromHeader.map(GenericExtractor::stripExtension).filter(s -> !s.isBlank())
                .or(() -> urlTitle(finalUrl)).orElse(finalUrl.getHost());
        String ext = fromHeader.flatMap(name -> MediaTypes.extension(URI.create("x:/" + encodeName(name))))
                .filter(e -> kind != Kind.OTHER)
                .or(() -> MediaTypes.extension(finalUrl))
                .or(() -> probe.header("Content-Type").flatMap(MediaTypes::extensionOfType))
                .orElse(switch (kind) {
                    case AUDIO -> "mp3";
                    case OTHER -> "bin";
                    default -> "mp4";
                });
        MediaFormat.Builder format = MediaFormat.builder(ext, finalUrl, Protocol.HTTPS).ext(ext);
        if (kind == Kind.AUDIO) {
            format.vcodec(MediaFormat.NONE);
        }
        size(probe).ifPresent(format::filesize);
        return MediaInfo.builder(shortHash(requested), title, ID, requested).formats(List.of(format.build())).build();
    }

    private static String encodeName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    // A ranged GET reports the whole size in Content-Range ("bytes 0-0/12345"), a HEAD in Content-Length.
    private static OptionalLong size(HttpResponse probe) {
        Optional<String> range = probe.header("Content-Range");
        if (probe.status() == 206) {
            return range.map(r -> r.substring(r.lastIndexOf('/') + 1).trim()).filter(s -> s.matches("\\d+"))
                    .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
        }
        return probe.header("Content-Length").map(String::trim).filter(s -> s.matches("\\d+"))
                .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    private static MediaInfo manifestMedia(URI url, Kind kind, ExtractorContext ctx) {
        MediaManifest manifest = manifest(url, kind, Optional.empty(), ctx);
        if (manifest.live()) {
            throw new ExtractionException(ErrorCode.LIVE_NOT_SUPPORTED, url + " is a live stream");
        }
        if (manifest.formats().isEmpty()) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_URL, "no media found on " + url);
        }
        String title = urlTitle(url).orElse(url.getHost());
        return MediaInfo.builder(shortHash(url), title, ID, url).formats(manifest.formats())
                .subtitles(manifest.subtitles()).build();
    }

    private static MediaManifest manifest(URI url, Kind kind, Optional<String> prefix, ExtractorContext ctx) {
        return kind == Kind.HLS ? ctx.manifests().hls(url, prefix) : ctx.manifests().dash(url, prefix);
    }

    private record Page(URI url, PageScan scan) {
    }

    private static Page fetchPage(URI url, ExtractorContext ctx, MediaTypes types) {
        HttpResponse response = ctx.http().send(HttpRequest.get(url));
        if (!response.successful()) {
            ctx.http().text(url); // maps the status to the matching error code
        }
        URI pageUrl = response.url();
        return new Page(pageUrl, new PageScanner(ctx.rules(), types).scan(response.text(), pageUrl));
    }

    // One item is the page's media, as yt-dlp's generic extractor returns a single video; several are a playlist.
    private static Extraction page(URI url, ExtractorContext ctx, MediaTypes types) {
        Page page = fetchPage(url, ctx, types);
        PageScan scan = page.scan();
        if (scan.items().isEmpty()) {
            throw new ExtractionException(ErrorCode.UNSUPPORTED_URL, "no media found on " + url);
        }
        if (scan.items().size() > 1) {
            return playlist(url, scan, ctx);
        }
        MediaItem item = scan.items().get(0);
        if (item.embedOnly()) {
            return ctx.extractWith(item.embed().orElseThrow());
        }
        MediaInfo.Builder info = media(item, url, page.url(), ctx, types, shortHash(url),
                scan.title().or(() -> urlTitle(page.url())).orElse(page.url().getHost()), url);
        scan.description().ifPresent(info::description);
        scan.thumbnail().or(item::thumbnail).ifPresent(t -> info.thumbnails(List.of(Thumbnail.of(t))));
        item.duration().ifPresent(info::duration);
        return info.build();
    }

    /** One entry of a page's playlist, found again by its key: its own formats, title and thumbnail. */
    private static Extraction pageItem(URI entryUrl, URI url, String key, ExtractorContext ctx, MediaTypes types) {
        Page page = fetchPage(url, ctx, types);
        PageScan scan = page.scan();
        List<MediaItem> items = scan.items();
        for (int i = 0; i < items.size(); i++) {
            MediaItem item = items.get(i);
            if (!item.key().equals(key)) {
                continue;
            }
            if (item.embedOnly()) {
                return ctx.extractWith(item.embed().orElseThrow());
            }
            MediaInfo.Builder info = media(item, url, page.url(), ctx, types, key,
                    entryTitle(item, i + 1, pageTitle(scan, page.url())), entryUrl);
            item.description().or(scan::description).ifPresent(info::description);
            item.thumbnail().or(scan::thumbnail).ifPresent(t -> info.thumbnails(List.of(Thumbnail.of(t))));
            item.duration().ifPresent(info::duration);
            return info.build();
        }
        throw new ExtractionException(ErrorCode.NOT_FOUND, url + " no longer shows media item " + key);
    }

    // Fetches the item's manifests and turns its sources into formats; a source that fails is skipped.
    private static MediaInfo.Builder media(MediaItem item, URI url, URI pageUrl, ExtractorContext ctx, MediaTypes types,
            String id, String title, URI webpageUrl) {
        List<MediaFormat> formats = new ArrayList<>();
        List<org.andalus.downloader.spi.model.Subtitle> subtitles = new ArrayList<>();
        ExtractionException firstFailure = null;
        boolean live = false;
        for (Candidate candidate : item.sources()) {
            Kind kind = kindOf(candidate, types);
            try {
                switch (kind) {
                    case HLS, DASH -> {
                        MediaManifest manifest = manifest(candidate.url(), kind,
                                Optional.of(kind == Kind.HLS ? "hls" : "dash"), ctx);
                        if (manifest.live()) {
                            live = true;
                        } else {
                            formats.addAll(manifest.formats());
                            subtitles.addAll(manifest.subtitles());
                        }
                    }
                    default -> formats.add(pageFormat(candidate, kind, pageUrl));
                }
            } catch (ExtractionException e) {
                ctx.log().log(System.Logger.Level.DEBUG, "skipping " + candidate.url() + ": " + e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (formats.isEmpty()) {
            if (live) {
                throw new ExtractionException(ErrorCode.LIVE_NOT_SUPPORTED, url + " plays a live stream");
            }
            if (firstFailure != null) {
                throw firstFailure;
            }
            throw new ExtractionException(ErrorCode.UNSUPPORTED_URL, "no media found on " + url);
        }
        return MediaInfo.builder(id, title, ID, webpageUrl).formats(uniqueIds(formats)).subtitles(subtitles);
    }

    private static Kind kindOf(Candidate candidate, MediaTypes types) {
        Kind byUrl = types.byUrl(candidate.url());
        if (byUrl != Kind.OTHER) {
            return candidate.audioOnly() && byUrl == Kind.VIDEO ? Kind.AUDIO : byUrl;
        }
        Kind byType = candidate.contentType().map(ct -> types.byType(ct, Optional.empty())).orElse(Kind.OTHER);
        if (byType != Kind.OTHER) {
            return byType;
        }
        return candidate.audioOnly() ? Kind.AUDIO : Kind.VIDEO;
    }

    private static MediaFormat pageFormat(Candidate candidate, Kind kind, URI pageUrl) {
        String ext = MediaTypes.extension(candidate.url()).filter(e -> e.length() <= 5)
                .or(() -> candidate.contentType().flatMap(MediaTypes::extensionOfType))
                .orElse(kind == Kind.AUDIO ? "mp3" : "mp4");
        // Media found on a page is often refused without the page as referer (hotlink protection).
        MediaFormat.Builder format = MediaFormat.builder("http-" + ext, candidate.url(), Protocol.HTTPS).ext(ext)
                .httpHeaders(Map.of("Referer", pageUrl.toString()));
        if (kind == Kind.AUDIO) {
            format.vcodec(MediaFormat.NONE);
        }
        return format.build();
    }

    private static List<MediaFormat> uniqueIds(List<MediaFormat> formats) {
        Map<String, Integer> seen = new HashMap<>();
        for (MediaFormat f : formats) {
            seen.merge(f.formatId(), 1, Integer::sum);
        }
        Map<String, Integer> counters = new HashMap<>();
        List<MediaFormat> result = new ArrayList<>();
        for (MediaFormat f : formats) {
            if (seen.get(f.formatId()) == 1) {
                result.add(f);
            } else {
                int n = counters.merge(f.formatId(), 1, Integer::sum);
                result.add(f.toBuilder().formatId(f.formatId() + "-" + n).build());
            }
        }
        return result;
    }

    /**
     * The page's items as a playlist: an embedded player keeps its platform URL (that platform's extractor
     * takes it), any other item is the page URL with {@link #ITEM_FRAGMENT} and the item's key, so its entry
     * is extracted from the page again with the page's referer, all its sources and its metadata.
     */
    private static Playlist playlist(URI url, PageScan scan, ExtractorContext ctx) {
        int max = maxEntries(ctx);
        List<MediaItem> items = scan.items();
        if (items.size() > max) {
            ctx.log().log(System.Logger.Level.INFO, url + " shows " + items.size() + " media items; listing the first "
                    + max + " (rule page.maxEntries)");
            items = items.subList(0, max);
        }
        String title = pageTitle(scan, url);
        List<PlaylistEntry> entries = new ArrayList<>();
        for (MediaItem item : items) {
            int index = entries.size() + 1;
            entries.add(item.embedOnly()
                    ? new PlaylistEntry(index, item.embed().orElseThrow(), Optional.empty(), item.title())
                    : new PlaylistEntry(index, itemUrl(url, item.key()), Optional.of(item.key()),
                            Optional.of(entryTitle(item, index, title))));
        }
        return new Playlist(shortHash(url), title, ID, url, entries);
    }

    private static int maxEntries(ExtractorContext ctx) {
        Optional<String> value = ctx.rules().string("page.maxEntries");
        try {
            int max = value.map(String::trim).map(Integer::parseInt).orElse(DEFAULT_MAX_ENTRIES);
            if (max < 1) {
                throw new NumberFormatException("below 1");
            }
            return max;
        } catch (NumberFormatException e) {
            throw new ExtractionException(ErrorCode.SITE_CHANGED,
                    "rule 'page.maxEntries' must be a whole number of 1 or more, not '" + value.orElse("") + "'");
        }
    }

    private static String pageTitle(PageScan scan, URI url) {
        return scan.pageTitle().orElse(url.getHost());
    }

    // Like yt-dlp, an item without a title of its own is named after the page and its position.
    private static String entryTitle(MediaItem item, int index, String pageTitle) {
        return item.title().orElse(pageTitle + " (" + index + ")");
    }

    static URI itemUrl(URI page, String key) {
        return URI.create(withoutFragment(page) + "#" + ITEM_FRAGMENT + key);
    }

    private static Optional<String> itemKey(URI url) {
        String fragment = url.getRawFragment();
        return fragment != null && fragment.startsWith(ITEM_FRAGMENT) && fragment.length() > ITEM_FRAGMENT.length()
                ? Optional.of(fragment.substring(ITEM_FRAGMENT.length())) : Optional.empty();
    }

    private static URI withoutFragment(URI url) {
        String text = url.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? url : URI.create(text.substring(0, hash));
    }

    /** The URL's last path segment, percent-decoded, without its extension. */
    static Optional<String> urlTitle(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        String decoded = stripExtension(ContentDisposition.percentDecode(name, StandardCharsets.UTF_8)).trim();
        return decoded.isEmpty() ? Optional.empty() : Optional.of(decoded);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A short id that stays the same for the same URL, so the download archive recognizes it. */
    static String shortHash(URI url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
