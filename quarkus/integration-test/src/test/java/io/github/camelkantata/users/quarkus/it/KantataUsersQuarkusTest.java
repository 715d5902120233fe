package io.github.camelkantata.users.quarkus.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension in a Camel Quarkus application, JVM mode: the component is resolved by its scheme, configured from
 * application.properties with the token from the environment, and its producer and consumer talk to the sandbox.
 */
@QuarkusTest
@QuarkusTestResource(SandboxResource.class)
class KantataUsersQuarkusTest {

    /** How long the consumer gets for its polls; it polls every 200 ms, so this is only an upper bound. */
    static final Duration CONSUMER_DEADLINE = Duration.ofSeconds(30);

    @SandboxResource.Sandbox
    KantataSandbox sandbox;

    @Inject
    CamelContext context;

    @Inject
    ProducerTemplate template;

    @Inject
    ChangeLog changes;

    @BeforeEach
    void clear() {
        sandbox.clearRequests();
    }

    @Test
    void componentIsConfiguredFromPropertiesAndTheEnvironment() {
        KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
        assertEquals(sandbox.baseUrl(), component.getConfiguration().getBaseUrl());
        assertEquals("manager", component.getConfiguration().getInclude());
        assertEquals("it-token-from-env", System.getenv("KANTATA_TOKEN"));
        assertSame(component, context.getComponent("kantata-users"));
    }

    @Test
    void meSendsTheTokenFromTheEnvironment() {
        User me = template.requestBody("kantata-users:me", null, User.class);
        assertEquals(sandbox.data().meId(), me.getId());
        assertEquals("Ada Admin", me.getFullName());
        RecordedRequest r = onlyRequest("/api/v1/users/me");
        assertEquals("GET", r.method());
        assertEquals("Bearer it-token-from-env", r.header("Authorization"));
        assertEquals("manager", r.queryParam("include"));
    }

    @Test
    void getReadsOneUserNamedByTheHeader() {
        User u = template.requestBodyAndHeader("kantata-users:get?optionalFields=bio", null,
                KantataUsersConstants.USER_ID, "42", User.class);
        assertEquals("42", u.getId());
        assertEquals(sandbox.data().user("42").fullName(), u.getFullName());
        assertEquals(sandbox.data().user("42").bio(), u.getBio());
        RecordedRequest r = onlyRequest("/api/v1/users/42");
        assertEquals("GET", r.method());
        assertEquals("bio", r.queryParam("optional_fields"));
        assertEquals("Bearer it-token-from-env", r.header("Authorization"));
    }

    @Test
    void listWalksEveryPage() {
        Exchange ex = template.request("kantata-users:list?onMyAccount=true&perPage=50", e -> {
        });
        assertNull(ex.getException());
        List<?> users = ex.getMessage().getBody(List.class);
        assertEquals(ex.getMessage().getHeader(KantataUsersConstants.TOTAL_COUNT, Integer.class), users.size());
        assertTrue(users.size() > 50, "needs more than one page, got " + users.size());
        List<RecordedRequest> pages = sandbox.requests();
        int expectedPages = (users.size() + 49) / 50;
        assertEquals(expectedPages, pages.size());
        for (RecordedRequest r : pages) {
            assertEquals("GET", r.method());
            assertEquals("/api/v1/users", r.path());
            assertEquals("true", r.queryParam("on_my_account"));
            assertEquals("50", r.queryParam("per_page"));
        }
        List<String> pageNumbers = pages.stream().map(r -> r.queryParam("page")).sorted().toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, expectedPages).mapToObj(String::valueOf).sorted().toList(),
                pageNumbers);
    }

    @Test
    void consumerEmitsEveryUserOnceAndResumesFromItsStateFileAfterARestart() throws Exception {
        Set<String> expected = new HashSet<>();
        for (Object u : template.requestBody("kantata-users:list?onMyAccount=true&perPage=200", null, List.class)) {
            expected.add(((User) u).getId());
        }
        context.getRouteController().startRoute(KantataUsersRoutes.CONSUMER_ROUTE);
        try {
            consumeAndRestart(expected);
        } finally {
            context.getRouteController().stopRoute(KantataUsersRoutes.CONSUMER_ROUTE);
        }
    }

    private void consumeAndRestart(Set<String> expected) throws Exception {
        await(() -> changes.entries().size() >= expected.size(), "the consumer to emit " + expected.size() + " users");
        List<String> first = changes.entries();
        assertEquals(expected.size(), first.size(), "each user exactly once: " + first);
        assertEquals(expected, first.stream().map(e -> e.substring(e.indexOf(':') + 1)).collect(Collectors.toSet()));
        assertTrue(first.stream().allMatch(e -> e.startsWith("new:")), first.toString());
        assertTrue(Files.exists(Path.of(SandboxResource.STATE_FILE)), "the state file is written");

        // Stopping the route releases the state file's lock; starting it again takes the lock in the same JVM, which
        // fails (OverlappingFileLockException) if the first one leaked, and resumes without emitting anyone again.
        context.getRouteController().stopRoute(KantataUsersRoutes.CONSUMER_ROUTE);
        sandbox.clearRequests();
        context.getRouteController().startRoute(KantataUsersRoutes.CONSUMER_ROUTE);
        await(() -> polls() >= 2, "two polls after the restart");
        assertEquals(first, changes.entries(), "nothing emitted again after the restart");

        sandbox.data().update("30", java.util.Map.of("headline", "Changed in the sandbox"));
        await(() -> changes.entries().size() > first.size(), "the change to user 30");
        assertEquals("changed:30", changes.entries().get(first.size()));
    }

    /** A poll walks every page of GET /users: its first page counts the polls. */
    private long polls() {
        return sandbox.requests().stream().filter(r -> r.path().equals("/api/v1/users"))
                .filter(r -> r.queryParam("page") == null || r.queryParam("page").equals("1")).count();
    }

    private RecordedRequest onlyRequest(String path) {
        List<RecordedRequest> requests = sandbox.requests();
        assertEquals(1, requests.size(), () -> "requests: " + requests.stream().map(RecordedRequest::path).toList());
        assertEquals(path, requests.get(0).path());
        return requests.get(0);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + CONSUMER_DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
