package io.github.camelkantata.users.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelkantata.users.sandbox.SandboxHttp.get;
import static io.github.camelkantata.users.sandbox.SandboxHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault injection, latency and request ids. */
class KantataSandboxFaultsTest {

    KantataSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = KantataSandbox.builder().users(50).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void statusFaultsApplyToTheNextRequestsInOrder() {
        sandbox.faults().status(503, 2);
        sandbox.faults().status(429, 1, Map.of("Retry-After", "3600", "Content-Type", "text/html"),
                "<html>slow down</html>");
        HttpResponse<String> a = get(sandbox, "/users");
        assertEquals(503, a.statusCode());
        assertEquals("system", json(a).get("errors").get(0).get("type").asText());
        assertEquals(503, get(sandbox, "/users/me").statusCode());
        HttpResponse<String> c = get(sandbox, "/users");
        assertEquals(429, c.statusCode());
        assertEquals("3600", c.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("text/html", c.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("<html>slow down</html>", c.body());
        assertEquals(200, get(sandbox, "/users").statusCode());
        assertEquals(4, sandbox.requests().size(), "faulted requests are recorded too");
    }

    @Test
    void truncatedJsonIsHalfTheBody() {
        String full = get(sandbox, "/users").body();
        sandbox.faults().truncatedJson(1);
        HttpResponse<String> r = get(sandbox, "/users");
        assertEquals(200, r.statusCode());
        assertEquals(full.substring(0, full.length() / 2), r.body());
        assertThrows(IOException.class, () -> new ObjectMapper().readTree(r.body()));
        assertEquals(full, get(sandbox, "/users").body());
    }

    @Test
    void emptyResponseClosesTheConnection() {
        // Several, because a client may retry an idempotent request once on a dropped connection.
        sandbox.faults().emptyResponse(3);
        HttpClient fresh = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/users"))
                .header("Authorization", "Bearer " + sandbox.token()).build();
        assertThrows(IOException.class, () -> fresh.send(request, HttpResponse.BodyHandlers.ofString()));
        sandbox.faults().clear();
        assertEquals(200, get(sandbox, "/users").statusCode());
    }

    @Test
    void delayHoldsTheResponse() {
        sandbox.faults().delay(Duration.ofMillis(400), 1);
        long t0 = System.nanoTime();
        assertEquals(200, get(sandbox, "/users").statusCode());
        assertTrue(System.nanoTime() - t0 >= 400_000_000L);
        long t1 = System.nanoTime();
        assertEquals(200, get(sandbox, "/users").statusCode());
        assertTrue(System.nanoTime() - t1 < 400_000_000L);
    }

    @Test
    void latencyDoesNotSerializeRequests() throws Exception {
        try (KantataSandbox slow = KantataSandbox.builder().users(20).latency(Duration.ofMillis(300)).start()) {
            HttpClient client = HttpClient.newHttpClient();
            long t0 = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(client.sendAsync(HttpRequest.newBuilder(URI.create(slow.baseUrl() + "/users/me"))
                        .header("Authorization", "Bearer " + slow.token()).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> f : all) {
                assertEquals(200, f.get().statusCode());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 3000, "took " + ms + " ms");
        }
    }

    @Test
    void everyResponseHasAUniqueRequestId() {
        String a = get(sandbox, "/users").headers().firstValue("x-request-id").orElseThrow();
        sandbox.faults().status(500, 1);
        String b = get(sandbox, "/users").headers().firstValue("x-request-id").orElseThrow();
        String c = get(sandbox, "/nowhere").headers().firstValue("x-request-id").orElseThrow();
        assertNotEquals(a, b);
        assertNotEquals(b, c);
    }
}
