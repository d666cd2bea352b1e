package org.andalus.downloader.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class EarlyStartTest {
    @Test
    void theEarlyRegistryGoesToOneEngineAndTheTrustStoreWaitRunsTheBuild() {
        EarlyStart.begin();
        EarlyStart.begin();

        PrometheusMeterRegistry first = EarlyStart.takeMetrics();
        PrometheusMeterRegistry second = EarlyStart.takeMetrics();
        String built = EarlyStart.withTrustStore(() -> "network");

        assertThat(first).isNotNull().isNotSameAs(second);
        assertThat(built).isEqualTo("network");
        first.close();
        second.close();
    }
}
