package org.andalus.downloader.core.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.andalus.downloader.core.output.OutputNamer;

/**
 * The output paths held by running downloads. A name is free when no file, part file or other running
 * download uses it, so two tasks with the same title never share a file even before either has written.
 */
final class OutputReservations {
    private final OutputNamer namer;
    private final Map<Long, Path> reserved = new HashMap<>();

    OutputReservations(OutputNamer namer) {
        this.namer = requireNonNull(namer, "namer is null");
    }

    /** Picks the output path of task {@code id}'s media and holds it until {@link #release(long)}. */
    synchronized Path reserve(long id, String template, Map<String, String> fields) {
        Path path = namer.render(template, fields, p -> Files.exists(p)
                || Files.exists(p.resolveSibling(p.getFileName() + ".part")) || reserved.containsValue(p));
        reserved.put(id, path);
        return path;
    }

    synchronized void release(long id) {
        reserved.remove(id);
    }
}
