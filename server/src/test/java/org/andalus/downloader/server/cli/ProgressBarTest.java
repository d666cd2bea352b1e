package org.andalus.downloader.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ManualClock clock = new ManualClock();
    private final StringWriter text = new StringWriter();
    private final String nl = System.lineSeparator();

    @Test
    void aTerminalGetsAtMostFiveRedrawsASecond() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, clock);

        bar.update(10 * 1024 * 1024, OptionalLong.of(40 * 1024 * 1024), 2 * 1024 * 1024, OptionalLong.of(15));
        clock.advance(Duration.ofMillis(100));
        bar.update(11 * 1024 * 1024, OptionalLong.of(40 * 1024 * 1024), 2 * 1024 * 1024, OptionalLong.of(14));
        clock.advance(Duration.ofMillis(100));
        bar.update(12 * 1024 * 1024, OptionalLong.of(40 * 1024 * 1024), 2 * 1024 * 1024, OptionalLong.of(14));

        assertThat(text.toString()).isEqualTo(
                "\r[########......................]  25.0%  10.0MiB / 40.0MiB  2.0MiB/s  ETA 00:15"
                + "\r[#########.....................]  30.0%  12.0MiB / 40.0MiB  2.0MiB/s  ETA 00:14");
    }

    @Test
    void aShorterLineOverwritesTheTailOfTheLongerOne() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, clock);

        bar.update(1000, OptionalLong.empty(), 1000, OptionalLong.of(3600 + 61));
        clock.advance(Duration.ofSeconds(1));
        bar.update(1100, OptionalLong.empty(), 10, OptionalLong.empty());
        bar.finish();

        assertThat(text.toString()).isEqualTo("\r1000B  1000B/s  ETA 1:01:01" + "\r1.1KiB  10B/s" + " ".repeat(14)
                + "\r1.1KiB  1.1KiB/s" + nl);
    }

    @Test
    void messagesClearTheBarFirst() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, clock);

        bar.update(1, OptionalLong.empty(), 1, OptionalLong.empty());
        bar.message("[download] x");

        assertThat(text.toString()).isEqualTo("\r1B  1B/s" + "\r" + " ".repeat(8) + "\r[download] x" + nl);
    }

    @Test
    void withoutATerminalPlainLinesComeEveryFewSecondsAndTheLastOneAtTheEnd() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, clock);

        for (int second = 0; second <= 4; second++) {
            bar.update(second * 100L, OptionalLong.of(1000), 100, OptionalLong.of(10 - second));
            clock.advance(Duration.ofSeconds(1));
        }
        bar.finish();
        bar.finish();

        assertThat(text.toString()).isEqualTo(
                "[download]   0.0% of 1000B (0B) at 100B/s ETA 00:10" + nl
                + "[download]  30.0% of 1000B (300B) at 100B/s ETA 00:07" + nl
                + "[download]  40.0% of 1000B (400B) at 80B/s" + nl);
    }

    @Test
    void theLastLineOfAShortDownloadShowsTheAverageSpeedNotTheLastInstantaneousZero() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, clock);

        clock.advance(Duration.ofMillis(250));
        bar.update(2048, OptionalLong.of(2048), 0, OptionalLong.empty());
        clock.advance(Duration.ofMillis(250));
        bar.finish();

        assertThat(text.toString()).isEqualTo(
                "\r[##############################] 100.0%  2.0KiB / 2.0KiB  0B/s"
                + "\r[##############################] 100.0%  2.0KiB / 2.0KiB  4.0KiB/s" + nl);
    }

    @Test
    void withoutATerminalTheAverageSpeedComesAsOneLastLine() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, clock);

        bar.update(1024, OptionalLong.of(3072), 0, OptionalLong.empty());
        clock.advance(Duration.ofSeconds(1));
        bar.update(3072, OptionalLong.of(3072), 0, OptionalLong.of(0));
        clock.advance(Duration.ofSeconds(1));
        bar.finish();

        assertThat(text.toString()).isEqualTo(
                "[download]  33.3% of 3.0KiB (1.0KiB) at 0B/s" + nl
                + "[download] 100.0% of 3.0KiB (3.0KiB) at 1.5KiB/s" + nl);
    }

    @Test
    void finishingDrawsNothingNewWhenTheLastUpdateWasShown() {
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, clock);

        bar.update(5, OptionalLong.empty(), 0, OptionalLong.empty());
        bar.finish();

        assertThat(text.toString()).isEqualTo("[download] 5B at 0B/s" + nl);
    }

    @Test
    void unitsAreBinary() {
        assertThat(ProgressBar.bytes(0)).isEqualTo("0B");
        assertThat(ProgressBar.bytes(1023)).isEqualTo("1023B");
        assertThat(ProgressBar.bytes(1536)).isEqualTo("1.5KiB");
        assertThat(ProgressBar.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0GiB");
        assertThat(ProgressBar.eta(59)).isEqualTo("00:59");
        assertThat(ProgressBar.eta(7322)).isEqualTo("2:02:02");
    }
}
