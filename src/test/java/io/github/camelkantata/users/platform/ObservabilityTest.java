package io.github.camelkantata.users.platform;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What tracing, metrics and health tooling see: the endpoint's {@link EndpointServiceLocation} names the Kantata host
 * (never the token), and the producer health check (GET /users/me: is the token accepted?) shows through Camel's health
 * API (camel-health's registry), UP for a good token and DOWN with 401 for a rejected one.
 */
class ObservabilityTest extends CamelTestSupport {

    static KantataSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = KantataSandbox.builder().users(10).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:good").to("kantata-users:me?accessToken=" + sandbox.token() + "&baseUrl=" + sandbox.baseUrl());
                from("direct:bad").to("kantata-users:get?userId=3&accessToken=expired-token&baseUrl=" + sandbox.baseUrl());
            }
        };
    }

    @Test
    void endpointServiceLocationNamesTheHostNotTheToken() {
        KantataUsersEndpoint endpoint = context.getEndpoint(
                "kantata-users:list?accessToken=secret-token-123&baseUrl=https://api.mavenlink.com/api/v1",
                KantataUsersEndpoint.class);
        EndpointServiceLocation location = endpoint;
        assertEquals("https://api.mavenlink.com/api/v1", location.getServiceUrl());
        assertEquals("api.mavenlink.com", URI.create(location.getServiceUrl()).getHost());
        assertEquals("https", location.getServiceProtocol());
        assertEquals(Map.of("operation", "list"), location.getServiceMetadata());
        assertFalse(String.valueOf(location.getServiceUrl()).contains("secret-token-123"));

        KantataUsersEndpoint local = context.getEndpoint("kantata-users:me?accessToken=t&baseUrl=" + sandbox.baseUrl(),
                KantataUsersEndpoint.class);
        assertEquals("http", local.getServiceProtocol());
        assertEquals(sandbox.baseUrl(), local.getServiceUrl());
    }

    @Test
    void producerHealthCheckShowsThroughCamelsHealthApi() throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        assertNotNull(registry, "camel-health provides the registry");
        registry.setExposureLevel("full");
        // what camel.health.producers-enabled=true does in Camel Main / Spring Boot: producer checks are opt-in
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        assertNotNull(producers);
        producers.setEnabled(true);
        // a cold JVM's first call can take longer than the check's 1 s default on a busy machine: this test is about
        // what the check says, not how fast
        context.getComponent("kantata-users", KantataUsersComponent.class).setHealthCheckTimeout(60_000);
        // producers register their check when they start; restart them now that the registry is there
        context.getRouteController().stopAllRoutes();
        context.getRouteController().startAllRoutes();
        assertTrue(context.getComponent("kantata-users", KantataUsersComponent.class).isHealthCheckProducerEnabled());

        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(context);
        List<HealthCheck.Result> ours = results.stream()
                .filter(r -> r.getCheck().getId().startsWith("producer:kantata-users-")).toList();
        assertEquals(2, ours.size(),
                "one check per token and base URL: " + results.stream().map(r -> r.getCheck().getId()).toList());

        HealthCheck.Result good = ours.stream().filter(r -> r.getDetails().containsKey("user.id")).findFirst()
                .orElseThrow(() -> new AssertionError(
                        ours.stream().map(r -> r.getState() + " " + r.getMessage() + " " + r.getDetails()).toList()));
        assertEquals(HealthCheck.State.UP, good.getState(), String.valueOf(good.getDetails()));
        assertEquals(sandbox.baseUrl(), good.getDetails().get("service.url"));
        assertNotNull(good.getDetails().get("user.id"));

        HealthCheck.Result bad = ours.stream().filter(r -> r != good).findFirst().orElseThrow();
        assertEquals(HealthCheck.State.DOWN, bad.getState());
        assertEquals(401, bad.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
        assertTrue(bad.getMessage().orElse("").contains("401"), bad.getMessage().toString());
        assertInstanceOf(Exception.class, bad.getError().orElseThrow());
        assertTrue(sandbox.requests().stream().anyMatch(r -> r.path().endsWith("/users/me")));

        // the whole application reports not ready while the token is rejected
        assertEquals(HealthCheck.State.DOWN, HealthCheckHelper.invokeReadiness(context).stream()
                .map(HealthCheck.Result::getState).filter(s -> s == HealthCheck.State.DOWN).findAny()
                .orElse(HealthCheck.State.UP));
    }
}
