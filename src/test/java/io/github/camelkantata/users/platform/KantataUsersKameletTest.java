package io.github.camelkantata.users.platform;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binds the three Kamelets shipped under {@code kamelets/} in routes, through the {@code kamelet:} component, against
 * the sandbox.
 * <p>
 * <b>Runs on Camel 4.18.0 only</b>: camel-kamelet 4.22.0 is not served by the package registry on the machines this
 * was built on, so the profile {@code kamelets} ({@code mvn -B -o test -Pkamelets}) adds camel-kamelet and sets
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

    /** The placeholders of the example bindings in examples/kamelets, pointed at the sandbox and at mocks. */
    @Override
    protected java.util.Properties useOverridePropertiesWithPropertiesComponent() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("kantata.token", sandbox.token());
        props.setProperty("kantata.baseUrl", sandbox.baseUrl());
        props.setProperty("kantata.changes", "mock:pipe");
        props.setProperty("kantata.capacity", "mock:cap");
        return props;
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
                from("kamelet:kantata-users-source?delay=50&" + auth()).to("mock:source");
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

    private RecordedRequest only(String method) {
        List<RecordedRequest> rs = sandbox.requests().stream().filter(r -> r.method().equals(method)).toList();
        assertEquals(1, rs.size(), "requests: " + rs);
        return rs.get(0);
    }

    @Test
    void exampleBindingsRunAgainstTheSandbox() throws Exception {
        int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
        MockEndpoint pipe = getMockEndpoint("mock:pipe");
        pipe.expectedMessageCount(members);
        MockEndpoint cap = getMockEndpoint("mock:cap");
        cap.expectedMessageCount(1);
        for (String file : List.of("kantata-users-kamelet-routes.yaml")) {
            String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("examples/kamelets", file));
            org.apache.camel.support.PluginHelper.getRoutesLoader(context)
                    .loadRoutes(org.apache.camel.support.ResourceHelper.fromString(file, yaml));
        }
        pipe.assertIsSatisfied();
        assertTrue(pipe.getReceivedExchanges().stream()
                .allMatch(e -> "io.github.camelkantata.users.new".equals(e.getMessage().getHeader("ce-type"))));

        sandbox.clearRequests();
        template.sendBodyAndHeader("direct:kantata-update-json", "{\"headline\":\"Bound by a Kamelet\"}", "userId", "8");
        assertEquals("Bound by a Kamelet", sandbox.data().user("8").headline());
        assertEquals("PUT", only("PUT").method());

        template.sendBodyAndHeader("direct:kantata-capacity", null, "userId", "9");
        cap.assertIsSatisfied();
        JsonNode capacity = MAPPER.readTree(cap.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertEquals("2026-01-05", capacity.path("start_date").asText(capacity.path("startDate").asText()));
    }
}
