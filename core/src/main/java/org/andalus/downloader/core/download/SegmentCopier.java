package org.andalus.downloader.core.download;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.andalus.downloader.core.net.Throttle;

import okio.BufferedSource;

/**
 * The hot loop of an HTTP transfer, one call per attempt at a segment: fills a pooled direct buffer from the
 * socket, then one positional write per buffer. Runs on the transfer's pool, several at once on one part file.
 */
final class SegmentCopier {
    private static final long SLOW_SOURCE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final HttpDownloader owner;
    private final HttpCalls calls;
    private final PartChannel part;
    private final Throttle throttle;
    private final AtomicLong bytesDone;
    private final ProgressListener progress;
    private final LongSupplier total;
    private final String where;

    /**
     * @param owner lends the buffers
     * @param bytesDone the transfer's bytes, all segments together
     * @param total the resource's length as known now, or -1
     * @param where the redacted URL, for messages
     */
    SegmentCopier(HttpDownloader owner, HttpCalls calls, PartChannel part, Throttle throttle, AtomicLong bytesDone,
            ProgressListener progress, LongSupplier total, String where) {
        this.owner = owner;
        this.calls = calls;
        this.part = part;
        this.throttle = throttle;
        this.bytesDone = bytesDone;
        this.progress = progress;
        this.total = total;
        this.where = where;
    }

    /** Copies {@code source} into segment {@code s} from byte {@code from} until its end, or the body's. */
    void copy(HttpSegment s, long from, BufferedSource source) throws IOException {
        ByteBuffer buf = owner.borrowBuffer();
        try {
            long pos = from;
            long end = s.end();
            while (end < 0 || pos < end) {
                buf.clear();
                // a segment may be shortened meanwhile: another connection took over its second half
                if (end >= 0 && end - pos < buf.capacity()) {
                    buf.limit((int) (end - pos));
                }
                boolean eof = false;
                IOException broken = null;
                long started = System.nanoTime();
                try {
                    while (buf.hasRemaining()) {
                        if (calls.shouldStop()) {
                            break;
                        }
                        if (source.read(buf) < 0) {
                            eof = true;
                            break;
                        }
                        // a slow server: land what arrived rather than sit on it
                        if (System.nanoTime() - started > SLOW_SOURCE_NANOS) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // keep what arrived before the failure, so the retry asks only for the rest
                    broken = e;
                }
                buf.flip();
                int n = buf.remaining();
                if (n > 0) {
                    part.write(buf, pos);
                    pos += n;
                    end = s.end();
                    // bytes past a moved end were written identically by this connection; the other one owns them
                    long counted = end >= 0 ? Math.max(0, Math.min(pos, end) - (pos - n)) : n;
                    s.done((end >= 0 ? Math.min(pos, end) : pos) - s.start);
                    long sum = bytesDone.addAndGet(counted);
                    long total = this.total.getAsLong();
                    progress.onProgress(total >= 0 ? Math.min(sum, total) : sum, total);
                }
                throttle.acquire(n);
                if (broken != null) {
                    throw broken;
                }
                if (calls.shouldStop()) {
                    throw calls.cancelled();
                }
                if (eof) {
                    if (end >= 0 && pos < end) {
                        throw new EOFException("connection closed at byte " + pos + " of " + end + " from " + where);
                    }
                    if (end < 0) {
                        // a body of unknown length ends where the server closes it
                        s.end(pos);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            if (calls.shouldStop()) {
                throw calls.cancelled();
            }
            throw e;
        } finally {
            owner.releaseBuffer(buf);
        }
    }
}
