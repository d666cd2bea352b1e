package org.andalus.downloader.plugin.dailymotion;

import java.net.URI;
import java.util.List;

import org.andalus.downloader.spi.ErrorCode;
import org.andalus.downloader.spi.ExtractionException;
import org.andalus.downloader.spi.Extractor;
import org.andalus.downloader.spi.ExtractorContext;
import org.andalus.downloader.spi.model.Extraction;
import org.pf4j.Extension;

/**
 * Recognizes Dailymotion URLs (videos, embeds and collections, the patterns of {@code rules/dailymotion.json}).
 * Extraction itself is not part of this version of the plugin.
 */
@Extension
public final class DailymotionExtractor implements Extractor {
    static final String ID = "dailymotion";

    // URL patterns cannot come from the live rules (suitable() gets no context), so they are read once from
    // the rules file shipped in this jar: one place to edit them.
    private static final List<String> URL_PATTERNS = BundledRules.urlPatterns(ID);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> urlPatterns() {
        return URL_PATTERNS;
    }

    @Override
    public boolean supportsPlaylists() {
        return true;
    }

    @Override
    public Extraction extract(URI url, ExtractorContext ctx) {
        throw new ExtractionException(ErrorCode.UNSUPPORTED_URL,
                "dailymotion extraction is not available in this version of the plugin yet");
    }
}
