package io.github.camelkantata.users.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.impl.bootstrap.AsyncServerBootstrap;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseProducer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.apache.hc.core5.util.TimeValue;

/**
 * The throughput bench server: HttpCore 5's own non-blocking server (its I/O reactor, no thread per request) answering
 * {@code GET /api/v1/users/{id}} with one user's envelope, taken once from the sandbox so that it is the same JSON the
 * component parses elsewhere, after a fixed latency scheduled on a timer (no thread sleeps). It runs in its own JVM.
 * The JDK {@code HttpServer} sandbox was the bottleneck at 256 in flight; this one has no per-request thread and does
 * no work beyond writing a cached body. Arguments: latency in ms. Prints {@code PORT <n>} and {@code TOKEN <t>}, then
 * waits for {@code quit} on stdin.
 */
public final class FastServer {

    private FastServer() {
    }

    public static void main(String[] args) throws Exception {
        long latencyMs = Long.parseLong(args[0]);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] body;
        String token;
        try (KantataSandbox sandbox = KantataSandbox.builder().users(10).start()) {
            token = sandbox.token();
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + sandbox.port() + "/api/v1/users/1")
                    .toURL().openConnection();
            c.setRequestProperty("Authorization", "Bearer " + token);
            try (InputStream in = c.getInputStream()) {
                body = in.readAllBytes();
            }
        }
        String expected = "Bearer " + token;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fast-server-timer");
            t.setDaemon(true);
            return t;
        });
        AsyncServerRequestHandler<org.apache.hc.core5.http.Message<HttpRequest, Void>> handler
                = new AsyncServerRequestHandler<>() {
                    @Override
                    public AsyncRequestConsumer<org.apache.hc.core5.http.Message<HttpRequest, Void>> prepare(
                            HttpRequest request, EntityDetails entityDetails, HttpContext context) {
                        return new BasicRequestConsumer<>(entityDetails == null ? null : new DiscardingEntityConsumer<>());
                    }

                    @Override
                    public void handle(
                            org.apache.hc.core5.http.Message<HttpRequest, Void> message, ResponseTrigger trigger,
                            HttpContext context)
                            throws HttpException, java.io.IOException {
                        Header auth = message.getHead().getFirstHeader("Authorization");
                        boolean ok = auth != null && expected.equals(auth.getValue());
                        Runnable respond = () -> {
                            try {
                                if (ok) {
                                    trigger.submitResponse(new BasicResponseProducer(
                                            new BasicHttpResponse(HttpStatus.SC_OK),
                                            AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON)), context);
                                } else {
                                    trigger.submitResponse(new BasicResponseProducer(
                                            new BasicHttpResponse(401),
                                            AsyncEntityProducers.create("{\"errors\":[{\"type\":\"unauthorized\"}]}",
                                                    ContentType.APPLICATION_JSON)),
                                            context);
                                }
                            } catch (HttpException | java.io.IOException e) {
                                // the client went away
                            }
                        };
                        if (latencyMs <= 0) {
                            respond.run();
                        } else {
                            timer.schedule(respond, latencyMs, TimeUnit.MILLISECONDS);
                        }
                    }
                };
        HttpAsyncServer server = AsyncServerBootstrap.bootstrap()
                .setCanonicalHostName("127.0.0.1") // requests go to 127.0.0.1; the default name (localhost) answers 421
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).setTcpNoDelay(true)
                        .setSoReuseAddress(true).setBacklogSize(1024).build())
                .register("*", handler)
                .create();
        server.start();
        ListenerEndpoint endpoint = server.listen(new java.net.InetSocketAddress("127.0.0.1", 0),
                org.apache.hc.core5.http.URIScheme.HTTP).get();
        int port = ((java.net.InetSocketAddress) endpoint.getAddress()).getPort();
        System.out.println("PORT " + port);
        System.out.println("TOKEN " + token);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("quit")) {
            // only quit is understood
        }
        server.close(CloseMode.IMMEDIATE);
        server.awaitShutdown(TimeValue.ofSeconds(2));
        System.exit(0);
    }
}
