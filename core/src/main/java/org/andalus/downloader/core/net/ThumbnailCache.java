package org.andalus.downloader.core.net;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.spi.ErrorCode;

import okhttp3.Request;
import okhttp3.Response;

/**
 * Thumbnails kept on disk, one file per URL (named by the URL's SHA-256), bounded in total size. Each hit
 * refreshes the file's modification time, and the least recently used files go first when the bound
 * is passed.
 */
public final class ThumbnailCache {
    private static final String PLATFORM = "thumbnails";

    private final Network network;
    private final Path dir;
    private final long maxBytes;

    ThumbnailCache(Network network, Path dir, long maxBytes) {
        this.network = requireNonNull(network, "network is null");
        this.dir = requireNonNull(dir, "dir is null");
        this.maxBytes = maxBytes;
    }

    /**
     * The local file holding {@code url}'s content, downloaded on the first request.
     *
     * @throws DownloadException with the categorized status when the download fails
     */
    public Path fetch(URI url) {
        return fetch(url, PLATFORM);
    }

    /**
     * The local file holding {@code url}'s content, downloaded on the first request through {@code platform}'s
     * network rules (its proxy, cookies and rate limits: some sites serve thumbnails only to their own clients).
     *
     * @throws DownloadException with the categorized status when the download fails
     */
    public Path fetch(URI url, String platform) {
        requireNonNull(url, "url is null");
        requireNonNull(platform, "platform is null");
        Path file = dir.resolve(ApiCache.sha256(url.toString()) + extension(url));
        try {
            if (Files.isRegularFile(file)) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
                return file;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "fetch", ".part");
            try (Response response = network.newCall(new Request.Builder().url(url.toString()).build(), platform)
                    .execute()) {
                if (!response.isSuccessful()) {
                    throw new HttpStatusException(response.code(), url, RetryPolicies.parseRetryAfter(
                            response.header("Retry-After"), java.time.Instant.now()));
                }
                try (InputStream in = response.body().byteStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            evict(file);
            return file;
        } catch (IOException e) {
            throw new DownloadException(ErrorCode.NETWORK, "cannot fetch thumbnail " + Redaction.url(url) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Deletes least recently used files until the cache fits its bound; {@code keep} always stays. */
    private synchronized void evict(Path keep) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(p -> !p.getFileName().toString().endsWith(".part")).toList());
        }
        long total = 0;
        for (Path p : files) {
            total += size(p);
        }
        files.sort(Comparator.comparing(ThumbnailCache::modified));
        for (Path p : files) {
            if (total <= maxBytes) {
                break;
            }
            if (!p.equals(keep)) {
                total -= size(p);
                Files.deleteIfExists(p);
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * The media type of a cached file: from its extension, or from its first bytes when the URL had no image
     * extension (many thumbnail URLs end in an id), so a browser shows it inline.
     */
    public static String contentType(Path file) {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "avif" -> "image/avif";
            default -> sniff(file);
        };
    }

    private static String sniff(Path file) {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return "application/octet-stream";
        }
        String ascii = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (ascii.startsWith("\u0089PNG")) {
            return "image/png";
        }
        if (ascii.startsWith("GIF8")) {
            return "image/gif";
        }
        if (n >= 12 && ascii.startsWith("RIFF") && ascii.substring(8, 12).equals("WEBP")) {
            return "image/webp";
        }
        if (n >= 12 && ascii.substring(4, 12).matches("ftypavi[fs]")) {
            return "image/avif";
        }
        return "application/octet-stream";
    }

    private static String extension(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot).toLowerCase(java.util.Locale.ROOT);
        return ext.matches("\\.(jpg|jpeg|png|webp|gif|avif)") ? ext : ".img";
    }
}
