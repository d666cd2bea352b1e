package org.andalus.downloader.server.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The progress display of {@code andalus get} on stderr. On a terminal one line is redrawn in place
 * ({@code \r}) at most five times a second; otherwise (a log file, a pipe) it prints a plain line every
 * few seconds, since carriage returns would pile up in the file.
 *
 * <p>The last line, drawn by {@link #finish()}, shows the average speed of the whole run (bytes over the time
 * since the bar was made) rather than the last instantaneous one: a download shorter than the engine's
 * speed window ends with a reported speed of 0, which reads as a stall.
 */
final class ProgressBar {
    static final Duration TERMINAL_INTERVAL = Duration.ofMillis(200);
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(3);
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final InstantSource clock;
    private final Instant started;
    private Instant lastDraw = Instant.MIN;
    private String drawn = "";
    private long lastBytesDone = -1;
    private OptionalLong lastBytesTotal = OptionalLong.empty();
    private int lastWidth;
    private String pending = "";
    private boolean dirty;

    ProgressBar(PrintWriter err, boolean terminal, InstantSource clock) {
        this.err = requireNonNull(err, "err is null");
        this.terminal = terminal;
        this.clock = requireNonNull(clock, "clock is null");
        this.started = clock.instant();
    }

    /** Shows the new numbers, unless the last draw was too recent. */
    void update(long bytesDone, OptionalLong bytesTotal, long speed, OptionalLong etaSeconds) {
        pending = line(bytesDone, bytesTotal, speed, etaSeconds);
        dirty = true;
        lastBytesDone = bytesDone;
        lastBytesTotal = bytesTotal;
        Instant now = clock.instant();
        Duration interval = terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL;
        if (lastDraw.equals(Instant.MIN) || !now.isBefore(lastDraw.plus(interval))) {
            lastDraw = now;
            draw();
        }
    }

    /** Prints a message on its own line, keeping the bar below it on a terminal. */
    void message(String line) {
        if (terminal && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
        err.println(line);
        err.flush();
    }

    /**
     * Draws the last numbers with the average speed (and no ETA: nothing more is coming), however recent the
     * last draw was, and ends the line. Before any time has passed the reported speed stays.
     */
    void finish() {
        long elapsedMillis = Duration.between(started, clock.instant()).toMillis();
        if (lastBytesDone >= 0 && elapsedMillis > 0) {
            String last = line(lastBytesDone, lastBytesTotal, lastBytesDone * 1000 / elapsedMillis, OptionalLong.empty());
            if (dirty || !last.equals(drawn)) {
                pending = last;
                dirty = true;
            }
        }
        draw();
        if (terminal && lastWidth > 0) {
            err.println();
            lastWidth = 0;
        }
        err.flush();
    }

    private String line(long bytesDone, OptionalLong bytesTotal, long speed, OptionalLong etaSeconds) {
        return terminal ? barLine(bytesDone, bytesTotal, speed, etaSeconds)
                : plainLine(bytesDone, bytesTotal, speed, etaSeconds);
    }

    private void draw() {
        if (!dirty) {
            return;
        }
        dirty = false;
        drawn = pending;
        if (terminal) {
            // Pad over the tail of a longer previous line.
            int pad = Math.max(0, lastWidth - pending.length());
            err.print("\r" + pending + " ".repeat(pad));
            lastWidth = pending.length();
        } else {
            err.println(pending);
        }
        err.flush();
    }

    static String barLine(long bytesDone, OptionalLong bytesTotal, long speed, OptionalLong etaSeconds) {
        StringBuilder line = new StringBuilder();
        if (bytesTotal.isPresent() && bytesTotal.getAsLong() > 0) {
            double fraction = Math.min(1.0, (double) bytesDone / bytesTotal.getAsLong());
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(percent(fraction)).append("  ")
                    .append(bytes(bytesDone)).append(" / ").append(bytes(bytesTotal.getAsLong()));
        } else {
            line.append(bytes(bytesDone));
        }
        line.append("  ").append(bytes(speed)).append("/s");
        etaSeconds.ifPresent(eta -> line.append("  ETA ").append(eta(eta)));
        return line.toString();
    }

    static String plainLine(long bytesDone, OptionalLong bytesTotal, long speed, OptionalLong etaSeconds) {
        StringBuilder line = new StringBuilder("[download] ");
        if (bytesTotal.isPresent() && bytesTotal.getAsLong() > 0) {
            double fraction = Math.min(1.0, (double) bytesDone / bytesTotal.getAsLong());
            line.append(percent(fraction)).append(" of ").append(bytes(bytesTotal.getAsLong()))
                    .append(" (").append(bytes(bytesDone)).append(')');
        } else {
            line.append(bytes(bytesDone));
        }
        line.append(" at ").append(bytes(speed)).append("/s");
        etaSeconds.ifPresent(eta -> line.append(" ETA ").append(eta(eta)));
        return line.toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%5.1f%%", fraction * 100);
    }

    /** Binary units, as yt-dlp and aria2 print them: {@code 12.3MiB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + "B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    static String eta(long seconds) {
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%02d:%02d", minutes, secs);
    }
}
