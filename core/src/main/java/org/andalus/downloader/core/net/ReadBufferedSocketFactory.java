package org.andalus.downloader.core.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets whose input is read in large chunks. okio asks the socket for one 8 KiB segment at a time, so
 * a fast download made one {@code read} system call per 8 KiB (131,072 per GiB); with a buffer beneath it, one
 * call takes whatever the kernel holds, up to {@code bufferSize}, and okio's small reads are served from
 * memory. TLS sockets are layered on top of these by OkHttp and read through the same buffer.
 */
final class ReadBufferedSocketFactory extends SocketFactory {
    private final int bufferSize;

    ReadBufferedSocketFactory(int bufferSize) {
        if (bufferSize < 8192) {
            throw new IllegalArgumentException("bufferSize must be at least 8192, not " + bufferSize);
        }
        this.bufferSize = bufferSize;
    }

    @Override
    public Socket createSocket() {
        return new ReadBufferedSocket(bufferSize);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        socket.connect(address);
        return socket;
    }

    private static final class ReadBufferedSocket extends Socket {
        private final int bufferSize;
        private InputStream input;

        ReadBufferedSocket(int bufferSize) {
            this.bufferSize = bufferSize;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BufferedInputStream(super.getInputStream(), bufferSize);
            }
            return input;
        }
    }
}
