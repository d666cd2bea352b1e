package org.andalus.downloader.core.download;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a segmented transfer divides a resource among its connections, at the start and as they finish. */
final class HttpSegments {
    private static final long MIN_STEAL_PIECE = 256 * 1024;
    private static final int MAX_SEGMENTS = 256;

    private HttpSegments() {
    }

    /** Segments over {@code [0, total)}: the first keeps the contiguous bytes already on disk. */
    static List<HttpSegment> split(long existing, long total, int connections) {
        long remaining = total - existing;
        long chunk = Math.max(1, (remaining + connections - 1) / connections);
        List<HttpSegment> out = new ArrayList<>(connections);
        long start = 0;
        long end = Math.min(total, existing + chunk);
        while (start < total || out.isEmpty()) {
            out.add(new HttpSegment(out.size(), start, end, start == 0 ? existing : 0));
            start = end;
            end = Math.min(total, end + chunk);
        }
        return out;
    }

    /**
     * Splits the segment with the most bytes left, when worth a new connection: the new segment (returned,
     * not yet in {@code segments}) gets the second half, the old one's end moves back (its connection notices
     * at its next buffer). Should the old connection already be past the split point, both write the same
     * bytes there: harmless, the resource is the same.
     */
    static Optional<HttpSegment> steal(List<HttpSegment> segments, long segmentThreshold) {
        long minPiece = Math.max(MIN_STEAL_PIECE, segmentThreshold / 16);
        if (segments.size() >= MAX_SEGMENTS) {
            return Optional.empty();
        }
        HttpSegment donor = null;
        long most = 0;
        for (HttpSegment s : segments) {
            long left = s.end() - s.position();
            // a segment still queued gets its own connection soon: splitting it gains nothing
            if (s.started() && left > most) {
                most = left;
                donor = s;
            }
        }
        if (donor == null || most < 2 * minPiece) {
            return Optional.empty();
        }
        long mid = donor.position() + most / 2;
        HttpSegment taken = new HttpSegment(segments.size(), mid, donor.end(), 0);
        donor.end(mid);
        return Optional.of(taken);
    }
}
