package io.github.camelkantata.users.client;

import java.io.Closeable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
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
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP layer: one pooled, keep-alive Apache HttpClient 5 async client. Nothing here blocks a thread on I/O.
 * <p>
 * Completion is handed to the given executor, never run on the I/O reactor, so a slow or blocking route can
 * never stall the reactor that serves every other in-flight request.
 * <p>
 * The token is kept out of HttpClient's own logging: the {@code Authorization} header masks itself in
 * {@code toString()} (which the {@code org.apache.hc.client5.http.headers} logger uses), the I/O session is not
 * decorated with the wire logger, and HTTP/2 (whose frame logger dumps header blocks) is not negotiated.
 */
public final class HttpTransport implements Closeable {

    private final CloseableHttpAsyncClient client;
    private final Executor completionExecutor;
    private final RequestConfig requestConfig;

    /**
     * Builds and starts the client.
     *
     * @param settings           timeouts, TLS, proxy and pool size
     * @param completionExecutor where response handling runs
     */
    public HttpTransport(ClientSettings settings, Executor completionExecutor) {
        this.completionExecutor = completionExecutor;
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
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build());
        this.requestConfig = RequestConfig.custom()
                .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.responseTimeout()))
                .build();
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
        this.client = builder.build();
        this.client.start();
    }

    /**
     * Sends one request.
     *
     * @param  baseUrl the API base URL, without trailing slash
     * @param  request the request
     * @param  token   the bearer token for this attempt
     * @return         the response, whatever its status; completes exceptionally only when no response arrived
     */
    public CompletableFuture<ApiResponse> send(String baseUrl, ApiRequest request, String token) {
        String uri = baseUrl + request.path() + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
        SimpleHttpRequest http = SimpleHttpRequest.create(request.method(), uri);
        http.setHeader(new BearerHeader(token));
        http.setHeader("Accept", "application/json");
        if (request.body() != null) {
            http.setBody(request.body(), ContentType.parse(request.contentType()));
        }
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        java.util.concurrent.Future<SimpleHttpResponse> inFlight = client.execute(
                SimpleRequestProducer.create(http), SimpleResponseConsumer.create(), null,
                new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        completionExecutor.execute(() -> result.complete(toApiResponse(response)));
                    }

                    @Override
                    public void failed(Exception ex) {
                        completionExecutor.execute(() -> result.completeExceptionally(ex));
                    }

                    @Override
                    public void cancelled() {
                        completionExecutor.execute(() -> result.cancel(false));
                    }
                });
        // a caller that gives up (deadline) frees the connection instead of leaving it to the response timeout
        result.whenComplete((r, e) -> {
            if (result.isCancelled() || e instanceof java.util.concurrent.TimeoutException) {
                inFlight.cancel(true);
            }
        });
        return result;
    }

    private static ApiResponse toApiResponse(SimpleHttpResponse response) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : response.getHeaders()) {
            headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        byte[] body = response.getBodyBytes();
        return new ApiResponse(response.getCode(), response.getReasonPhrase() == null ? "" : response.getReasonPhrase(),
                headers, body == null ? new byte[0] : body, headers.get("x-request-id"));
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
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
