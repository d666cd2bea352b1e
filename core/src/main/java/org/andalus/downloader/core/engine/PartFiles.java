package org.andalus.downloader.core.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.andalus.downloader.spi.model.MediaFormat;

/**
 * The names of a download's files before it is done, and their removal. The downloaders keep resume state
 * beside a part file ({@code .part.state}, {@code .part.validators}, fragment folders), so removal matches
 * on the name prefix rather than on a fixed list of suffixes.
 */
final class PartFiles {
    private static final System.Logger LOG = System.getLogger(PartFiles.class.getName());

    private PartFiles() {
    }

    /** {@code <final>.part} for a single format, {@code <final>.f<format id>.part} for one of several. */
    static Path partFile(Path target, Optional<MediaFormat> format) {
        String name = target.getFileName().toString();
        return target.resolveSibling(format
                .map(f -> name + ".f" + f.formatId().replaceAll("[^A-Za-z0-9_-]", "_") + ".part")
                .orElse(name + ".part"));
    }

    /** Where the merger writes before the rename: same folder, same extension (ffmpeg picks the container from it). */
    static Path mergeFile(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String temp = dot > 0 ? name.substring(0, dot) + ".temp" + name.substring(dot) : name + ".temp";
        return target.resolveSibling(temp);
    }

    static boolean isPartOf(String finalName, String candidate) {
        if (!candidate.startsWith(finalName + ".")) {
            return false;
        }
        String rest = candidate.substring(finalName.length() + 1);
        return rest.startsWith("part") || rest.matches("f[A-Za-z0-9_-]+\\.part.*");
    }

    /**
     * Deletes the part files (and their sidecars) of the download that ends in {@code finalFile}; the
     * finished file is never touched, nor anything outside {@code downloadDir}.
     */
    static void delete(String finalFile, Path downloadDir) {
        Path target = Path.of(finalFile).toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir) || !target.startsWith(downloadDir)) {
            return;
        }
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                if (isPartOf(name, sibling.getFileName().toString())) {
                    Files.deleteIfExists(sibling);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the part files of " + target, e);
        }
    }
}
