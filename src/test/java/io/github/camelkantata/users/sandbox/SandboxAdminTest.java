package io.github.camelkantata.users.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelkantata.users.sandbox.SandboxHttp.MAPPER;
import static io.github.camelkantata.users.sandbox.SandboxHttp.req;
import static io.github.camelkantata.users.sandbox.SandboxHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone sandbox's admin API (docs/SANDBOX.md): each call changes what the Users API then answers, as the same
 * change made through {@link KantataSandbox#data()} would; it lives outside {@code /api/v1}, is off unless asked for,
 * and its calls are not in the API request log.
 */
class SandboxAdminTest {

    KantataSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = KantataSandbox.builder().users(30).admin(true).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json"));
    }

    private HttpResponse<String> api(String pathAndQuery) {
        return send(req(sandbox, sandbox.token(), pathAndQuery));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }

    @Test
    void updateDisableEnableRemoveAndAdd() throws Exception {
        HttpResponse<String> put = admin("PUT", "/sandbox/users/3", "{\"headline\":\"Head of People\",\"city\":\"Lyon\"}");
        assertEquals(200, put.statusCode(), put.body());
        JsonNode three = json(api("/users/3?optional_fields=city")).path("users").path("3");
        assertEquals("Head of People", three.path("headline").asText());
        assertEquals("Lyon", three.path("city").asText());

        assertEquals(200, admin("POST", "/sandbox/users/4/disable", null).statusCode());
        assertEquals(404, api("/users/4").statusCode(), "a disabled user is hidden without show_disabled");
        assertEquals(200, api("/users/4?show_disabled=true").statusCode());
        assertEquals(200, admin("POST", "/sandbox/users/4/enable", null).statusCode());
        assertEquals(200, api("/users/4").statusCode());

        assertEquals(200, admin("DELETE", "/sandbox/users/5", null).statusCode());
        assertEquals(404, api("/users/5?show_disabled=true").statusCode());

        HttpResponse<String> add
                = admin("POST", "/sandbox/users", "{\"full_name\":\"Ann Lee\",\"email_address\":\"ann@example.com\"}");
        assertEquals(201, add.statusCode(), add.body());
        String id = json(add).path("id").asText();
        JsonNode ann = json(api("/users/" + id + "?on_my_account=true")).path("users").path(id);
        assertEquals("Ann Lee", ann.path("full_name").asText());
        assertEquals(1, sandbox.data().users().stream().filter(u -> u.id().equals(id)).count());

        assertFalse(sandbox.requests().stream().anyMatch(r -> r.path().startsWith("/sandbox")),
                "admin calls are not API calls");
    }

    @Test
    void faultsAndClearErrors() throws Exception {
        assertEquals(200, admin("POST", "/sandbox/faults", "{\"status\":503,\"times\":1}").statusCode());
        assertEquals(503, api("/users/me").statusCode());
        assertEquals(200, api("/users/me").statusCode());

        HttpResponse<String> unknown = admin("PUT", "/sandbox/users/9999", "{\"headline\":\"x\"}");
        assertEquals(404, unknown.statusCode());
        assertTrue(json(unknown).path("error").asText().contains("9999"), unknown.body());
        HttpResponse<String> badField = admin("PUT", "/sandbox/users/3", "{\"no_such_field\":\"x\"}");
        assertEquals(400, badField.statusCode());
        assertTrue(badField.body().contains("no_such_field"), badField.body());
        assertEquals(404, admin("GET", "/sandbox/nothing", null).statusCode());
    }

    @Test
    void changeFeedKnobs() throws Exception {
        sandbox.data().events().clear();
        HttpResponse<String> set
                = admin("POST", "/sandbox/events", "{\"duplicate_next\":1,\"backdate_next\":1,\"backdate_seconds\":600}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(600, json(set).path("backdate_seconds").asInt());
        assertEquals(200, admin("PUT", "/sandbox/users/6", "{\"headline\":\"Twice, and late\"}").statusCode());
        var events = sandbox.data().events().all();
        assertEquals(2, events.size(), "recorded twice: " + events);
        assertTrue(events.get(0).createdAt().isBefore(java.time.Instant.now().minusSeconds(590)), "written late: " + events);
        assertEquals("user:updated", events.get(0).eventType());

        assertEquals(200, admin("POST", "/sandbox/events", "{\"retention_seconds\":60}").statusCode());
        assertEquals(0, sandbox.data().events().all().size(), "the backdated events are past the retention");
        assertEquals(200, admin("POST", "/sandbox/events", "{\"retention_seconds\":null,\"forbidden\":true}").statusCode());
        assertEquals(403, api("/subscribed_events").statusCode());
        assertEquals(200, admin("POST", "/sandbox/events", "{\"forbidden\":false}").statusCode());
        assertEquals(200, api("/subscribed_events").statusCode());
        assertEquals(2, sandbox.data().events().all().size(), "retention lifted: nothing was deleted, only hidden");
        assertEquals(200, admin("DELETE", "/sandbox/events", null).statusCode());
        assertEquals(0, sandbox.data().events().all().size());
        HttpResponse<String> bad = admin("POST", "/sandbox/events", "{\"duplicates\":1}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("duplicates"), bad.body());
    }

    @Test
    void offUnlessAskedForAndNeverUnderTheApiPath() {
        try (KantataSandbox plain = KantataSandbox.builder().users(5).start()) {
            HttpResponse<String> r
                    = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.port() + "/sandbox/users/3"))
                            .method("DELETE", HttpRequest.BodyPublishers.noBody()));
            assertEquals(401, r.statusCode(), "no admin API: the request is an unauthenticated API call");
            assertEquals(5, plain.data().users().size());
        }
        assertEquals(30, sandbox.data().users().size());
    }
}
