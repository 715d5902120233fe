package io.github.camelkantata.users.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The {@code synchronous} path: Apache HttpClient 5's classic (blocking) client, on the calling thread. A caller that
 * waits for its call anyway (a {@code direct:} route driven by {@code ProducerTemplate.requestBody}, a timer, a
 * transacted route) then pays no thread hand-offs, and a 2xx body is parsed from the connection as it arrives instead
 * of being buffered whole.
 * <p>
 * The same guarantees as the async client: TLS with the JVM's trust store and hostname verification unless the user
 * supplies an {@code SSLContext}; no automatic retries, redirects, cookies or decompression (bodies are inflated here,
 * under {@code maxResponseBytes}); a declared {@code Content-Length} over the limit fails before the body is read; a
 * body that grows past it fails as soon as it does, and its connection is discarded, not drained. The bearer token
 * stays out of HttpClient's wire log: connections never bind the logging socket.
 */
final class BlockingClient implements Closeable {

    /**
     * How many body bytes are kept to excerpt a body that was parsed from the stream and turned out malformed: the
     * window {@link ErrorMapper} masks the token in before it cuts the excerpt.
     */
    static final int HEAD = ErrorMapper.EXCERPT_WINDOW;

    private final CloseableHttpClient client;
    private final long max;

    BlockingClient(ClientSettings settings, RequestConfig requestConfig) {
        this.max = settings.maxResponseBytes();
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                // JVM default trust store and hostname verification unless the user gave an SSLContext
                .setTlsSocketStrategy(settings.sslContext() != null ? new DefaultClientTlsStrategy(settings.sslContext())
                        : DefaultClientTlsStrategy.createSystemDefault())
                .setConnectionFactory(new QuietConnections())
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build());
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(requestConfig)
                .setUserAgent("camel-kantata-users")
                // as in the async client: retries are ours, and bodies are inflated here under the limit
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableContentCompression();
        if (settings.proxyHost() != null) {
            HttpHost proxy = new HttpHost(settings.proxyHost(), settings.proxyPort());
            builder.setProxy(proxy);
            if (settings.proxyUser() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                char[] password = settings.proxyPassword() == null ? new char[0] : settings.proxyPassword().toCharArray();
                credentials.setCredentials(new AuthScope(proxy), new UsernamePasswordCredentials(settings.proxyUser(), password));
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        // no idle-connection evictor thread: connections are validated after 2 s idle and live 5 minutes at most
        this.client = builder.build();
    }

    /**
     * Sends one request on the calling thread and completes {@code into} before returning. Cancelling {@code into}
     * from another thread (the deadline, a stop) aborts the exchange: the blocked thread returns at once.
     *
     * @param host    the target
     * @param uri     the base URI (scheme and authority are taken from it)
     * @param path    the full request path with query
     * @param request the request
     * @param token   the bearer token
     * @param reader  parses a 2xx body from the stream, or null to buffer it
     * @param into    completed with the response, or exceptionally when no usable response arrived
     */
    void send(HttpHost host, URI uri, String path, ApiRequest request, String token, BodyReader reader,
              CompletableFuture<ApiResponse> into) {
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), uri);
        http.setPath(path);
        http.setHeader(new HttpTransport.BearerHeader(token));
        http.setHeader("Accept", "application/json");
        http.setHeader("Accept-Encoding", "gzip, deflate");
        if (request.parts() != null) {
            http.setEntity(request.parts().entity());
        } else if (request.body() != null) {
            http.setEntity(new ByteArrayEntity(request.body(), ContentType.parse(request.contentType())));
        }
        into.whenComplete((r, e) -> {
            if (into.isCancelled()) {
                http.cancel(); // shuts the connection: the thread blocked on it returns
            }
        });
        if (into.isDone()) {
            return;
        }
        ClassicHttpResponse response = null;
        boolean reusable = false;
        try {
            response = client.executeOpen(host, http, null);
            ApiResponse result = read(response, reader);
            // a body read to its end leaves the connection in the pool; anything else discards it
            reusable = !(result.parsed() instanceof EnvelopeReader.MalformedException);
            into.complete(result);
        } catch (Exception | OutOfMemoryError e) {
            into.completeExceptionally(e);
        } finally {
            if (!reusable) {
                http.cancel();
            }
            if (response != null) {
                try {
                    response.close();
                } catch (IOException | RuntimeException ignored) {
                    // the connection was read to its end or discarded: nothing to release
                }
            }
        }
    }

    private ApiResponse read(ClassicHttpResponse response, BodyReader reader) throws IOException {
        int code = response.getCode();
        Map<String, String> headers = new HashMap<>();
        for (Header h : response.getHeaders()) {
            headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        String requestId = headers.get("x-request-id");
        String reason = response.getReasonPhrase() == null ? "" : response.getReasonPhrase();
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new ApiResponse(code, reason, headers, new byte[0], requestId);
        }
        String declared = headers.get("content-length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException notANumber) {
                length = -1;
            }
            if (length > max) {
                throw tooLarge(code, "declares Content-Length " + length);
            }
        }
        String e = headers.get("content-encoding");
        String encoding = e == null ? null : e.trim().toLowerCase(Locale.ROOT);
        InputStream raw = new Capped(entity.getContent(), max + HEAD, code, "arrives with more than", false);
        InputStream inflated = raw;
        if ("gzip".equals(encoding) || "x-gzip".equals(encoding)) {
            inflated = new java.util.zip.GZIPInputStream(raw, 8192);
            headers.remove("content-encoding"); // what is handed on is inflated
        } else if ("deflate".equals(encoding)) {
            inflated = new java.util.zip.InflaterInputStream(raw);
            headers.remove("content-encoding");
        }
        Capped body = new Capped(inflated, max, code, "inflates to more than", true);
        if (reader != null && code >= 200 && code < 300) {
            Object parsed;
            try {
                parsed = reader.read(body);
            } catch (EnvelopeReader.MalformedException m) {
                if (m.getCause() instanceof IOException io && !(io instanceof JsonProcessingException)) {
                    throw io; // the stream failed (a reset, the limit): not the body's fault
                }
                return new ApiResponse(code, reason, headers, body.head(), requestId, m);
            }
            body.drain();
            return new ApiResponse(code, reason, headers, new byte[0], requestId, parsed);
        }
        return new ApiResponse(code, reason, headers, body.readAll(), requestId);
    }

    private ResponseLimitException tooLarge(int code, String what) {
        return new ResponseLimitException(code, "the response body " + what + ", more than maxResponseBytes (" + max
                                                + "); the connection was discarded");
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * Counts what is read through it, fails past a limit, and keeps the first {@link #HEAD} bytes for excerpts (in an
     * array that grows with what was read: a single user's body of 1-2 KB keeps 1-2 KB).
     */
    private final class Capped extends InputStream {
        private final InputStream in;
        private final long limit;
        private final int code;
        private final String what;
        private final boolean keepHead;
        private byte[] head;
        private long count;

        Capped(InputStream in, long limit, int code, String what, boolean keepHead) {
            this.in = in;
            this.limit = limit;
            this.code = code;
            this.what = what;
            this.keepHead = keepHead;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (keepHead && count < HEAD) {
                    int take = (int) Math.min(n, HEAD - count);
                    int need = (int) count + take;
                    if (head == null || head.length < need) {
                        head = Arrays.copyOf(head == null ? new byte[0] : head, Math.min(HEAD, Math.max(need, 2 * (head == null ? 0 : head.length))));
                    }
                    System.arraycopy(b, off, head, (int) count, take);
                }
                count += n;
                if (count > limit) {
                    throw tooLarge(code, what + " " + (what.startsWith("inflates") ? max : limit) + " bytes");
                }
            }
            return n;
        }

        /** Reads to the end (under the limit), so that the connection can be reused. */
        void drain() throws IOException {
            byte[] skip = new byte[256]; // after the parser, what is left is a few bytes of whitespace, if anything
            while (read(skip, 0, skip.length) >= 0) {
                // discarded
            }
        }

        byte[] readAll() throws IOException {
            byte[] buf = new byte[8192];
            int n = 0;
            int r;
            while ((r = read(buf, n, buf.length - n)) >= 0) {
                n += r;
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length));
                }
            }
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }

        byte[] head() {
            return head == null ? new byte[0] : Arrays.copyOf(head, (int) Math.min(count, HEAD));
        }

        @Override
        public void close() {
            // the response is closed by send(): after a drain it returns the connection, otherwise it is discarded
        }
    }

    /** Connections that never bind HttpClient's wire-logging socket, which would print the Authorization header. */
    private static final class QuietConnections implements HttpConnectionFactory<ManagedHttpClientConnection> {
        @Override
        public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
            QuietConnection c = new QuietConnection();
            if (socket != null) {
                c.bind(socket);
            }
            return c;
        }
    }

    /**
     * What HttpClient's own {@code DefaultManagedHttpClientConnection} does, minus its wire log. That class cannot be
     * extended on every HttpClient line (it is package-private before 5.5), so this builds on HttpCore's public
     * {@link DefaultBHttpClientConnection}, which never logs.
     */
    private static final class QuietConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {
        private final AtomicBoolean closed = new AtomicBoolean();
        /** the timeout the connection was bound or last set with, restored when it leaves the pool */
        private volatile Timeout socketTimeout;

        QuietConnection() {
            super(Http1Config.DEFAULT);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            bind(new SocketHolder(socket));
        }

        @Override
        public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
            bind(new SocketHolder(sslSocket, socket));
        }

        @Override
        protected void bind(SocketHolder holder) throws IOException {
            if (closed.get()) {
                holder.getSocket().close();
                throw new InterruptedIOException("Connection already shutdown");
            }
            super.bind(holder);
            socketTimeout = Timeout.ofMilliseconds(holder.getSocket().getSoTimeout());
        }

        @Override
        public Socket getSocket() {
            SocketHolder holder = getSocketHolder();
            return holder == null ? null : holder.getSocket();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            super.setSocketTimeout(timeout);
            socketTimeout = timeout;
        }

        @Override
        public void passivate() {
            super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
        }

        @Override
        public void activate() {
            super.setSocketTimeout(socketTimeout);
        }

        @Override
        public void close() throws IOException {
            if (closed.compareAndSet(false, true)) {
                super.close();
            }
        }

        @Override
        public void close(CloseMode mode) {
            if (closed.compareAndSet(false, true)) {
                super.close(mode);
            }
        }
    }
}
