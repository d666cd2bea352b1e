package org.andalus.downloader.core.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.andalus.downloader.core.DownloadException;
import org.andalus.downloader.spi.ErrorCode;

/**
 * The part file of an HTTP transfer, open for positional reads and writes by all its connections at once.
 * Every I/O failure becomes a {@link ErrorCode#STORAGE} error naming the file, since the disk, not the
 * network, is at fault.
 */
final class PartChannel implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PartChannel.class.getName());

    private final Path path;
    private final FileChannel channel;

    private PartChannel(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens (creating it and its folder if needed) the part file, keeping the bytes already there. */
    static PartChannel open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new PartChannel(path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw storage("cannot open " + path, e);
        }
    }

    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw storage("cannot read " + path, e);
        }
    }

    void truncate(long length) {
        try {
            channel.truncate(length);
        } catch (IOException e) {
            throw storage("cannot truncate " + path, e);
        }
    }

    /** Writes all of {@code buf} at {@code pos}; safe from several threads at distinct positions. */
    void write(ByteBuffer buf, long pos) {
        try {
            long at = pos;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
        } catch (IOException e) {
            throw storage("cannot write " + path, e);
        }
    }

    /** Syncs the data (and with {@code metaData}, the size too); the caller decides how to report a failure. */
    void force(boolean metaData) throws IOException {
        channel.force(metaData);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    static DownloadException storage(String message, IOException e) {
        return new DownloadException(ErrorCode.STORAGE, message + ": " + e.getMessage(), e);
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a channel", e);
            }
        }
    }
}
