package org.andalus.downloader.core.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code <part>.state}: where each segment of a segmented transfer got to, so a later run resumes them all.
 * Rewritten in place about once a second from the coordinating thread only; a forced save syncs the part
 * file first, so the state on disk never claims bytes the disk does not have.
 */
final class StateSidecar {
    private static final System.Logger LOG = System.getLogger(StateSidecar.class.getName());

    private final Path path;
    private FileChannel channel;

    StateSidecar(Path partFile) {
        this.path = partFile.resolveSibling(partFile.getFileName() + ".state");
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    Optional<HttpState> read() {
        return HttpState.read(path);
    }

    /** Opens the file for saving; {@code fresh} starts it empty, otherwise it is overwritten in place. */
    void open(boolean fresh) {
        try {
            channel = fresh
                    ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)
                    : FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw PartChannel.storage("cannot open " + path, e);
        }
    }

    /** Saves {@code state} if the file is open; forcing syncs {@code part} first, then the state. */
    void save(HttpState state, PartChannel part, boolean force) {
        if (channel == null) {
            return;
        }
        try {
            if (force) {
                part.force(false);
            }
            ByteBuffer bytes = ByteBuffer.wrap(state.encode());
            long at = 0;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw PartChannel.storage("cannot save " + path, e);
        }
    }

    /** Closes the file; later saves do nothing. */
    void close() {
        PartChannel.closeQuietly(channel);
        channel = null;
    }

    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + path, e);
        }
    }
}
