package org.andalus.downloader.plugin.generic;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.andalus.downloader.spi.Rules;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds media in an HTML page: Open Graph and Twitter meta tags, JSON-LD {@code VideoObject}/{@code AudioObject},
 * {@code <video>}/{@code <audio>}/{@code <source>} elements, links to manifests, and embedded players. The
 * meta names, selectors and embed patterns come from the rules file.
 */
final class PageScanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MEDIA_TYPES = Set.of("videoobject", "audioobject");

    private final Rules rules;
    private final MediaTypes types;

    PageScanner(Rules rules, MediaTypes types) {
        this.rules = rules;
        this.types = types;
    }

    PageScan scan(String html, URI pageUrl) {
        // jsoup applies <base href> to the document's base URI while parsing.
        Document doc = Jsoup.parse(html, pageUrl.toString());
        URI base = parseUri(doc.baseUri()).orElse(pageUrl);
        Items items = new Items();
        List<Pattern> embedPatterns = MediaTypes.list(rules, "page.embedPatterns").stream().map(Pattern::compile).toList();

        // og:video* and twitter:player:stream describe the page's one main video, in several URLs.
        String metaType = meta(doc, List.of("og:video:type")).orElse("");
        List<Candidate> metaMedia = new ArrayList<>();
        for (String content : metaAll(doc, MediaTypes.list(rules, "page.videoMeta"))) {
            resolve(base, content).ifPresent(url -> {
                if (isEmbed(url, embedPatterns)) {
                    items.add(MediaItem.ofEmbed(url), Kind.EMBED);
                } else if ((types.isMediaOrManifestUrl(url) || types.isMediaType(metaType))
                        && metaMedia.stream().noneMatch(c -> c.url().equals(url))) {
                    metaMedia.add(new Candidate(url, optional(metaType), false));
                }
            });
        }
        if (!metaMedia.isEmpty()) {
            items.add(MediaItem.of(metaMedia), Kind.META);
        }

        JsonLd jsonLd = new JsonLd(base, pageUrl, embedPatterns);
        for (Element script : doc.select("script[type=application/ld+json]")) {
            try {
                jsonLd.walk(JSON.readTree(script.data()), 0);
            } catch (JsonProcessingException e) {
                // Broken JSON-LD is common on the web; the rest of the page may still name the media.
            }
        }
        jsonLd.items().forEach(item -> items.add(item, Kind.JSON_LD));

        // The <source> children of one <video> or <audio> are formats of one item.
        Map<Element, List<Candidate>> byElement = new IdentityHashMap<>();
        List<Element> owners = new ArrayList<>();
        for (Element element : doc.select(rules.require("page.mediaElements"))) {
            Element owner = isMediaElement(element) ? element
                    : element.parents().stream().filter(PageScanner::isMediaElement).findFirst().orElse(element);
            boolean audio = owner.tagName().equals("audio");
            resolve(base, element.attr("src")).ifPresent(u -> byElement.computeIfAbsent(owner, o -> {
                owners.add(o);
                return new ArrayList<>();
            }).add(new Candidate(u, optional(element.attr("type")), audio)));
        }
        for (Element owner : owners) {
            items.add(new MediaItem(byElement.get(owner), Optional.empty(),
                    optional(owner.attr("title")).or(() -> optional(owner.attr("aria-label"))),
                    resolve(base, owner.attr("poster")), Optional.empty(), OptionalDouble.empty()), Kind.ELEMENT);
        }

        for (Element link : doc.select(rules.require("page.manifestLinks"))) {
            resolve(base, link.attr("href")).filter(types::isManifestUrl)
                    .ifPresent(u -> items.add(MediaItem.of(List.of(new Candidate(u, Optional.empty(), false))),
                            Kind.MANIFEST_LINK));
        }

        for (Element embed : doc.select(rules.require("page.embedElements"))) {
            resolve(base, embed.attr("src")).filter(u -> isEmbed(u, embedPatterns))
                    .ifPresent(u -> items.add(MediaItem.ofEmbed(u), Kind.EMBED));
        }

        Optional<String> pageTitle = meta(doc, MediaTypes.list(rules, "page.titleMeta")).or(() -> optional(doc.title()));
        Optional<String> title = meta(doc, MediaTypes.list(rules, "page.titleMeta")).or(jsonLd::name)
                .or(() -> optional(doc.title()));
        Optional<URI> thumbnail = meta(doc, MediaTypes.list(rules, "page.thumbnailMeta"))
                .flatMap(t -> resolve(base, t)).or(jsonLd::thumbnail);
        Optional<String> description = meta(doc, MediaTypes.list(rules, "page.descriptionMeta")).or(jsonLd::description);
        return new PageScan(items.distinct(), title, pageTitle, thumbnail, description);
    }

    private static boolean isMediaElement(Element element) {
        return element.tagName().equals("video") || element.tagName().equals("audio");
    }

    /** Where on the page an item was found. */
    private enum Kind { META, JSON_LD, ELEMENT, MANIFEST_LINK, EMBED }

    /** The items found so far, in page order; an item naming a URL an earlier one names is merged into it. */
    private static final class Items {
        private final List<MediaItem> list = new ArrayList<>();
        private final Map<URI, Integer> indexByUrl = new HashMap<>();
        private final Map<Kind, Integer> perKind = new EnumMap<>(Kind.class);

        void add(MediaItem item, Kind kind) {
            perKind.merge(kind, 1, Integer::sum);
            Optional<Integer> earlier = item.urls().stream().map(indexByUrl::get).filter(Objects::nonNull).findFirst();
            int index = earlier.orElse(list.size());
            if (earlier.isPresent()) {
                list.set(index, list.get(index).merge(item));
            } else {
                list.add(item);
            }
            item.urls().forEach(url -> indexByUrl.putIfAbsent(url, index));
        }

        /**
         * The page's distinct items. When no kind of source names more than one item, the page shows one video
         * that its tags describe in different URLs (an MP4 in og:video, an HLS stream in the player): its
         * sources are merged into one item, as formats of it, rather than listed as a playlist of duplicates.
         * Embedded players stay apart: another platform's video beside the page's own is a second video.
         */
        List<MediaItem> distinct() {
            boolean oneOfEachKind = perKind.entrySet().stream()
                    .allMatch(e -> e.getKey() == Kind.EMBED || e.getValue() <= 1);
            if (!oneOfEachKind) {
                return list;
            }
            List<MediaItem> result = new ArrayList<>();
            int own = -1;
            for (MediaItem item : list) {
                if (item.embedOnly()) {
                    result.add(item);
                } else if (own < 0) {
                    own = result.size();
                    result.add(item);
                } else {
                    result.set(own, result.get(own).merge(item));
                }
            }
            return result;
        }
    }

    private static boolean isEmbed(URI url, List<Pattern> patterns) {
        String text = url.toString();
        return patterns.stream().anyMatch(p -> p.matcher(text).find());
    }

    private static Optional<String> meta(Document doc, List<String> names) {
        return metaAll(doc, names).stream().findFirst();
    }

    // Open Graph uses property=, Twitter and plain HTML use name=; sites mix them up.
    private static List<String> metaAll(Document doc, List<String> names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            for (Element meta : doc.select("meta[property], meta[name]")) {
                String key = meta.hasAttr("property") ? meta.attr("property") : meta.attr("name");
                if (key.equalsIgnoreCase(name)) {
                    optional(meta.attr("content")).ifPresent(values::add);
                }
            }
        }
        return values;
    }

    static Optional<URI> resolve(URI base, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            URI url = base.resolve(value.trim().replace(" ", "%20"));
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? Optional.of(url) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> parseUri(String text) {
        try {
            return text.isBlank() ? Optional.empty() : Optional.of(new URI(text));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The media objects of a page's JSON-LD, also inside {@code @graph} arrays and nested properties. */
    private static final class JsonLd {
        private static final int MAX_DEPTH = 16;
        private final URI base;
        private final URI pageUrl;
        private final List<Pattern> embedPatterns;
        private final List<MediaItem> items = new ArrayList<>();
        private Optional<String> name = Optional.empty();
        private Optional<URI> thumbnail = Optional.empty();
        private Optional<String> description = Optional.empty();

        JsonLd(URI base, URI pageUrl, List<Pattern> embedPatterns) {
            this.base = base;
            this.pageUrl = pageUrl;
            this.embedPatterns = embedPatterns;
        }

        void walk(JsonNode node, int depth) {
            if (depth > MAX_DEPTH) {
                return;
            }
            if (node.isArray()) {
                node.forEach(child -> walk(child, depth + 1));
                return;
            }
            if (!node.isObject()) {
                return;
            }
            String type = typeOf(node);
            if (MEDIA_TYPES.contains(type)) {
                // A contentUrl naming the page itself is not media (yt-dlp ignores it too).
                Optional<URI> url = resolve(base, node.path("contentUrl").asText("")).filter(u -> !u.equals(pageUrl));
                Optional<URI> embed = resolve(base, node.path("embedUrl").asText("")).filter(u -> isEmbed(u, embedPatterns));
                if (url.isPresent() || embed.isPresent()) {
                    List<Candidate> sources = url.map(u -> List.of(new Candidate(u,
                            optional(node.path("encodingFormat").asText("")), type.equals("audioobject")))).orElse(List.of());
                    items.add(new MediaItem(sources, embed, optional(node.path("name").asText("")),
                            thumbnailOf(node.path("thumbnailUrl")), optional(node.path("description").asText("")),
                            duration(node.path("duration"))));
                }
                if (url.isPresent() || name.isEmpty()) {
                    name = name.or(() -> optional(node.path("name").asText("")));
                    thumbnail = thumbnail.or(() -> thumbnailOf(node.path("thumbnailUrl")));
                    description = description.or(() -> optional(node.path("description").asText("")));
                }
            }
            node.properties().forEach(e -> walk(e.getValue(), depth + 1));
        }

        private static String typeOf(JsonNode node) {
            JsonNode type = node.path("@type");
            if (type.isArray()) {
                for (JsonNode t : type) {
                    if (MEDIA_TYPES.contains(t.asText("").toLowerCase(Locale.ROOT))) {
                        return t.asText("").toLowerCase(Locale.ROOT);
                    }
                }
                return "";
            }
            return type.asText("").toLowerCase(Locale.ROOT);
        }

        private Optional<URI> thumbnailOf(JsonNode node) {
            if (node.isArray()) {
                return node.isEmpty() ? Optional.empty() : thumbnailOf(node.get(0));
            }
            if (node.isObject()) {
                return resolve(base, node.path("url").asText(""));
            }
            return resolve(base, node.asText(""));
        }

        List<MediaItem> items() {
            return items;
        }

        // schema.org durations are ISO 8601 ("PT1M33S"); some sites give plain seconds.
        private static OptionalDouble duration(JsonNode node) {
            if (node.isNumber()) {
                return node.asDouble() > 0 ? OptionalDouble.of(node.asDouble()) : OptionalDouble.empty();
            }
            String text = node.asText("").trim().toUpperCase(Locale.ROOT);
            try {
                if (text.matches("\\d+(\\.\\d+)?")) {
                    return OptionalDouble.of(Double.parseDouble(text));
                }
                if (text.startsWith("P")) {
                    Duration d = Duration.parse(text);
                    return d.isNegative() || d.isZero() ? OptionalDouble.empty()
                            : OptionalDouble.of(d.toMillis() / 1000.0);
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                // an unreadable duration is only a missing one
            }
            return OptionalDouble.empty();
        }

        Optional<String> name() {
            return name;
        }

        Optional<URI> thumbnail() {
            return thumbnail;
        }

        Optional<String> description() {
            return description;
        }
    }
}
