package io.github.camelkantata.users;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.camelkantata.users.sandbox.SandboxFaults;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filters that hold personal data (e-mail addresses, names, id lists) show by name only in exception messages, logs
 * (ours and Camel's, DEBUG included), health details and the endpoint URI; the values stay on the exception
 * ({@link KantataUsersException#getUnredactedUri()}).
 */
class PersonalDataInErrorsTest extends SandboxTestSupport {

    static final String NAME = "Zed Personal";
    LogCapture log;

    @BeforeEach
    void captureLogs() {
        log = LogCapture.withRoot(Level.DEBUG, "%p %c %m %ex%n");
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private static List<String> addresses(int n) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add("person" + i + "@example.com");
        }
        return list;
    }

    private static void assertNoPersonalData(String where, String text) {
        assertFalse(text.contains("example.com"), where + " holds an e-mail address: " + text);
        assertFalse(text.contains("Zed") || text.contains(NAME.replace(" ", "%20")), where + " holds a name: " + text);
        assertFalse(text.contains("4411") || text.contains("4412"), where + " holds the id list: " + text);
    }

    private Exchange listWith(String uri, Map<String, Object> query) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(KantataUsersConstants.QUERY, query);
        return send(uri, null, headers);
    }

    private static Map<String, Object> personalQuery() {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("by_email_addresses", addresses(200));
        q.put("by_full_name", NAME);
        q.put("with_users", "4411,4412");
        q.put("order", "alphabetical:desc");
        return q;
    }

    @Test
    void a401OnAListWith200AddressesNamesTheParametersOnly() {
        Exchange out = listWith("kantata-users:list?accessToken=wrong-token&maxRetries=0", personalQuery());
        KantataAuthenticationException e = assertInstanceOf(KantataAuthenticationException.class, out.getException());
        String m = e.getMessage();
        assertTrue(m.contains("/users?by_email_addresses=xxxxxx&by_full_name=xxxxxx&with_users=xxxxxx"
                              + "&order=alphabetical:desc&page=1&per_page=200"),
                m);
        assertNoPersonalData("the message", m);
        assertNoPersonalData("toString", e.toString());
        assertNoPersonalData("getUri", e.getUri());
        // the values stay reachable for code that needs them
        String full = e.getUnredactedUri();
        assertTrue(full.contains("by_email_addresses=person0%40example.com,person1%40example.com"), full);
        assertTrue(full.contains("person199%40example.com") && full.contains("with_users=4411,4412"), full);
        assertTrue(full.contains("by_full_name=Zed%20Personal"), full);
        assertEquals(1, apiRequests().size());
        assertNoPersonalData("the log", log.toString());
    }

    @Test
    void everyExceptionTypeHidesTheValues() {
        Map<String, Consumer<SandboxFaults>> httpFaults = new LinkedHashMap<>();
        for (int status : new int[] { 400, 403, 404, 422, 429, 500, 503, 418 }) {
            httpFaults.put("HTTP " + status, f -> f.status(status, 1));
        }
        httpFaults.put("malformed", f -> f.truncatedJson(1));
        httpFaults.put("transport (empty response)", f -> f.emptyResponse(1));
        List<Class<?>> seen = new ArrayList<>();
        for (Map.Entry<String, Consumer<SandboxFaults>> c : httpFaults.entrySet()) {
            sandbox.faults().clear();
            c.getValue().accept(sandbox.faults());
            Exchange out = listWith("kantata-users:list?maxRetries=0", personalQuery());
            KantataUsersException e = assertInstanceOf(KantataUsersException.class, out.getException(), c.getKey());
            seen.add(e.getClass());
            assertTrue(e.getMessage().contains("by_email_addresses=xxxxxx"), c.getKey() + ": " + e.getMessage());
            assertNoPersonalData(c.getKey() + " message", e.toString());
            assertTrue(e.getUnredactedUri().contains("person7%40example.com"), c.getKey());
        }
        sandbox.faults().clear();

        // a timeout: the call's deadline passes while the sandbox delays its answer
        sandbox.faults().delay(Duration.ofSeconds(5), 1);
        Exchange timedOut = listWith("kantata-users:list?maxRetries=0&callTimeout=300ms", personalQuery());
        KantataUsersException t = assertInstanceOf(KantataUsersException.class, timedOut.getException());
        seen.add(t.getClass());
        assertNoPersonalData("timeout message", t.toString());
        sandbox.faults().clear();

        // a safety limit: the response is larger than maxResponseBytes
        Exchange limited = listWith("kantata-users:list?maxRetries=0&maxResponseBytes=100", personalQuery());
        KantataUsersException l = assertInstanceOf(KantataLimitExceededException.class, limited.getException());
        assertNoPersonalData("limit message", l.toString());

        // no response at all: nothing listens on the port
        Exchange refused = listWith("kantata-users:list?maxRetries=0&baseUrl=http://127.0.0.1:1/api/v1", personalQuery());
        KantataTransportException r = assertInstanceOf(KantataTransportException.class, refused.getException());
        assertTrue(r.getMessage().contains("with_users=xxxxxx"), r.getMessage());
        assertNoPersonalData("transport message", r.toString());

        assertTrue(seen.contains(KantataForbiddenException.class) && seen.contains(KantataNotFoundException.class)
                && seen.contains(KantataValidationException.class) && seen.contains(KantataRateLimitException.class)
                && seen.contains(KantataUnavailableException.class) && seen.contains(KantataMalformedResponseException.class)
                && seen.contains(KantataTransportException.class) && seen.contains(KantataUsersException.class),
                seen.toString());
        assertNoPersonalData("the log", log.toString());
    }

    @Test
    void uriOptionsAreMaskedInTheEndpointUriTheConsumersLogAndItsHealth() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?accessToken=wrong-token&maxRetries=0&initialDelay=0&delay=600000"
                     + "&byEmailAddresses=person1@example.com,person2@example.com&byFullName=Zed&withUsers=4411,4412")
                        .routeId("poll").to("mock:users");
            }
        });
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        registry.setEnabled(true);
        // camel-health resolves the repository of consumer checks on first use (Camel Main does it at start)
        org.junit.jupiter.api.Assertions.assertNotNull(HealthCheckHelper.getHealthCheckRepository(context, "consumers"));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (apiRequests().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(1, apiRequests().size(), "one poll, answered 401");
        String endpointUri = context.getRoute("poll").getEndpoint().getEndpointUri();
        assertTrue(endpointUri.contains("byEmailAddresses=xxxxxx"), endpointUri);
        assertNoPersonalData("the endpoint URI", endpointUri);
        // Camel logs the failed poll (with the endpoint URI and the exception) once the poll has ended
        until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!log.toString().contains("KantataAuthenticationException") && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(log.toString().contains("KantataAuthenticationException"), log.toString());
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
        StringBuilder health = new StringBuilder();
        for (HealthCheck.Result r : results) {
            health.append(r.getCheck().getId()).append(' ').append(r.getState()).append(' ')
                    .append(r.getMessage().orElse("")).append(' ').append(r.getDetails())
                    .append(' ').append(r.getError().map(Throwable::toString).orElse("")).append('\n');
        }
        assertTrue(health.toString().contains("consumer:poll DOWN"), health.toString());
        assertTrue(health.toString().contains("xxxxxx"), health.toString());
        assertNoPersonalData("health details", health.toString());
        assertNoPersonalData("the log", log.toString());
        context.getRouteController().stopRoute("poll");
    }
}
