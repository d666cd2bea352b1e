package org.andalus.downloader.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import org.andalus.downloader.core.event.Event;
import org.junit.jupiter.api.Test;

class CombinedProgressTest {
    private static final long MIB = 1024 * 1024;

    private final ManualClock clock = new ManualClock();
    private final StringWriter text = new StringWriter();
    private final ProgressBar bar = new ProgressBar(new PrintWriter(text), true, clock);
    private final CombinedProgress progress = new CombinedProgress();

    @Test
    void oneTaskIsShownWithItsOwnNumbers() {
        progress.update(event(1, 10 * MIB, OptionalLong.of(40 * MIB), 2 * MIB, OptionalLong.of(15)), bar);

        assertThat(text.toString()).isEqualTo(
                "\r[########......................]  25.0%  10.0MiB / 40.0MiB  2.0MiB/s  ETA 00:15");
    }

    @Test
    void entriesDownloadingSideBySideAreSummedIntoOneBar() {
        progress.update(event(1, 10 * MIB, OptionalLong.of(40 * MIB), 2 * MIB, OptionalLong.of(15)), bar);
        clock.advance(Duration.ofSeconds(1));
        progress.update(event(2, 2 * MIB, OptionalLong.of(20 * MIB), 1 * MIB, OptionalLong.of(18)), bar);

        // 12 of 60 MiB at 3 MiB/s: 16 s left
        assertThat(text.toString()).endsWith(
                "\r[######........................]  20.0%  12.0MiB / 60.0MiB  3.0MiB/s  ETA 00:16");
    }

    @Test
    void aTaskOfUnknownSizeLeavesTheTotalUnknown() {
        progress.update(event(1, 10 * MIB, OptionalLong.of(40 * MIB), 2 * MIB, OptionalLong.of(15)), bar);
        clock.advance(Duration.ofSeconds(1));
        progress.update(event(2, 1 * MIB, OptionalLong.empty(), 1 * MIB, OptionalLong.empty()), bar);

        assertThat(text.toString()).endsWith("\r11.0MiB  3.0MiB/s" + " ".repeat(62));
    }

    private Event.Progress event(long task, long done, OptionalLong total, long speed, OptionalLong eta) {
        return new Event.Progress(task, done, total, speed, eta, Instant.EPOCH);
    }
}
