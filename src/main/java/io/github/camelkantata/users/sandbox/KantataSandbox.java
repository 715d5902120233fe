package io.github.camelkantata.users.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process fake of the Kantata OX Users API (the seven {@code /api/v1/users} operations) for tests, served over
 * real HTTP on 127.0.0.1.
 *
 * <p>
 * Responses are computed from a generated, mutable data set ({@link #data()}); faults can be injected
 * ({@link #faults()}) and every request is recorded ({@link #requests()}).
 *
 * <pre>{@code
 * try (KantataSandbox sandbox = KantataSandbox.start()) {
 *     String url = sandbox.baseUrl();     // http://127.0.0.1:<port>/api/v1
 *     String token = sandbox.token();     // send as "Authorization: Bearer <token>"
 * }
 * }</pre>
 */
public final class KantataSandbox implements AutoCloseable {

    /** The admin token used unless {@link Builder#token(String)} sets another. */
    public static final String DEFAULT_TOKEN = "sandbox-token";

    /** The token of user {@code "2"}, a non-admin account member. */
    public static final String COLLABORATOR_TOKEN = "sandbox-collaborator-token";

    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String token;
    private final Duration latency;
    private final SandboxData data;
    private final SandboxFaults faults = new SandboxFaults();
    private final UsersApi api;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final AtomicLong requestCounter = new AtomicLong();
    private volatile java.util.function.Consumer<RecordedRequest> beforeAnswer;

    private KantataSandbox(Builder b) throws IOException {
        this.token = b.token;
        this.latency = b.latency;
        this.data = new SandboxData(b.users, b.seed);
        this.api = new UsersApi(data);
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            // Without it the JDK server's split header/body writes meet the client's delayed ACK and
            // every response takes ~40 ms. It is read when the server class loads, so set it first.
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 128);
        // Latency and delay faults sleep in the handler thread, so many threads keep slow responses
        // from holding up the others.
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(512, 512, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "kantata-sandbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        if (b.admin) {
            server.createContext(SandboxAdmin.PREFIX, new SandboxAdmin(data, faults)::handle);
        }
        server.start();
    }

    /**
     * Starts a sandbox on a free port of 127.0.0.1 with 250 users, seed 0 and {@link #DEFAULT_TOKEN}.
     *
     * @return the running sandbox
     */
    public static KantataSandbox start() {
        return builder().start();
    }

    /** @return a builder for a sandbox with non-default settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the API base URL, {@code http://127.0.0.1:<port>/api/v1}, without a trailing slash */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/api/v1";
    }

    /** @return the port the sandbox listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the admin token (owner: user {@code "1"}, the account administrator) */
    public String token() {
        return token;
    }

    /** @return the token of user {@code "2"}, a non-admin account member */
    public String collaboratorToken() {
        return COLLABORATOR_TOKEN;
    }

    /** @return every request received so far, in arrival order (a snapshot) */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /** @return the data set, to inspect or change in tests */
    public SandboxData data() {
        return data;
    }

    /**
     * Runs code for every request after it is recorded and before it is answered, on the request's thread: a test
     * changes the data between two page fetches this way (pages that shift during a walk, a route suspended while a
     * page is in flight). Example: {@code sandbox.beforeAnswer(r -> { if ("2".equals(r.queryParam("page")))
     * sandbox.data().update("7", Map.of("full_name", "Zed")); })}.
     *
     * @param hook the code to run, or {@code null} for none
     */
    public void beforeAnswer(java.util.function.Consumer<RecordedRequest> hook) {
        beforeAnswer = hook;
    }

    /** @return the fault queue */
    public SandboxFaults faults() {
        return faults;
    }

    /** Stops the server at once; requests in flight are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Runs a sandbox until the process is killed.
     *
     * @param  args                 optional port (default 8089)
     * @throws InterruptedException never in practice; the main thread waits forever
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        KantataSandbox sandbox = builder().port(port).admin(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("Kantata sandbox running");
        System.out.println("baseUrl: " + sandbox.baseUrl());
        System.out.println("token: " + sandbox.token());
        System.out.println("collaboratorToken: " + sandbox.collaboratorToken());
        System.out.println("admin: http://127.0.0.1:" + sandbox.port() + SandboxAdmin.PREFIX + " (docs/SANDBOX.md)");
        Thread.currentThread().join();
    }

    // ------------------------------------------------------------------ request handling

    private void handle(HttpExchange ex) {
        try {
            String requestId = "sbx-" + requestCounter.incrementAndGet();
            byte[] body = readBody(ex.getRequestBody());
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            String rawQuery = uri.getRawQuery();
            Map<String, List<String>> query = parseQuery(rawQuery);
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            RecordedRequest recorded = new RecordedRequest(method, path, rawQuery, query, ex.getRequestHeaders(), body);
            synchronized (requests) {
                requests.add(recorded);
            }
            java.util.function.Consumer<RecordedRequest> hook = beforeAnswer;
            if (hook != null) {
                hook.accept(recorded);
            }
            SandboxFaults.Fault fault = faults.next();
            sleep(latency);
            if (fault != null && fault.kind == SandboxFaults.Kind.EMPTY) {
                // Closing before sendResponseHeaders makes the JDK server drop the connection.
                return;
            }
            if (fault != null && fault.kind == SandboxFaults.Kind.DELAY) {
                sleep(fault.delay);
            }
            ex.getResponseHeaders().set("x-request-id", requestId);
            if (fault != null && fault.kind == SandboxFaults.Kind.STATUS) {
                if (fault.body == null) {
                    send(ex, fault.status, UsersApi.errorBody(List.of(new ApiException.Error(
                            "system",
                            "Sandbox fault: HTTP " + fault.status, null))), Map.of());
                } else {
                    send(ex, fault.status, fault.body.getBytes(StandardCharsets.UTF_8), fault.headers);
                }
                return;
            }
            UsersApi.Response r = respond(ex, method, path, query, body);
            if (fault != null && fault.kind == SandboxFaults.Kind.TRUNCATED) {
                byte[] full = r.body() == null ? new byte[0] : r.body();
                send(ex, 200, Arrays.copyOf(full, full.length / 2), Map.of());
                return;
            }
            send(ex, r.status(), r.body(), r.headers());
        } catch (IOException | RuntimeException e) {
            // The client went away or the exchange broke; nothing more can be sent.
        } finally {
            ex.close();
        }
    }

    private UsersApi.Response respond(
            HttpExchange ex, String method, String path, Map<String, List<String>> query,
            byte[] body) {
        try {
            UsersApi.Caller caller = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
            if (caller == null) {
                return new UsersApi.Response(
                        401, UsersApi.errorBody(List.of(
                                new ApiException.Error("oauth", "Invalid OAuth 2 Request", null))));
            }
            return api.handle(method, path, query, ex.getRequestHeaders().getFirst("Content-Type"), body, caller);
        } catch (ApiException e) {
            return new UsersApi.Response(e.status, UsersApi.errorBody(e.errors));
        } catch (UsersApi.MethodNotAllowed e) {
            return new UsersApi.Response(
                    405, UsersApi.errorBody(List.of(new ApiException.Error(
                            "system",
                            "Method " + method + " is not allowed here; allowed: " + e.allow, null))),
                    Map.of("Allow", e.allow));
        } catch (RuntimeException e) {
            return new UsersApi.Response(
                    500, UsersApi.errorBody(List.of(new ApiException.Error(
                            "system",
                            "Sandbox internal error: " + e, null))));
        }
    }

    private UsersApi.Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String presented = authorization.substring(7).trim();
        String ownerId;
        if (presented.equals(token)) {
            ownerId = SandboxData.ADMIN_ID;
        } else if (presented.equals(COLLABORATOR_TOKEN)) {
            ownerId = SandboxData.COLLABORATOR_ID;
        } else {
            return null;
        }
        SandboxUser owner = data.user(ownerId);
        // A removed owner has no account any more, like a revoked token.
        return owner == null ? null : new UsersApi.Caller(owner, ownerId.equals(SandboxData.ADMIN_ID));
    }

    private static void send(HttpExchange ex, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        boolean hasContentType = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            ex.getResponseHeaders().set(h.getKey(), h.getValue());
            hasContentType |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        if (body == null || status == 204 || status == 304) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (!hasContentType) {
            ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] all = in.readNBytes(MAX_BODY_BYTES);
        // Drain an oversized body so the connection stays usable; the excess is not needed, since
        // anything that large is rejected anyway (photos are capped at 10 MB).
        in.transferTo(OutputStream.nullOutputStream());
        return all;
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Collections.unmodifiableMap(out);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void sleep(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings for a sandbox; every setting has a default, so {@code builder().start()} works. */
    public static final class Builder {
        private int users = 250;
        private int port;
        private String token = DEFAULT_TOKEN;
        private Duration latency = Duration.ZERO;
        private long seed;
        private boolean admin;

        private Builder() {
        }

        /**
         * @param  on true to serve the test API over HTTP under {@code /sandbox/} (change, disable, remove users; queue
         *            faults), as the standalone sandbox does; off by default
         * @return    this
         */
        public Builder admin(boolean on) {
            this.admin = on;
            return this;
        }

        /**
         * @param  count number of generated users (at least 2); 100,000 is fine
         * @return       this
         */
        public Builder users(int count) {
            this.users = count;
            return this;
        }

        /**
         * @param  port port on 127.0.0.1; 0 (the default) picks a free one
         * @return      this
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param  token the admin token
         * @return       this
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /**
         * @param  perResponse delay added to every response; other requests are not blocked meanwhile
         * @return             this
         */
        public Builder latency(Duration perResponse) {
            this.latency = perResponse == null ? Duration.ZERO : perResponse;
            return this;
        }

        /**
         * @param  seed seed for the generated data; the same seed and user count give identical data
         * @return      this
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Starts the server.
         *
         * @return                              the running sandbox
         * @throws java.io.UncheckedIOException if the port cannot be bound
         */
        public KantataSandbox start() {
            try {
                return new KantataSandbox(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
