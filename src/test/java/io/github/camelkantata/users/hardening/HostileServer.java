package io.github.camelkantata.users.hardening;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 server on loopback whose every answer is written by hand, so that a test can send what no well-behaved
 * server would: a body of hundreds of megabytes, a gzip bomb, no answer at all, a page count that keeps growing. It
 * counts requests, connections and the bytes it managed to write, and closes everything on close().
 */
final class HostileServer implements AutoCloseable {

    /** One parsed request. */
    record Request(String method, String target, Map<String, String> headers, long bodyBytes) {
        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        String queryParam(String name) {
            for (String kv : query().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(name)) {
                    return java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** Writes the answer to one request; return false to close the connection after it. */
    @FunctionalInterface
    interface Handler {
        boolean handle(Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    final AtomicLong bytesWritten = new AtomicLong();
    /** request body bytes read, over all requests */
    volatile long bytesReceived;
    private volatile Handler handler;
    private volatile Request last;
    private volatile boolean closed;

    HostileServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    void handler(Handler h) {
        this.handler = h;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/api/v1";
    }

    int requests() {
        return requests.get();
    }

    /** @return the request read last */
    Request lastRequest() {
        return last;
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                connections.incrementAndGet();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new CountingOutput(s.getOutputStream());
            while (!closed) {
                Request r = read(in);
                if (r == null) {
                    return;
                }
                requests.incrementAndGet();
                last = r;
                synchronized (this) {
                    bytesReceived += r.bodyBytes();
                }
                if (!handler.handle(r, out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: that is what several tests provoke
        } finally {
            sockets.remove(s);
        }
    }

    private static Request read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        long skipped = 0;
        while (skipped < length) {
            long n = in.skip(length - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            skipped += n;
        }
        return new Request(parts[0], parts[1], headers, skipped);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Never answers: holds the connection until the test ends (or the client gives up). */
    static final Handler NEVER_ANSWERS = (r, out) -> {
        pause(600_000);
        return false;
    };

    /** Sleeps in a handler, keeping an interrupt (the server closing) visible. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a complete response with a body. */
    static void respond(OutputStream out, int status, String body, String... headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\nContent-Type: application/json\r\n")
                .append("Content-Length: ").append(b.length).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
    }

    /** A users envelope of the given ids, with paging meta. */
    static String envelope(int count, int pageCount, int pageNumber, String... ids) {
        StringBuilder results = new StringBuilder();
        StringBuilder users = new StringBuilder();
        for (String id : ids) {
            results.append(results.length() == 0 ? "" : ",").append("{\"key\":\"users\",\"id\":\"").append(id).append("\"}");
            users.append(users.length() == 0 ? "" : ",").append('"').append(id).append("\":{\"id\":\"").append(id)
                    .append("\",\"full_name\":\"User ").append(id).append("\",\"email_address\":\"u").append(id)
                    .append("@example.com\",\"updated_at\":\"2026-01-01T00:00:00Z\"}");
        }
        return "{\"count\":" + count + ",\"meta\":{\"count\":" + count + ",\"page_count\":" + pageCount + ",\"page_number\":"
               + pageNumber + ",\"page_size\":" + Math.max(1, ids.length) + "},\"results\":[" + results + "],\"users\":{"
               + users + "}}";
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        threads.shutdownNow();
    }

    private final class CountingOutput extends OutputStream {
        private final OutputStream out;

        CountingOutput(OutputStream out) {
            this.out = new java.io.BufferedOutputStream(out, 65536);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytesWritten.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytesWritten.addAndGet(len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
