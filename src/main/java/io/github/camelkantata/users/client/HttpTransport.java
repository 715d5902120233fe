package io.github.camelkantata.users.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer: one pooled, keep-alive Apache HttpClient 5 async client. Nothing here blocks a thread on I/O.
 * <p>
 * Completion is handed to the given executor, so a slow or blocking route can never stall the reactor that serves every
 * other in-flight request. (The component's {@code completeOnIoThread} option passes a direct executor instead: one
 * hand-off less per call, for routes known never to block.)
 * <p>
 * The token is kept out of HttpClient's own logging: the {@code Authorization} header masks itself in
 * {@code toString()} (which the {@code org.apache.hc.client5.http.headers} logger uses), the I/O session is not
 * decorated with the wire logger, and HTTP/2 (whose frame logger dumps header blocks) is not negotiated.
 */
public final class HttpTransport implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    private final ClientSettings settings;
    private final Executor completionExecutor;
    private final RequestConfig requestConfig;
    private final long maxResponseBytes;
    private volatile CloseableHttpAsyncClient client;
    /** the classic client of the {@code synchronous} path, built on first use */
    private volatile BlockingClient blocking;
    private volatile boolean closed;
    private int replaced;

    /**
     * Builds and starts the client.
     *
     * @param settings           timeouts, TLS, proxy, pool size and the response size limit
     * @param completionExecutor where response handling runs
     */
    public HttpTransport(ClientSettings settings, Executor completionExecutor) {
        this.settings = settings;
        this.completionExecutor = completionExecutor;
        this.maxResponseBytes = settings.maxResponseBytes();
        this.requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.responseTimeout()))
                .build();
        this.client = build();
    }

    private CloseableHttpAsyncClient build() {
        ClientTlsStrategyBuilder tls = ClientTlsStrategyBuilder.create();
        if (settings.sslContext() != null) {
            tls.setSslContext(settings.sslContext());
        } else {
            // JVM default trust store and hostname verification: TLS verification is never switched off here.
            tls.useSystemProperties();
        }
        PoolingAsyncClientConnectionManagerBuilder pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(tls.build())
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(connectionConfig(settings));
        HttpAsyncClientBuilder builder = HttpAsyncClients.custom()
                .setConnectionManager(pool.build())
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                        .setTcpNoDelay(true)
                        .setSoKeepAlive(true)
                        .build())
                // identity decorator: replaces the wire-logging session, which would print the bearer token
                .setIoSessionDecorator(ioSession -> ioSession)
                .setDefaultRequestConfig(requestConfig)
                .setUserAgent("camel-kantata-users")
                // retries are ours (RetryPolicy), with limits and logging HttpClient does not have
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .evictIdleConnections(TimeValue.ofSeconds(60));
        disableClientDecompression(builder);
        HttpHost proxy = proxy(settings);
        if (proxy != null) {
            builder.setProxy(proxy);
            BasicCredentialsProvider credentials = proxyCredentials(settings, proxy);
            if (credentials != null) {
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        CloseableHttpAsyncClient c = builder.build();
        c.start();
        return c;
    }

    /** The pooled connections' settings, the same for the async and the classic client. */
    static ConnectionConfig connectionConfig(ClientSettings settings) {
        return ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build();
    }

    /** @return the configured HTTP proxy, or null */
    static HttpHost proxy(ClientSettings settings) {
        return settings.proxyHost() == null ? null : new HttpHost(settings.proxyHost(), settings.proxyPort());
    }

    /** @return the proxy's Basic credentials, or null when no proxy user is configured */
    static BasicCredentialsProvider proxyCredentials(ClientSettings settings, HttpHost proxy) {
        if (settings.proxyUser() == null) {
            return null;
        }
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        char[] password = settings.proxyPassword() == null ? new char[0] : settings.proxyPassword().toCharArray();
        credentials.setCredentials(new AuthScope(proxy), new UsernamePasswordCredentials(settings.proxyUser(), password));
        return credentials;
    }

    /**
     * HttpClient 5.6+ inflates bodies itself, without a size limit; {@link CappedResponseConsumer} does it under
     * maxResponseBytes on every HttpClient line. 5.4 and 5.5 (under Camel 4.14 and 4.18) have no such step and no such
     * method, so it is looked up rather than called, and the code compiles and runs against all three.
     */
    private static void disableClientDecompression(HttpAsyncClientBuilder builder) {
        try {
            HttpAsyncClientBuilder.class.getMethod("disableContentCompression").invoke(builder);
        } catch (NoSuchMethodException olderHttpClient) {
            // nothing to disable: the async client of this line never decompresses
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot configure HttpClient's decompression", e);
        }
    }

    /**
     * The running client. An I/O reactor that died (an {@link Error} on one of its threads shuts the whole client down,
     * and every later request would fail) is noticed here and replaced, so one bad response cannot break the component
     * for good.
     */
    private CloseableHttpAsyncClient client() {
        CloseableHttpAsyncClient c = client;
        if (!isDead(c) || closed) {
            return c;
        }
        synchronized (this) {
            c = client;
            if (isDead(c) && !closed) {
                LOG.warn("kantata-users: the HTTP client's I/O reactor is {}; replacing the client", c.getStatus());
                c.close(CloseMode.IMMEDIATE);
                c = build();
                client = c;
                replaced++;
            }
            return c;
        }
    }

    /** A client just started may still be INACTIVE: only one that shut down (or is shutting down) is dead. */
    private static boolean isDead(CloseableHttpAsyncClient c) {
        IOReactorStatus s = c.getStatus();
        return s == IOReactorStatus.SHUTTING_DOWN || s == IOReactorStatus.SHUT_DOWN;
    }

    /** @return how many times a dead client was replaced */
    public synchronized int replacedClients() {
        return replaced;
    }

    /** @return the largest response body accepted, in bytes after decompression */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * Sends one request.
     *
     * @param  baseUrl the API base URL, without trailing slash
     * @param  request the request
     * @param  token   the bearer token for this attempt
     * @return         the response, whatever its status; completes exceptionally only when no usable response arrived
     *                 ({@link ResponseLimitException} for a body over {@code maxResponseBytes}). Cancelling it aborts
     *                 the exchange.
     */
    public CompletableFuture<ApiResponse> send(String baseUrl, ApiRequest request, String token) {
        // the base URL is parsed once: parsing a java.net.URI per request showed in the profile of a get
        Base base = bases.computeIfAbsent(baseUrl, Base::of);
        String path = base.pathPrefix + request.path()
                      + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
        BasicHttpRequest http = new BasicHttpRequest(request.method(), base.host, path);
        http.setHeader(new BearerHeader(token));
        http.setHeader("Accept", "application/json");
        // pages of users compress about tenfold; inflated by CappedResponseConsumer, under maxResponseBytes
        http.setHeader("Accept-Encoding", "gzip, deflate");
        AsyncEntityProducer entity = null;
        if (request.parts() != null) {
            entity = request.parts().producer();
        } else if (request.body() != null) {
            entity = AsyncEntityProducers.create(request.body(), ContentType.parse(request.contentType()));
        }
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        Future<ApiResponse> inFlight = client().execute(new BasicRequestProducer(http, entity),
                new CappedResponseConsumer(maxResponseBytes), null,
                new FutureCallback<>() {
                    @Override
                    public void completed(ApiResponse response) {
                        handOff(() -> result.complete(response));
                    }

                    @Override
                    public void failed(Exception ex) {
                        handOff(() -> result.completeExceptionally(ex));
                    }

                    @Override
                    public void cancelled() {
                        handOff(() -> result.cancel(false));
                    }
                });
        // a caller that gives up (deadline, stop) frees the connection instead of leaving it to the response timeout
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                inFlight.cancel(true);
            }
        });
        return result;
    }

    /**
     * Sends one request on the calling thread with the classic (blocking) client, and returns when {@code into} is
     * complete: the {@code synchronous} path. Cancelling {@code into} from another thread aborts the exchange.
     *
     * @param baseUrl the API base URL, without trailing slash
     * @param request the request
     * @param token   the bearer token for this attempt
     * @param reader  parses a 2xx body straight from the connection, or null to buffer it
     * @param into    completed with the response, whatever its status, or exceptionally when no usable response arrived
     *                ({@link ResponseLimitException} for a body over {@code maxResponseBytes})
     */
    public void sendBlocking(
            String baseUrl, ApiRequest request, String token, BodyReader reader,
            CompletableFuture<ApiResponse> into) {
        BlockingClient c = blockingClient();
        if (c == null) {
            into.completeExceptionally(new IOException("the HTTP client is closed"));
            return;
        }
        Base base = bases.computeIfAbsent(baseUrl, Base::of);
        String path = base.pathPrefix + request.path()
                      + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
        c.send(base.host, base.uri, path, request, token, reader, into);
    }

    /** The classic client, built on first use so that routes that never ask for it pay nothing. */
    private BlockingClient blockingClient() {
        BlockingClient c = blocking;
        if (c != null || closed) {
            return closed ? null : c;
        }
        synchronized (this) {
            if (blocking == null && !closed) {
                blocking = new BlockingClient(settings, requestConfig);
            }
            return blocking;
        }
    }

    /** A base URL, parsed: its scheme, host and port, and the path every request path is appended to. */
    private record Base(HttpHost host, URI uri, String pathPrefix) {
        static Base of(String baseUrl) {
            URI u = URI.create(baseUrl);
            String prefix = u.getRawPath() == null ? "" : u.getRawPath();
            return new Base(HttpHost.create(u), u, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
    }

    private final Map<String, Base> bases = new java.util.concurrent.ConcurrentHashMap<>();

    /** Completion leaves the I/O thread; if the executor is gone (stopping), it runs here, so it still happens. */
    private void handOff(Runnable task) {
        try {
            completionExecutor.execute(task);
        } catch (RejectedExecutionException stopping) {
            task.run();
        }
    }

    @Override
    public void close() {
        BlockingClient b;
        synchronized (this) {
            closed = true;
            b = blocking;
        }
        client.close(CloseMode.GRACEFUL);
        if (b != null) {
            b.close();
        }
    }

    /**
     * Reads a response body into one array, refusing to go past {@code maxResponseBytes}. A declared
     * {@code Content-Length} over the limit fails before any body byte is read; a body that grows past it (chunked,
     * endless) fails as soon as it does. Either way the exchange ends and its connection is discarded, not drained. A
     * compressed error body ({@code Content-Encoding: gzip} or {@code deflate}) is inflated here, under the same limit,
     * so a small compressed bomb is stopped at the limit too. A compressed 2xx body is handed on compressed, with its
     * {@code content-encoding} header, and inflated under the limit by whoever parses it.
     */
    static final class CappedResponseConsumer extends AbstractBinResponseConsumer<ApiResponse> {
        private final long max;
        private HttpResponse response;
        private byte[] buf = new byte[0];
        private int len;
        private String encoding;

        CappedResponseConsumer(long max) {
            this.max = max;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) throws IOException {
            this.response = response;
            Header ce = response.getFirstHeader("Content-Encoding");
            String e = ce == null ? null : ce.getValue().trim().toLowerCase(Locale.ROOT);
            encoding = "gzip".equals(e) || "x-gzip".equals(e) || "deflate".equals(e) ? e : null;
            Header cl = response.getFirstHeader("Content-Length");
            if (cl != null) {
                long declared;
                try {
                    declared = Long.parseLong(cl.getValue().trim());
                } catch (NumberFormatException notANumber) {
                    declared = -1;
                }
                if (declared > max) {
                    throw tooLarge("declares Content-Length " + declared);
                }
                if (declared > 0) {
                    buf = allocate((int) declared);
                }
            }
        }

        private boolean success() {
            return response != null && response.getCode() >= 200 && response.getCode() < 300;
        }

        private ResponseLimitException tooLarge(String what) {
            return new ResponseLimitException(
                    response == null ? 0 : response.getCode(),
                    "the response body " + what + ", more than maxResponseBytes (" + max + "); the connection was "
                                                               + "discarded");
        }

        private static byte[] allocate(int n) throws IOException {
            try {
                return new byte[n];
            } catch (OutOfMemoryError e) {
                // an Error here would kill the I/O reactor; as an IOException it ends only this exchange
                throw new IOException("not enough memory to buffer a response body of " + n + " bytes", e);
            }
        }

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            int n = src.remaining();
            if (n > 0) {
                if ((long) len + n > max) {
                    throw tooLarge("exceeds " + max + " bytes");
                }
                if (len + n > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(max, Math.max(len + n, Math.max(8192, 2L * buf.length))));
                }
                src.get(buf, len, n);
                len += n;
            }
            if (endOfStream && encoding != null && !success()) {
                // an error body is small and is excerpted as text; a 2xx body stays compressed and is inflated by its
                // reader on a worker while it parses (KantataUsersClient.read): no inflated copy, no inflating on the
                // I/O thread
                inflate();
            }
        }

        /** Inflates what was read, stopping at the limit. */
        private void inflate() throws IOException {
            buf = CappedInputStream.inflated(new java.io.ByteArrayInputStream(buf, 0, len), encoding, max,
                    response.getCode(), false).readAll();
            len = buf.length;
        }

        @Override
        protected ApiResponse buildResult() {
            Map<String, String> headers = new HashMap<>();
            for (Header h : response.getHeaders()) {
                headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            if (encoding != null && !success()) {
                headers.remove("content-encoding"); // the body handed on is the inflated one
            }
            byte[] body = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
            return new ApiResponse(
                    response.getCode(), response.getReasonPhrase() == null ? "" : response.getReasonPhrase(),
                    headers, body, headers.get("x-request-id"));
        }

        @Override
        public void releaseResources() {
            buf = new byte[0];
        }
    }

    /** An Authorization header that never prints its value. */
    static final class BearerHeader extends BasicHeader {
        private static final long serialVersionUID = 1L;

        BearerHeader(String token) {
            super("Authorization", "Bearer " + token, true);
        }

        @Override
        public String toString() {
            return "Authorization: Bearer ****";
        }
    }
}
