package org.andalus.downloader.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ReadBufferedSocketFactoryTest {
    @Test
    void smallReadsGetEveryByteInOrderAndSurviveAReadTimeout() throws Exception {
        byte[] first = bytes(100_000, 1);
        byte[] second = bytes(700_000, 2);
        CountDownLatch timedOut = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = Thread.ofPlatform().start(() -> {
                try (Socket peer = server.accept(); OutputStream out = peer.getOutputStream()) {
                    out.write(first);
                    out.flush();
                    // the second half only once the client has seen its read time out (OkHttp's health check)
                    timedOut.await(10, TimeUnit.SECONDS);
                    out.write(second);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket socket = new ReadBufferedSocketFactory(256 << 10)
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                InputStream in = socket.getInputStream();
                assertThat(socket.getInputStream()).isSameAs(in);
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                byte[] segment = new byte[8192];
                while (received.size() < first.length) {
                    int n = in.read(segment, 0, Math.min(segment.length, first.length - received.size()));
                    received.write(segment, 0, n);
                }
                socket.setSoTimeout(100);
                assertThatThrownBy(() -> in.read(segment)).isInstanceOf(SocketTimeoutException.class);
                timedOut.countDown();
                socket.setSoTimeout(10_000);
                for (int n; (n = in.read(segment)) >= 0; ) {
                    received.write(segment, 0, n);
                }
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.write(first);
                expected.write(second);
                assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
            }
            sender.join(10_000);
        }
    }

    @Test
    void aTinyBufferIsRefused() {
        assertThatThrownBy(() -> new ReadBufferedSocketFactory(1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8192");
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
