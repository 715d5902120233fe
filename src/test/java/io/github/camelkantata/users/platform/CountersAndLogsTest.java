package io.github.camelkantata.users.platform;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.LogCapture;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees without DEBUG: per-endpoint counters as JMX attributes and Micrometer meters (requests,
 * retries, 429s, errors by kind, pages, last poll), one INFO line per consumer poll and per multi-page list, and a WARN
 * when retries run out.
 */
class CountersAndLogsTest {

    KantataSandbox sandbox;
    CamelContext context;
    ProducerTemplate template;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LogCapture log;
    String jmxBefore;

    @BeforeEach
    void start() throws Exception {
        jmxBefore = System.getProperty("org.apache.camel.jmx.disabled");
        System.setProperty("org.apache.camel.jmx.disabled", "false");
        log = LogCapture.component(Level.INFO, "%p %m%n");

        sandbox = KantataSandbox.builder().users(520).start();
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        KantataUsersComponent c = new KantataUsersComponent();
        c.getConfiguration().setAccessToken(sandbox.token());
        c.getConfiguration().setBaseUrl(sandbox.baseUrl());
        c.getConfiguration().setInitialBackoff(1);
        c.getConfiguration().setMaxBackoff(5);
        context.addComponent("kantata-users", c);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        sandbox.close();
        log.close();
        if (jmxBefore == null) {
            System.clearProperty("org.apache.camel.jmx.disabled");
        } else {
            System.setProperty("org.apache.camel.jmx.disabled", jmxBefore);
        }
    }

    private double meter(String name, String... tags) {
        FunctionCounter c = meters.find(name).tags(tags).functionCounter();
        assertNotNull(c, name + " " + String.join(",", tags));
        return c.count();
    }

    @Test
    void countersShowInJmxAndMicrometer() throws Exception {
        // JMX shows the endpoints that routes use
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get").to("kantata-users:get?maxRetries=2");
            }
        });
        String get = "direct:get";
        sandbox.faults().status(429, 1, Map.of("Retry-After", "0"), "{}");
        assertNull(template.send(get, e -> e.getMessage().setHeader("CamelKantataUsersUserId", "2")).getException());
        // a user that does not exist: one NOT_FOUND
        assertNotNull(template.send(get, e -> e.getMessage().setHeader("CamelKantataUsersUserId", "999999")).getException());
        // three 503s: the first attempt and both retries fail, the retries run out
        sandbox.faults().status(503, 3);
        assertNotNull(template.send(get, e -> e.getMessage().setHeader("CamelKantataUsersUserId", "3")).getException());

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(new ObjectName("org.apache.camel:type=endpoints,*"), null);
        ObjectName endpoint = names.stream().filter(n -> n.toString().contains("kantata-users") && n.toString().contains("get"))
                .findFirst().orElseThrow(() -> new AssertionError("no kantata-users endpoint MBean in " + names));
        assertEquals(6L, jmx.getAttribute(endpoint, "RequestCount"), "2 + 1 + 3 requests");
        assertEquals(3L, jmx.getAttribute(endpoint, "RetryCount"));
        assertEquals(1L, jmx.getAttribute(endpoint, "RateLimitedCount"));
        String errors = (String) jmx.getAttribute(endpoint, "ErrorsByKind");
        assertTrue(errors.contains("NOT_FOUND=1") && errors.contains("UNAVAILABLE=1"), errors);

        String uri = context.getEndpoints().stream().filter(e -> e.getEndpointUri().startsWith("kantata-users")).findFirst()
                .orElseThrow().getEndpointBaseUri();
        assertEquals(6.0, meter("kantata.users.requests", "operation", "get", "endpoint", uri));
        assertEquals(3.0, meter("kantata.users.retries", "operation", "get"));
        assertEquals(1.0, meter("kantata.users.rate.limited", "operation", "get"));
        assertEquals(1.0, meter("kantata.users.errors", "operation", "get", "kind", "NOT_FOUND"));
        assertTrue(log.toString().contains("WARN Kantata get: HTTP 503 on attempt 3, retries exhausted (maxRetries=2)"),
                log.toString());
    }

    @Test
    void aPollAndAMultiPageListLogOneInfoLineEach() throws Exception {
        assertNull(template.send("kantata-users:list?onMyAccount=true", e -> {
        }).getException());
        assertTrue(log.toString().matches("(?s).*INFO kantata-users list: \\d+ users in 3 pages, 0 retries, \\d+ ms.*"),
                log.toString());

        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?initialDelay=0&delay=60000").routeId("sync").to("mock:users");
            }
        });
        KantataUsersEndpoint consumerEndpoint = (KantataUsersEndpoint) context.getRoute("sync").getEndpoint();
        long until = System.nanoTime() + 30_000_000_000L;
        while (consumerEndpoint.getLastPollSummary() == null && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        String summary = consumerEndpoint.getLastPollSummary();
        assertNotNull(summary, "a poll ran");
        assertTrue(
                summary.matches("\\S+Z ok, full poll: \\d+ new, 0 changed, 0 removed, 0 failed, 3 pages, 0 retries, \\d+ ms"),
                summary);
        assertTrue(log.toString().contains("INFO kantata-users " + summary.substring(summary.indexOf("full poll"))),
                log.toString());
        assertEquals(3.0, meter("kantata.users.pages", "operation", "list", "endpoint", consumerEndpoint.getEndpointBaseUri()));
    }
}
