package io.github.camelkantata.users.platform;

import java.util.List;
import java.util.Properties;

import io.github.camelkantata.users.model.Capacity;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads each route in {@code examples/yaml} through Camel's routes loader (camel-yaml-dsl) and runs it against the
 * sandbox, with {@code kantata.baseUrl} and {@code kantata.token} set as override properties, asserting what crosses
 * the wire and what the route ends with.
 */
class YamlExamplesTest extends CamelTestSupport {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
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

    void load(String file) throws Exception {
        Properties p = new Properties();
        p.setProperty("kantata.baseUrl", sandbox.baseUrl());
        p.setProperty("kantata.token", sandbox.token());
        p.setProperty("kantata.delay", "50");
        p.setProperty("kantata.changes", "mock:changes");
        context.getPropertiesComponent().setOverrideProperties(p);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "file:examples/yaml/" + file));
    }

    RecordedRequest only() {
        List<RecordedRequest> rs = sandbox.requests();
        assertEquals(1, rs.size(), "requests: " + rs);
        return rs.get(0);
    }

    @Test
    void list() throws Exception {
        load("kantata-users-list.yaml");
        Exchange ex = template.request("direct:kantata-list", e -> { });
        List<?> users = ex.getMessage().getBody(List.class);
        assertTrue(users.size() > 0);
        assertInstanceOf(User.class, users.get(0));
        assertEquals(users.size(), ex.getMessage().getHeader("CamelKantataUsersTotalCount", Integer.class));
        RecordedRequest r = sandbox.requests().get(0);
        assertEquals("/api/v1/users", r.path());
        assertEquals("true", r.queryParam("on_my_account"));
        assertEquals("true", r.queryParam("show_disabled"));
        assertEquals("manager", r.queryParam("include"));
        assertEquals("200", r.queryParam("per_page"));
        assertEquals("Bearer " + sandbox.token(), r.header("Authorization"));
    }

    @Test
    void me() throws Exception {
        load("kantata-users-me.yaml");
        User me = template.requestBody("direct:kantata-me", null, User.class);
        assertTrue(me.getId() != null && !me.getId().isBlank());
        assertEquals("/api/v1/users/me", only().path());
    }

    @Test
    void get() throws Exception {
        load("kantata-users-get.yaml");
        User u = template.requestBodyAndHeader("direct:kantata-get", null, "userId", "9", User.class);
        assertEquals("9", u.getId());
        RecordedRequest r = only();
        assertEquals("/api/v1/users/9", r.path());
        assertEquals("manager,role", r.queryParam("include"));
    }

    @Test
    void update() throws Exception {
        load("kantata-users-update.yaml");
        User u = template.requestBodyAndHeader("direct:kantata-update", "{\"headline\":\"YAML Officer\"}", "userId", "11",
                User.class);
        assertEquals("YAML Officer", u.getHeadline());
        RecordedRequest r = only();
        assertEquals("PUT", r.method());
        assertEquals("/api/v1/users/11", r.path());
        assertEquals("YAML Officer", sandbox.data().user("11").headline());
    }

    @Test
    void capacity() throws Exception {
        load("kantata-users-capacity.yaml");
        String json = template.requestBodyAndHeader("direct:kantata-capacity", null, "userId", "3", String.class);
        assertTrue(json.contains("\"userId\":\"3\"") && json.contains("\"startDate\":\"2026-01-05\""), json);
        RecordedRequest r = only();
        assertEquals("/api/v1/users/3/capacity", r.path());
        assertEquals("2026-01-09", r.queryParam("end_date"));
        assertTrue(Capacity.class.getName().length() > 0);
    }

    @Test
    void photoUploadAndReset() throws Exception {
        load("kantata-users-photo.yaml");
        template.requestBodyAndHeader("direct:kantata-photo-upload", PNG, "userId", "12");
        RecordedRequest up = only();
        assertEquals("POST", up.method());
        assertTrue(up.header("Content-Type").startsWith("multipart/form-data"), up.header("Content-Type"));
        assertTrue(up.bodyAsString().contains("avatar.png"));
        String uploaded = sandbox.data().user("12").photoPath();
        assertTrue(uploaded != null && !uploaded.endsWith("/default.png"), uploaded);

        sandbox.clearRequests();
        template.requestBodyAndHeader("direct:kantata-photo-reset", null, "userId", "12");
        RecordedRequest reset = only();
        assertEquals("DELETE", reset.method());
        assertTrue(sandbox.data().user("12").photoPath().endsWith("/default.png"), "reset to Kantata's default avatar");
    }

    @Test
    void consumerExample() throws Exception {
        MockEndpoint changes = getMockEndpoint("mock:changes");
        // the first poll delivers every active account member (the consumer's default scope is on_my_account), each once
        int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
        changes.expectedMessageCount(members);
        load("kantata-users-consumer.yaml");
        changes.assertIsSatisfied();
        assertEquals("new", changes.getReceivedExchanges().get(0).getMessage().getHeader("CamelKantataUsersChangeType"));
    }
}
