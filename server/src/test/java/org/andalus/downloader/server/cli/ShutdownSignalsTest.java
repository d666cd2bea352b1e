package org.andalus.downloader.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ShutdownSignalsTest {
    @Test
    void aSignalRunsTheShutdownOnceAndACleanOneReportsNoFailure() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (ShutdownSignals signals = ShutdownSignals.install(runs::incrementAndGet)) {
            signals.onSignal("SIGTERM");
            signals.onSignal("SIGINT");

            assertThat(runs).hasValue(1);
            assertThat(signals.failure()).isEmpty();
        }
    }

    @Test
    void aShutdownThatThrowsIsReportedSoServeExitsNonZero() throws InterruptedException {
        IllegalStateException broken = new IllegalStateException("database is locked");
        try (ShutdownSignals signals = ShutdownSignals.install(() -> {
            throw broken;
        })) {
            signals.onSignal("SIGTERM");

            assertThat(signals.failure()).containsSame(broken);
        }
    }

    @Test
    void withoutASignalThereIsNothingToReport() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        try (ShutdownSignals signals = ShutdownSignals.install(runs::incrementAndGet)) {
            assertThat(signals.failure()).isEmpty();
            assertThat(runs).hasValue(0);
        }
    }
}
