package io.github.camelkantata.users;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producer health checks: one per connection setting (token and base URL), however many producers use it; one request
 * per cache interval, counted in the sandbox's request log; a slow Kantata answered DOWN within the check's own
 * timeout, not the endpoint's callTimeout with retries.
 */
class ProducerHealthCheckTest {

    static KantataSandbox sandbox;
    CamelContext context;

    @BeforeAll
    static void startSandbox() {
        sandbox = KantataSandbox.builder().users(12).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.clearRequests();
        sandbox.faults().clear();
    }

    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    private CamelContext start(long timeout, long cacheTime) throws Exception {
        context = new DefaultCamelContext();
        KantataUsersComponent component = new KantataUsersComponent();
        component.setHealthCheckTimeout(timeout);
        component.setHealthCheckCacheTime(cacheTime);
        context.addComponent("kantata-users", component);
        String good = "accessToken=" + sandbox.token() + "&baseUrl=" + sandbox.baseUrl();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:me").to("kantata-users:me?" + good);
                from("direct:get").toD("kantata-users:get?userId=${header.id}&" + good);
                from("direct:update").to("kantata-users:update?" + good);
                // same token, base URL with a trailing slash: the same connection setting
                from("direct:slash")
                        .to("kantata-users:me?accessToken=" + sandbox.token() + "&baseUrl=" + sandbox.baseUrl() + "/");
                from("direct:other").routeId("other")
                        .to("kantata-users:me?accessToken=" + sandbox.collaboratorToken() + "&baseUrl="
                            + sandbox.baseUrl());
            }
        });
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.setExposureLevel("full");
        // what camel.health.producers-enabled=true does in Camel Main / Spring Boot: producer checks are opt-in
        HealthCheckHelper.getHealthCheckRepository(context, "producers").setEnabled(true);
        context.start();
        return context;
    }

    private List<HealthCheck.Result> ours() {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:kantata-users-")).toList();
    }

    private long meRequests() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/users/me")).count();
    }

    @Test
    void manyProducersOneCheckPerConnectionSetting() throws Exception {
        start(60_000, 30_000);
        for (int id = 1; id <= 10; id++) {
            context.createProducerTemplate().sendBodyAndHeader("direct:get", null, "id", String.valueOf(id));
        }
        sandbox.clearRequests();

        List<HealthCheck.Result> results = ours();
        assertEquals(2, results.size(),
                "one check per token and base URL: " + results.stream().map(r -> r.getCheck().getId()).toList());
        assertEquals(2, meRequests(), "one GET /users/me per check: " + sandbox.requests());
        HealthCheck.Result main = results.stream().filter(r -> Integer.valueOf(13).equals(r.getDetails().get("producers")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "me, update, the slash one and 10 toD get producers share one check: "
                                                      + results.stream().map(HealthCheck.Result::getDetails).toList()));
        assertEquals(HealthCheck.State.UP, main.getState(), String.valueOf(main.getDetails()));
        assertEquals(sandbox.baseUrl(), main.getDetails().get("service.url"));
        assertTrue(main.getCheck().getId().matches("producer:kantata-users-[0-9a-f]{8}"), main.getCheck().getId());
        for (HealthCheck.Result r : results) {
            assertTrue(!r.getCheck().getId().contains(sandbox.token())
                    && !r.getCheck().getId().contains(sandbox.collaboratorToken()));
        }
        // every request the checks sent carried its own token: the collaborator's check asked with the collaborator's
        assertEquals(List.of("Bearer " + sandbox.collaboratorToken(), "Bearer " + sandbox.token()),
                sandbox.requests().stream().map(r -> r.header("Authorization")).sorted().toList());
    }

    @Test
    void oneRequestPerCacheInterval() throws Exception {
        start(60_000, 60_000);
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        AtomicLong now = new AtomicLong(0);
        List<HealthCheck> checks = registry.stream().filter(c -> c.getId().startsWith("producer:kantata-users-")).toList();
        assertEquals(2, checks.size());
        checks.forEach(c -> ((KantataUsersProducerHealthCheck) c).setNanoClock(now::get));
        sandbox.clearRequests();
        for (int i = 0; i < 5; i++) {
            ours().forEach(r -> assertEquals(HealthCheck.State.UP, r.getState()));
        }
        assertEquals(2, meRequests(), "five probes within the interval, one request per check: " + sandbox.requests());

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        ours();
        assertEquals(2, meRequests(), "still within the interval");

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        ours();
        ours();
        assertEquals(4, meRequests(), "a new interval, one more request per check: " + sandbox.requests());
        assertTrue(registry.getCheck(ours().get(0).getCheck().getId()).isPresent());
    }

    @Test
    void slowKantataIsDownWithinTheChecksOwnTimeout() throws Exception {
        start(300, 0);
        sandbox.clearRequests();
        // the endpoint's callTimeout (150 s) and retries would keep a probe waiting; the check has its own 300 ms
        sandbox.faults().delay(Duration.ofSeconds(5), 2);

        List<HealthCheck.Result> results = ours();
        assertEquals(2, results.size());
        for (HealthCheck.Result r : results) {
            assertEquals(HealthCheck.State.DOWN, r.getState(), String.valueOf(r.getDetails()));
            assertTrue(
                    r.getMessage().orElse("").startsWith(
                            "GET /users/me gave no answer within 300 ms (healthCheckTimeout); a later answer is kept"),
                    r.getMessage().toString());
            assertEquals(300L, r.getDetails().get("timeout.ms"));
        }
        assertEquals(2, meRequests(), "one request each, not retried: " + sandbox.requests());
    }

    @Test
    void anAnswerAfterTheProbeGaveUpIsKeptForTheNextProbe() throws Exception {
        start(300, 60_000);
        sandbox.clearRequests();
        sandbox.faults().delay(Duration.ofSeconds(2), 2);
        ours().forEach(r -> assertEquals(HealthCheck.State.DOWN, r.getState(), String.valueOf(r.getMessage())));

        List<HealthCheck.Result> later = ours();
        for (int i = 0; i < 100 && later.stream().anyMatch(r -> r.getState() != HealthCheck.State.UP); i++) {
            Thread.sleep(100);
            later = ours();
        }
        later.forEach(r -> assertEquals(HealthCheck.State.UP, r.getState(), String.valueOf(r.getMessage())));
        assertEquals(2, meRequests(), "the late answers were kept: no new request within the interval: " + sandbox.requests());
    }

    @Test
    void checksGoWithTheirLastProducer() throws Exception {
        start(60_000, 30_000);
        assertEquals(2, ours().size());
        context.getRouteController().stopRoute("other"); // direct:other, the only user of the collaborator token
        assertEquals(1, ours().size(), "the collaborator's check went with its producer");
        context.getRouteController().stopAllRoutes();
        assertEquals(0, ours().size());
    }

    @Test
    void badTimeoutIsRefusedAtStart() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> start(0, 30_000));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals("Invalid value for healthCheckTimeout: 0. Allowed: a number of milliseconds, at least 1",
                root.getMessage());
        assertEquals(0, sandbox.requests().size());
    }
}
