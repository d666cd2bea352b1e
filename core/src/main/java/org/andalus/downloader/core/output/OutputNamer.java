package org.andalus.downloader.core.output;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an output template ({@code {title} [{id}].{ext}}) into a safe file path inside the download
 * folder. yt-dlp's spelling of a field is read too, so its users' templates work as they are:
 * {@code %(title)s}, {@code %(playlist_index)d} and, zero-padded, {@code %(playlist_index)03d}. Field values are sanitized so they can never add a directory or escape the folder; a {@code /}
 * written in the template itself starts a subdirectory ({@code {uploader}/{title}.{ext}}). Every name is
 * cleaned of characters Windows, macOS or Linux reject, of reserved device names and of leading dots, and
 * cut to {@value #MAX_NAME_BYTES} bytes of UTF-8 keeping its extension.
 */
public final class OutputNamer {
    /** The fields a template may use. */
    public static final Set<String> FIELDS =
            Set.of("title", "id", "ext", "platform", "uploader", "format_id", "playlist_index");
    /** The longest file or directory name written, in UTF-8 bytes (most file systems allow 255). */
    public static final int MAX_NAME_BYTES = 200;

    /** {@code {name}}, or yt-dlp's {@code %(name)s}, {@code %(name)d}, {@code %(name)05d}. */
    private static final Pattern FIELD = Pattern.compile("\\{([^{}]*)}|%\\(([^()]*)\\)(?:s|(0?\\d{0,2})d)");
    private static final Pattern RESERVED = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9]|CONIN\\$|CONOUT\\$)");
    private static final String MISSING = "NA";
    private static final int MAX_COPIES = 10_000;

    private final Path downloadDir;

    /** @param downloadDir the folder every output stays inside */
    public OutputNamer(Path downloadDir) {
        this.downloadDir = requireNonNull(downloadDir, "downloadDir is null").toAbsolutePath().normalize();
    }

    public Path downloadDir() {
        return downloadDir;
    }

    /**
     * Checks a template: it must be non-blank and use only {@link #FIELDS}.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void validateTemplate(String template) {
        requireNonNull(template, "template is null");
        if (template.isBlank()) {
            throw new IllegalArgumentException("output template is blank");
        }
        Matcher m = FIELD.matcher(template);
        while (m.find()) {
            if (!FIELDS.contains(name(m))) {
                throw new IllegalArgumentException("output template uses unknown field " + m.group()
                        + "; known fields: " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String rest = FIELD.matcher(template).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            throw new IllegalArgumentException("output template has an unbalanced brace: " + template);
        }
    }

    /**
     * The path for {@code fields} under {@code template}, not yet taken: when a file of that name exists,
     * {@code " (1)"}, {@code " (2)"}... is added before the extension. Directories are not created.
     *
     * @param fields values of the template's fields; a missing or blank one renders as {@code NA}
     * @throws IllegalArgumentException when the template is invalid
     */
    public Path render(String template, Map<String, String> fields) {
        return render(template, fields, Files::exists);
    }

    /**
     * As {@link #render(String, Map)}, with the caller deciding which names are taken (an existing file,
     * or a name another running download has already planned).
     */
    public Path render(String template, Map<String, String> fields, Predicate<Path> taken) {
        requireNonNull(taken, "taken is null");
        Path path = resolve(template, fields);
        if (!taken.test(path)) {
            return path;
        }
        String name = path.getFileName().toString();
        int dot = extensionDot(name);
        String stem = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        for (int i = 1; i <= MAX_COPIES; i++) {
            Path candidate = path.resolveSibling(limit(stem, ext, " (" + i + ")"));
            if (!taken.test(candidate)) {
                return verified(candidate);
            }
        }
        throw new IllegalStateException("more than " + MAX_COPIES + " files named like " + path);
    }

    /** The path for {@code fields} under {@code template}, whether or not a file of that name exists. */
    public Path resolve(String template, Map<String, String> fields) {
        validateTemplate(template);
        requireNonNull(fields, "fields is null");
        List<String> segments = new ArrayList<>();
        for (String segment : template.split("/", -1)) {
            Matcher m = FIELD.matcher(segment);
            StringBuilder rendered = new StringBuilder();
            while (m.find()) {
                String value = fields.get(name(m));
                value = value == null || value.isBlank() ? MISSING : padded(value, m.group(3));
                // A value never creates directories: its separators become ordinary characters.
                m.appendReplacement(rendered, Matcher.quoteReplacement(value.replace('/', '_').replace('\\', '_')));
            }
            m.appendTail(rendered);
            segments.add(rendered.toString());
        }
        Path path = downloadDir;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            if (last && segments.get(i).isBlank()) {
                throw new IllegalArgumentException("output template gives an empty file name: " + template);
            }
            String name = sanitize(segments.get(i), last);
            if (name.isEmpty()) {
                continue;
            }
            path = path.resolve(name);
        }
        if (path.equals(downloadDir)) {
            throw new IllegalArgumentException("output template gives no file name: " + template);
        }
        return verified(path);
    }

    private static String name(Matcher field) {
        return field.group(1) != null ? field.group(1) : field.group(2);
    }

    /** A number under yt-dlp's {@code %(n)03d}: zero-padded to the width; other values as they are. */
    private static String padded(String value, String width) {
        if (width == null || width.isEmpty() || !value.chars().allMatch(Character::isDigit)) {
            return value;
        }
        int digits = Integer.parseInt(width);
        return value.length() >= digits ? value : "0".repeat(digits - value.length()) + value;
    }

    /**
     * One file or directory name made safe: forbidden and control characters replaced, leading dots and
     * trailing dots/spaces removed, reserved device names prefixed, cut to {@value #MAX_NAME_BYTES} bytes.
     * Returns an empty string only for an empty directory segment.
     */
    static String sanitize(String raw, boolean fileName) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (cp == '\t' || cp == '\n' || cp == '\r') {
                out.append(' ');
            } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                // other control characters are dropped
            } else if ("/\\:*?\"<>|".indexOf(cp) >= 0) {
                out.append('_');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String name = out.toString().replaceAll(" {2,}", " ").strip();
        int dot = fileName ? extensionDot(name) : -1;
        String ext = dot < 0 ? "" : name.substring(dot);
        // leading dots would hide the file; trailing dots and spaces are dropped by Windows
        String stem = (dot < 0 ? name : name.substring(0, dot)).replaceFirst("^[.\\s]+", "")
                .replaceFirst("[.\\s]+$", "");
        if (stem.isEmpty()) {
            if (!fileName) {
                return "";
            }
            stem = "_";
        }
        String base = stem.contains(".") ? stem.substring(0, stem.indexOf('.')) : stem;
        if (RESERVED.matcher(base.strip()).matches()) {
            stem = "_" + stem;
        }
        return limit(stem, ext, "");
    }

    /** {@code stem + suffix + ext}, cutting the stem so the whole fits in {@value #MAX_NAME_BYTES} bytes. */
    private static String limit(String stem, String ext, String suffix) {
        int budget = MAX_NAME_BYTES - utf8(ext) - utf8(suffix);
        if (budget < 1) {
            // an absurdly long "extension" is not one: cut the whole name instead
            return cut(stem + suffix + ext, MAX_NAME_BYTES);
        }
        String cutStem = cut(stem, budget).replaceFirst("[.\\s]+$", "");
        return (cutStem.isEmpty() ? "_" : cutStem) + suffix + ext;
    }

    private static String cut(String text, int maxBytes) {
        if (utf8(text) <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int size = utf8(new String(Character.toChars(cp)));
            if (used + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The index of the extension's dot: a short alphanumeric tail after a non-leading dot. */
    private static int extensionDot(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1 || name.length() - dot > 12) {
            return -1;
        }
        for (int i = dot + 1; i < name.length(); i++) {
            if (!Character.isLetterOrDigit(name.charAt(i))) {
                return -1;
            }
        }
        return dot;
    }

    private Path verified(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(downloadDir) || normalized.equals(downloadDir)) {
            throw new IllegalArgumentException("output path " + normalized + " is outside " + downloadDir);
        }
        return normalized;
    }

    /** The extension a merge of formats with these extensions gets, as yt-dlp picks it. */
    public static String mergedExtension(List<String> extensions) {
        List<String> lower = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        if (lower.size() == 1) {
            return lower.get(0);
        }
        if (lower.stream().allMatch(e -> e.equals("mp4") || e.equals("m4a") || e.equals("mov"))) {
            return "mp4";
        }
        if (lower.stream().allMatch(e -> e.equals("webm") || e.equals("weba") || e.equals("opus"))) {
            return "webm";
        }
        return "mkv";
    }
}
