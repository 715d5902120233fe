package io.github.camelkantata.users.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
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

    private final CloseableHttpClient client;
    private final long max;

    BlockingClient(ClientSettings settings, RequestConfig requestConfig) {
        this.max = settings.maxResponseBytes();
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                // JVM default trust store and hostname verification unless the user gave an SSLContext
                .setTlsSocketStrategy(settings.sslContext() != null
                        ? new DefaultClientTlsStrategy(settings.sslContext())
                        : DefaultClientTlsStrategy.createSystemDefault())
                .setConnectionFactory(new QuietConnections())
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnections())
                .setDefaultConnectionConfig(HttpTransport.connectionConfig(settings));
        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(pool.build())
                .setDefaultRequestConfig(requestConfig)
                .setUserAgent("camel-kantata-users")
                // as in the async client: retries are ours, and bodies are inflated here under the limit
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableContentCompression();
        HttpHost proxy = HttpTransport.proxy(settings);
        if (proxy != null) {
            builder.setProxy(proxy);
            BasicCredentialsProvider credentials = HttpTransport.proxyCredentials(settings, proxy);
            if (credentials != null) {
                builder.setDefaultCredentialsProvider(credentials);
            }
        }
        // no idle-connection evictor thread: connections are validated after 2 s idle and live 5 minutes at most
        this.client = builder.build();
    }

    /**
     * Sends one request on the calling thread and completes {@code into} before returning. Cancelling {@code into} from
     * another thread (the deadline, a stop) aborts the exchange: the blocked thread returns at once.
     *
     * @param host    the target
     * @param uri     the base URI (scheme and authority are taken from it)
     * @param path    the full request path with query
     * @param request the request
     * @param token   the bearer token
     * @param reader  parses a 2xx body from the stream, or null to buffer it
     * @param into    completed with the response, or exceptionally when no usable response arrived
     */
    void send(
            HttpHost host, URI uri, String path, ApiRequest request, String token, BodyReader reader,
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
        InputStream raw = entity.getContent();
        boolean success = code >= 200 && code < 300;
        CappedInputStream body;
        if (CappedInputStream.isCompressed(encoding)) {
            headers.remove("content-encoding"); // what is handed on is inflated
            try {
                // the compressed bytes are capped too: an endless run of empty gzip members inflates to nothing
                body = CappedInputStream.inflated(new CappedInputStream(raw, max, code, "arrives with more than", false),
                        encoding, max, code, true);
            } catch (java.util.zip.ZipException notGzip) {
                return corrupt(code, reason, headers, requestId, new byte[0], encoding, notGzip, success && reader != null);
            }
        } else {
            body = new CappedInputStream(raw, max, code, "arrives with more than", true);
        }
        if (reader != null && success) {
            Object parsed;
            try {
                parsed = reader.read(body);
            } catch (EnvelopeReader.MalformedException m) {
                if (m.getCause() instanceof java.util.zip.ZipException z) {
                    return corrupt(code, reason, headers, requestId, body.head(), encoding, z, true);
                }
                if (m.getCause() instanceof IOException io && !(io instanceof JsonProcessingException)) {
                    throw io; // the stream failed (a reset, the limit): not the body's fault
                }
                return new ApiResponse(code, reason, headers, body.head(), requestId, m);
            }
            body.drain();
            return new ApiResponse(code, reason, headers, new byte[0], requestId, parsed);
        }
        try {
            return new ApiResponse(code, reason, headers, body.readAll(), requestId);
        } catch (java.util.zip.ZipException z) {
            return corrupt(code, reason, headers, requestId, body.head(), encoding, z, false);
        }
    }

    /**
     * A body whose compressed bytes do not inflate is the body's fault, not the connection's: a 2xx is malformed (and
     * is not retried as a broken connection would be); an error status keeps what could be inflated as its excerpt.
     */
    private static ApiResponse corrupt(
            int code, String reason, Map<String, String> headers, String requestId, byte[] head,
            String encoding, java.util.zip.ZipException cause, boolean parsed) {
        if (!parsed) {
            return new ApiResponse(code, reason, headers, head, requestId);
        }
        return new ApiResponse(
                code, reason, headers, head, requestId, new EnvelopeReader.MalformedException(
                        "the " + encoding + " body cannot be inflated (" + cause.getClass().getSimpleName() + ")", cause));
    }

    private ResponseLimitException tooLarge(int code, String what) {
        return CappedInputStream.tooLarge(code, what, max);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
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
