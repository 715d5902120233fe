package io.github.camelkantata.users.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binds the four Kamelets shipped under {@code kamelets/} in routes, through the {@code kamelet:} component, against
 * the sandbox.
 * <p>
 * <b>Runs on Camel 4.18.0 only</b>: camel-kamelet 4.22.0 is not served by the package registry on the machines this was
 * built on, so the profile {@code kamelets} ({@code mvn -B -o test -Pkamelets}) adds camel-kamelet and sets
 * camel.version=4.18.0, running the 4.22-built classes; the default build excludes this class.
 */
class KantataUsersKameletTest extends CamelTestSupport {

    static KantataSandbox sandbox;
    static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeAll
    static void startSandbox() {
        sandbox = KantataSandbox.builder().users(30).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    String auth() {
        return "accessToken=" + sandbox.token() + "&baseUrl=" + sandbox.baseUrl();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:update").to("kamelet:kantata-users-update-sink?" + auth());
                from("direct:updateFixed").to("kamelet:kantata-users-update-sink?userId=7&" + auth());
                from("direct:updateEveryTime").to("kamelet:kantata-users-update-sink?skipUnchanged=false&" + auth());
                from("direct:lookup").to("kamelet:kantata-users-lookup-action?" + auth()).to("mock:lookup");
                from("direct:capacity").to("kamelet:kantata-users-capacity-action?" + auth()
                                           + "&startDate=2026-01-05&endDate=2026-01-09")
                        .to("mock:capacity");
            }
        };
    }

    @Test
    void updateSinkTakesUserIdFromHeader() {
        sandbox.clearRequests();
        template.sendBodyAndHeader("direct:update", "{\"headline\":\"Chief Kamelet Officer\"}", "userId", "5");
        RecordedRequest put = only("PUT");
        assertEquals("/api/v1/users/5", put.path());
        assertTrue(put.bodyAsString().contains("Chief Kamelet Officer"), put.bodyAsString());
        assertEquals("Chief Kamelet Officer", sandbox.data().user("5").headline());
    }

    @Test
    void updateSinkTakesUserIdFromCloudEventHeaderOrProperty() {
        template.sendBodyAndHeader("direct:update", "{\"headline\":\"From ce\"}", "ce-userid", "6");
        assertEquals("From ce", sandbox.data().user("6").headline());
        template.sendBody("direct:updateFixed", "{\"headline\":\"From property\"}");
        assertEquals("From property", sandbox.data().user("7").headline());
    }

    @Test
    void updateSinkSkipsUnchangedValuesByDefault() {
        template.sendBodyAndHeader("direct:update", "{\"headline\":\"Same Twice\"}", "userId", "8");
        sandbox.clearRequests();
        template.sendBodyAndHeader("direct:update", "{\"headline\":\"Same Twice\"}", "userId", "8");
        assertEquals(List.of("GET"), sandbox.requests().stream().map(RecordedRequest::method).toList(),
                "the second message changes nothing: no PUT");
        sandbox.clearRequests();
        template.sendBodyAndHeader("direct:updateEveryTime", "{\"headline\":\"Same Twice\"}", "userId", "8");
        assertEquals(List.of("PUT"), sandbox.requests().stream().map(RecordedRequest::method).toList(),
                "skipUnchanged=false writes every message");
    }

    @Test
    void lookupActionMapsAddressesToUsersAsJson() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:lookup");
        mock.expectedMessageCount(2);
        io.github.camelkantata.users.sandbox.SandboxUser member = sandbox.data().users().stream()
                .filter(u -> u.onAccount() && !u.disabled() && u.emailAddress() != null).skip(3).findFirst().orElseThrow();
        String known = member.emailAddress();
        sandbox.clearRequests();
        template.sendBody("direct:lookup", "[\"" + known.toUpperCase(java.util.Locale.ROOT) + "\", \"ghost@example.com\"]");
        template.sendBody("direct:lookup", known + "; not-an-address");
        mock.assertIsSatisfied();
        RecordedRequest first = sandbox.requests().get(0);
        assertEquals("/api/v1/users", first.path());
        assertEquals("true", first.queryParam("on_my_account"));
        assertEquals(known.toLowerCase(java.util.Locale.ROOT) + ",ghost@example.com", first.queryParam("by_email_addresses"));
        org.apache.camel.Message fromArray = mock.getReceivedExchanges().get(0).getMessage();
        JsonNode found = MAPPER.readTree(fromArray.getBody(String.class));
        assertEquals(member.id(), found.path(known.toUpperCase(java.util.Locale.ROOT)).path("id").asText(), found.toString());
        assertEquals(List.of("ghost@example.com"), fromArray.getHeader("CamelKantataUsersNotFound"));
        org.apache.camel.Message fromText = mock.getReceivedExchanges().get(1).getMessage();
        assertEquals(member.id(), MAPPER.readTree(fromText.getBody(String.class)).path(known).path("id").asText());
        assertEquals(List.of("not-an-address"), fromText.getHeader("CamelKantataUsersInvalid"));
    }

    @Test
    void capacityActionEmitsJson() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:capacity");
        mock.expectedMessageCount(1);
        sandbox.clearRequests();
        template.sendBodyAndHeader("direct:capacity", null, "userId", "3");
        mock.assertIsSatisfied();
        RecordedRequest get = only("GET");
        assertTrue(get.path().endsWith("/users/3/capacity"), get.path());
        assertEquals("2026-01-05", get.queryParam("start_date"));
        assertEquals("2026-01-09", get.queryParam("end_date"));
        String json = mock.getReceivedExchanges().get(0).getMessage().getBody(String.class);
        JsonNode node = MAPPER.readTree(json);
        assertEquals("3", node.path("userId").asText(), json);
        assertEquals("application/json", mock.getReceivedExchanges().get(0).getMessage().getHeader("Content-Type"));
    }

    @Test
    void capacityActionTakesTheIdASourceMessageCarries() throws Exception {
        // what kantata-users-source emits: the user as JSON, its id in CamelKantataUsersId; no userId header needed
        MockEndpoint mock = getMockEndpoint("mock:capacity");
        mock.expectedMessageCount(1);
        sandbox.clearRequests();
        template.sendBodyAndHeader("direct:capacity", "{\"id\":\"8\",\"full_name\":\"x\"}", "CamelKantataUsersId", "8");
        mock.assertIsSatisfied();
        assertTrue(only("GET").path().endsWith("/users/8/capacity"), only("GET").path());
    }

    @Test
    void capacityActionDatesFromHeaders() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:capacity");
        mock.expectedMessageCount(1);
        sandbox.clearRequests();
        template.sendBodyAndHeaders("direct:capacity", null,
                Map.of("userId", "4", "startDate", "2026-02-02", "endDate", "2026-02-03"));
        mock.assertIsSatisfied();
        RecordedRequest get = only("GET");
        assertEquals("2026-02-02", get.queryParam("start_date"));
        assertEquals("2026-02-03", get.queryParam("end_date"));
    }

    @Test
    void sourceEmitsJsonWithCloudEventType() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:source");
        // the first poll delivers every active account member (the consumer's default scope is on_my_account), each once
        int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
        mock.expectedMessageCount(members);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kantata-users-source?delay=50&stateFile=" + stateFile() + "&" + auth()).to("mock:source");
            }
        });
        mock.assertIsSatisfied();
        var first = mock.getReceivedExchanges().get(0).getMessage();
        assertEquals("io.github.camelkantata.users.new", first.getHeader("ce-type"));
        JsonNode user = MAPPER.readTree(first.getBody(String.class));
        assertEquals(first.getHeader("ce-subject"), user.path("id").asText());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var e : mock.getReceivedExchanges()) {
            assertEquals("io.github.camelkantata.users.new", e.getMessage().getHeader("ce-type"));
            ids.add(MAPPER.readTree(e.getMessage().getBody(String.class)).path("id").asText());
        }
        assertEquals(mock.getReceivedExchanges().size(), ids.size(), "each user once");
    }

    @Test
    void sourceWithChangeDetectionEventsReadsTheFeedAfterItsFirstPoll() throws Exception {
        List<String> members = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                .map(io.github.camelkantata.users.sandbox.SandboxUser::id).toList();
        // users no other test of this class touches
        String edited = members.stream().filter(id -> Integer.parseInt(id) > 12).findFirst().orElseThrow();
        String removed
                = members.stream().filter(id -> Integer.parseInt(id) > 12 && !id.equals(edited)).findFirst().orElseThrow();
        CamelContext app = new DefaultCamelContext();
        app.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kantata-users-source?delay=50&emitRemoved=true&changeDetection=events&eventsOverlap=2m"
                     + "&eventsReconcileInterval=12h&stateFile=" + stateFile() + "&" + auth()).routeId("events")
                        .to("mock:events");
            }
        });
        sandbox.clearRequests();
        app.start();
        try {
            // the Kamelet's parameters reach the component's endpoint
            io.github.camelkantata.users.KantataUsersEndpoint endpoint = app.getEndpoints().stream()
                    .filter(e -> e instanceof io.github.camelkantata.users.KantataUsersEndpoint)
                    .map(e -> (io.github.camelkantata.users.KantataUsersEndpoint) e).findFirst().orElseThrow();
            assertEquals("events", endpoint.getConfiguration().getChangeDetection());
            assertEquals(120_000L, endpoint.getConfiguration().getEventsOverlap());
            assertEquals(43_200_000L, endpoint.getConfiguration().getEventsReconcileInterval());
            assertEquals(604_800_000L, endpoint.getConfiguration().getEventsRetention(), "the default");

            MockEndpoint mock = app.getEndpoint("mock:events", MockEndpoint.class);
            mock.expectedMessageCount(members.size());
            mock.assertIsSatisfied(10_000);   // the first poll walks the account
            // once the feed has been read, the first poll's cursor is stored: changes from now on come through the feed
            waitFor(() -> sandbox.requests().stream().anyMatch(r -> r.path().endsWith("/subscribed_events")));
            mock.reset();
            mock.expectedMessageCount(2);
            sandbox.clearRequests();
            sandbox.data().update(edited, Map.of("headline", "Seen through the change feed"));
            sandbox.data().removeFromAccount(removed);
            mock.assertIsSatisfied(10_000);
            Map<String, String> types = new java.util.HashMap<>();
            for (var e : mock.getReceivedExchanges()) {
                types.put((String) e.getMessage().getHeader("ce-subject"), (String) e.getMessage().getHeader("ce-type"));
            }
            assertEquals(
                    Map.of(edited, "io.github.camelkantata.users.changed", removed, "io.github.camelkantata.users.removed"),
                    types);
            List<RecordedRequest> sent = sandbox.requests();
            RecordedRequest feed = sent.stream().filter(r -> r.path().endsWith("/subscribed_events")).findFirst().orElseThrow();
            assertEquals("created_at:asc", feed.queryParam("order"));
            assertEquals("200", feed.queryParam("per_page"));
            assertTrue(sent.stream().anyMatch(r -> r.path().endsWith("/users") && r.queryParam("only") != null
                    && List.of(r.queryParam("only").split(",")).contains(edited)),
                    "the user the feed named is read by id: " + sent);
            assertTrue(sent.stream().noneMatch(r -> r.path().endsWith("/users") && r.queryParam("only") == null),
                    "no walk of the account after the first poll: " + sent);
        } finally {
            app.stop();
        }
    }

    @Test
    void sourceKeepsPollingByDefaultAndNeverAsksTheFeed() throws Exception {
        String kamelet = Files.readString(Path.of("src/main/resources/kamelets/kantata-users-source.kamelet.yaml"));
        String option = kamelet.substring(kamelet.indexOf("      changeDetection:"), kamelet.indexOf("      eventsOverlap:"));
        assertTrue(option.contains("default: \"poll\""), option);
        CamelContext app = sourceApp(stateFile(), "mock:default");
        sandbox.clearRequests();
        app.start();
        try {
            int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
            MockEndpoint mock = app.getEndpoint("mock:default", MockEndpoint.class);
            mock.expectedMessageCount(members);
            mock.assertIsSatisfied(10_000);
            io.github.camelkantata.users.KantataUsersEndpoint endpoint = app.getEndpoints().stream()
                    .filter(e -> e instanceof io.github.camelkantata.users.KantataUsersEndpoint)
                    .map(e -> (io.github.camelkantata.users.KantataUsersEndpoint) e).findFirst().orElseThrow();
            assertEquals("poll", endpoint.getConfiguration().getChangeDetection());
            // several polls after the first: each walks the account again
            waitFor(() -> sandbox.requests().stream()
                    .filter(r -> r.path().endsWith("/users") && r.queryParam("only") == null).count() >= 3);
            assertTrue(sandbox.requests().stream().noneMatch(r -> r.path().endsWith("/subscribed_events")),
                    "poll mode never asks the change feed");
        } finally {
            app.stop();
        }
    }

    /** Waits up to 10 s for a condition on the sandbox's request log (the source polls every 50 ms). */
    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not seen within 10 s: " + sandbox.requests());
            Thread.sleep(20);
        }
    }

    private RecordedRequest only(String method) {
        List<RecordedRequest> rs = sandbox.requests().stream().filter(r -> r.method().equals(method)).toList();
        assertEquals(1, rs.size(), "requests: " + rs);
        return rs.get(0);
    }

    /** A fresh state file under target/, so that no test run sees the state of another. */
    static String stateFile() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "kamelet-state"));
            return Files.createTempFile(dir, "source-", ".dat").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the source Kamelet in a CamelContext of its own, as one run of an application would. */
    static CamelContext sourceApp(String stateFile, String mock) throws Exception {
        CamelContext app = new DefaultCamelContext();
        app.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kantata-users-source?delay=50&emitRemoved=true&stateFile=" + stateFile + "&accessToken="
                     + sandbox.token() + "&baseUrl=" + sandbox.baseUrl()).routeId("sync").to(mock);
            }
        });
        return app;
    }

    @Test
    void aRestartOfTheSourceEmitsOnlyWhatChangedMeanwhile() throws Exception {
        int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
        String state = stateFile();

        CamelContext first = sourceApp(state, "mock:first");
        first.start();
        MockEndpoint before = first.getEndpoint("mock:first", MockEndpoint.class);
        before.expectedMessageCount(members);
        before.assertIsSatisfied(10_000);
        first.stop();

        sandbox.data().update("5", Map.of("headline", "Changed while the source was stopped"));

        CamelContext second = sourceApp(state, "mock:second");
        second.start();
        try {
            MockEndpoint after = second.getEndpoint("mock:second", MockEndpoint.class);
            after.expectedMessageCount(1);
            after.assertIsSatisfied(10_000);
            Thread.sleep(500);   // about ten more polls: still only that one
            after.assertIsSatisfied();
            var only = after.getReceivedExchanges().get(0).getMessage();
            assertEquals("io.github.camelkantata.users.changed", only.getHeader("ce-type"));
            assertEquals("5", only.getHeader("ce-subject"));
        } finally {
            second.stop();
        }
    }

    @Test
    void theSourceKeepsItsStateInAFileByDefault() throws Exception {
        String kamelet = Files.readString(Path.of("src/main/resources/kamelets/kantata-users-source.kamelet.yaml"));
        String stateFile = kamelet.substring(kamelet.indexOf("      stateFile:"), kamelet.indexOf("      stateRepository:"));
        assertTrue(stateFile.contains("default: \"kantata-users-state.dat\""), stateFile);
        assertTrue(kamelet.contains("stateFile: \"{{stateFile}}\""), "the template passes it on");
        for (String optional : List.of("stateRepository", "stateKeyPrefix", "include", "accessToken", "baseUrl")) {
            assertTrue(kamelet.contains(optional + ": \"{{?" + optional + "}}\""), optional + " is optional");
        }
    }

    /**
     * Runs examples/kamelets with Camel Main on its application.properties, as {@code scripts/run-example.sh kamelets}
     * does: the token comes from the component option ({@code {{env:KANTATA_TOKEN}}}, set by Surefire), not from the
     * Kamelets' URIs, and timers fire the update and the capacity lookup.
     */
    @Test
    void exampleBindingsRunAgainstTheSandbox() throws Exception {
        int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
        sandbox.clearRequests();
        try (ExampleRun run = ExampleRun.start("kamelets", null, sandbox.baseUrl(), Map.of(
                "kantata.changes", "mock:pipe", "kantata.capacity", "mock:cap", "kantata.out", "mock:upd",
                "kantata.stateFile", stateFile()))) {
            MockEndpoint pipe = run.mock("mock:pipe");
            pipe.expectedMessageCount(members);
            MockEndpoint cap = run.mock("mock:cap");
            cap.expectedMessageCount(1);
            MockEndpoint upd = run.mock("mock:upd");
            upd.expectedMessageCount(1);
            MockEndpoint.assertIsSatisfied(10_000, java.util.concurrent.TimeUnit.MILLISECONDS, pipe, cap, upd);

            assertTrue(pipe.getReceivedExchanges().stream()
                    .allMatch(e -> "io.github.camelkantata.users.new".equals(e.getMessage().getHeader("ce-type"))));
            assertEquals("Set through the update sink Kamelet", sandbox.data().user("3").headline());
            assertEquals("/api/v1/users/3", only("PUT").path());
            JsonNode capacity = MAPPER.readTree(cap.getReceivedExchanges().get(0).getMessage().getBody(String.class));
            assertEquals("2026-01-05", capacity.path("startDate").asText());
            assertTrue(
                    sandbox.requests().stream().allMatch(r -> ("Bearer " + sandbox.token()).equals(r.header("Authorization"))),
                    "every call carries the component's token");
        }
    }
}
