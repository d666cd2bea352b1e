package org.andalus.downloader.plugin.generic;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One distinct video or audio on a page: the sources of one media element, one JSON-LD object, the page's
 * Open Graph video, one manifest link, or one embedded player. Its sources are formats of the same media.
 *
 * @param sources media and manifest URLs of this item, in page order; empty for a player embed
 * @param embed the embedded player's URL, handled by that platform's extractor
 * @param title the item's own title (JSON-LD {@code name}, the element's {@code title})
 * @param thumbnail the item's own preview image (JSON-LD {@code thumbnailUrl}, {@code <video poster>})
 * @param description the item's own description
 * @param duration the play time in seconds, when the page states it
 */
record MediaItem(List<Candidate> sources, Optional<URI> embed, Optional<String> title, Optional<URI> thumbnail,
        Optional<String> description, OptionalDouble duration) {
    MediaItem {
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        requireNonNull(embed, "embed is null");
        requireNonNull(title, "title is null");
        requireNonNull(thumbnail, "thumbnail is null");
        requireNonNull(description, "description is null");
        requireNonNull(duration, "duration is null");
        if (sources.isEmpty() && embed.isEmpty()) {
            throw new IllegalArgumentException("an item needs a source or an embed");
        }
    }

    static MediaItem of(List<Candidate> sources) {
        return new MediaItem(sources, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalDouble.empty());
    }

    static MediaItem ofEmbed(URI embed) {
        return new MediaItem(List.of(), Optional.of(embed), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalDouble.empty());
    }

    /** Whether only a player embed names this item, so another extractor must handle it. */
    boolean embedOnly() {
        return sources.isEmpty();
    }

    /**
     * A short id that stays the same while the page names the same media: the hash of the first source (the
     * id the generic extractor gives that URL when it is downloaded directly), else of the embed.
     */
    String key() {
        return GenericExtractor.shortHash(sources.isEmpty() ? embed.orElseThrow() : sources.get(0).url());
    }

    /** Every URL naming this item; two items sharing one are the same media. */
    List<URI> urls() {
        List<URI> urls = new ArrayList<>(sources.size() + 1);
        sources.forEach(c -> urls.add(c.url()));
        embed.ifPresent(urls::add);
        return urls;
    }

    /** This item with the other's sources added and its own gaps filled from the other. */
    MediaItem merge(MediaItem other) {
        List<Candidate> merged = new ArrayList<>(sources);
        for (Candidate c : other.sources) {
            if (merged.stream().noneMatch(m -> m.url().equals(c.url()))) {
                merged.add(c);
            }
        }
        return new MediaItem(merged, embed.or(other::embed), title.or(other::title), thumbnail.or(other::thumbnail),
                description.or(other::description), duration.isPresent() ? duration : other.duration);
    }
}
