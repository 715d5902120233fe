package io.github.camelkantata.users.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs each route file of {@code examples/yaml} with Camel Main on the folder's {@code application.properties}, as
 * {@code scripts/run-example.sh yaml} does, against the sandbox: the route's timer fires the call by itself, and the
 * test asserts what crossed the wire and what reached the route's output ({@code kantata.out}, a mock here).
 */
class YamlExamplesTest {

    static KantataSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = KantataSandbox.builder().users(40).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.clearRequests();
    }

    ExampleRun run(String file) throws Exception {
        Path state = Path.of("target", "yaml-examples");
        Files.createDirectories(state);
        Map<String, String> p = new HashMap<>();
        p.put("kantata.out", "mock:out");
        p.put("kantata.changes", "mock:changes");
        p.put("kantata.stateFile", Files.createTempFile(state, "state-", ".dat").toString());
        p.put("kantata.photoDir", Path.of("examples/yaml").toAbsolutePath().toString());
        return ExampleRun.start("yaml", file, sandbox.baseUrl(), p);
    }

    /** The timer fires once: exactly one exchange reaches the output. */
    static Exchange fired(ExampleRun run) throws InterruptedException {
        MockEndpoint out = run.mock("mock:out");
        out.expectedMessageCount(1);
        out.assertIsSatisfied(10_000);
        return out.getReceivedExchanges().get(0);
    }

    RecordedRequest only() {
        List<RecordedRequest> rs = sandbox.requests();
        assertEquals(1, rs.size(), "requests: " + rs);
        return rs.get(0);
    }

    @Test
    void list() throws Exception {
        try (ExampleRun run = run("kantata-users-list.yaml")) {
            Exchange ex = fired(run);
            List<?> users = ex.getMessage().getBody(List.class);
            assertTrue(users.size() > 0);
            assertInstanceOf(User.class, users.get(0));
            assertEquals(users.size(), ex.getMessage().getHeader("CamelKantataUsersTotalCount", Integer.class));
            RecordedRequest r = only();
            assertEquals("/api/v1/users", r.path());
            assertEquals("true", r.queryParam("on_my_account"));
            assertEquals("true", r.queryParam("show_disabled"));
            assertEquals("manager", r.queryParam("include"));
            assertEquals("200", r.queryParam("per_page"));
            assertEquals("Bearer " + sandbox.token(), r.header("Authorization"), "token from {{env:KANTATA_TOKEN}}");
        }
    }

    @Test
    void me() throws Exception {
        try (ExampleRun run = run("kantata-users-me.yaml")) {
            User me = fired(run).getMessage().getBody(User.class);
            assertEquals("1", me.getId());
            assertEquals("/api/v1/users/me", only().path());
        }
    }

    @Test
    void get() throws Exception {
        try (ExampleRun run = run("kantata-users-get.yaml")) {
            User u = fired(run).getMessage().getBody(User.class);
            assertEquals("3", u.getId(), "kantata.userId defaults to 3");
            RecordedRequest r = only();
            assertEquals("/api/v1/users/3", r.path());
            assertEquals("manager,role", r.queryParam("include"));
        }
    }

    @Test
    void update() throws Exception {
        try (ExampleRun run = run("kantata-users-update.yaml")) {
            User u = fired(run).getMessage().getBody(User.class);
            assertEquals("Set by the YAML example", u.getHeadline());
            RecordedRequest r = only();
            assertEquals("PUT", r.method());
            assertEquals("/api/v1/users/3", r.path());
            assertEquals("Set by the YAML example", sandbox.data().user("3").headline());
        }
    }

    @Test
    void capacity() throws Exception {
        try (ExampleRun run = run("kantata-users-capacity.yaml")) {
            String json = fired(run).getMessage().getBody(String.class);
            assertTrue(json.contains("\"userId\":\"3\"") && json.contains("\"startDate\":\"2026-01-05\""), json);
            RecordedRequest r = only();
            assertEquals("/api/v1/users/3/capacity", r.path());
            assertEquals("2026-01-09", r.queryParam("end_date"));
        }
    }

    @Test
    void photoUploadThenReset() throws Exception {
        try (ExampleRun run = run("kantata-users-photo.yaml")) {
            Exchange ex = fired(run);
            assertNull(ex.getMessage().getBody(), "the reset answers 204 with no body");
            assertEquals(204, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class));
            List<RecordedRequest> rs = sandbox.requests();
            assertEquals(2, rs.size(), "requests: " + rs);
            RecordedRequest up = rs.get(0);
            assertEquals("POST", up.method());
            assertEquals("/api/v1/users/3/profile_photo", up.path());
            assertTrue(up.header("Content-Type").startsWith("multipart/form-data"), up.header("Content-Type"));
            assertTrue(up.bodyAsString().contains("avatar.png"), "the file's name is the part's file name");
            RecordedRequest reset = rs.get(1);
            assertEquals("DELETE", reset.method());
            assertEquals("/api/v1/users/3/profile_photo", reset.path());
            assertTrue(sandbox.data().user("3").photoPath().endsWith("/default.png"), "reset to Kantata's default avatar");
        }
    }

    @Test
    void consumerEmitsEveryMemberOnceAndKeepsState() throws Exception {
        try (ExampleRun run = run("kantata-users-consumer.yaml")) {
            MockEndpoint changes = run.mock("mock:changes");
            // the first poll delivers every active account member (the consumer's default scope is on_my_account), each once
            int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
            changes.expectedMessageCount(members);
            changes.assertIsSatisfied(10_000);
            assertEquals("new", changes.getReceivedExchanges().get(0).getMessage().getHeader("CamelKantataUsersChangeType"));
            String stateFile = run.context().resolvePropertyPlaceholders("{{kantata.stateFile}}");
            // a binary log (FileBulkStateRepository): an 8-byte header, then the committed users
            assertTrue(Files.size(Path.of(stateFile)) > 8 * members, "state written to kantata.stateFile");
        }
    }

    @Test
    void allTogetherAsTheRunnerStartsThem() throws Exception {
        Path state = Files.createDirectories(Path.of("target", "yaml-examples"));
        Map<String, String> p = new HashMap<>();
        p.put("kantata.out", "mock:out");
        p.put("kantata.changes", "mock:changes");
        p.put("kantata.stateFile", Files.createTempFile(state, "state-", ".dat").toString());
        p.put("kantata.photoDir", Path.of("examples/yaml").toAbsolutePath().toString());
        try (ExampleRun run = ExampleRun.start("yaml", null, sandbox.baseUrl(), p)) {
            assertEquals(7, run.context().getRoutes().size(), "every file of the folder is a route");
            MockEndpoint out = run.mock("mock:out");
            out.expectedMessageCount(6);    // list, me, get, update, capacity, photo: each timer fires once
            out.assertIsSatisfied(15_000);
            Thread.sleep(1_500);            // and only once
            assertEquals(6, out.getReceivedExchanges().size());
        }
    }
}
