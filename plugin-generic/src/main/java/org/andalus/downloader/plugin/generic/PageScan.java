package org.andalus.downloader.plugin.generic;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PageScanner} found on an HTML page.
 *
 * @param items the distinct media items, in page order, merged where they share a URL
 * @param title the page's media title ({@code og:title}, else the first JSON-LD media name, else {@code <title>})
 * @param pageTitle the page's own title ({@code og:title}, else {@code <title>}), for a playlist of its items
 * @param thumbnail the page's preview image
 * @param description the page's description
 */
record PageScan(List<MediaItem> items, Optional<String> title, Optional<String> pageTitle, Optional<URI> thumbnail,
        Optional<String> description) {
    PageScan {
        items = List.copyOf(requireNonNull(items, "items is null"));
        requireNonNull(title, "title is null");
        requireNonNull(pageTitle, "pageTitle is null");
        requireNonNull(thumbnail, "thumbnail is null");
        requireNonNull(description, "description is null");
    }
}
