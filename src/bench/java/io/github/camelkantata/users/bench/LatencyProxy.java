package io.github.camelkantata.users.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a database that adds a fixed delay to every client-to-server burst and counts those bursts. A
 * JDBC driver sends a request and waits for its answer, so each burst is one round trip: the count is the number of
 * database round trips, and the delay is added once per round trip (as a remote database's network would).
 */
final class LatencyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final long delayNanos;
    private final AtomicLong roundTrips = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    LatencyProxy(String targetHost, int targetPort, long delayMicros) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(delayMicros);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "latency-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return client-to-server bursts so far: the database round trips */
    long roundTrips() {
        return roundTrips.get();
    }

    void resetCount() {
        roundTrips.set(0);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort));
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (request) {
                        roundTrips.incrementAndGet();
                        if (delayNanos > 0) {
                            long until = System.nanoTime() + delayNanos;
                            long left;
                            while ((left = until - System.nanoTime()) > 0) {
                                TimeUnit.NANOSECONDS.sleep(Math.min(left, 1_000_000));
                            }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignore) {
                    // closed already
                }
            }
        }, "latency-proxy-" + (request ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
