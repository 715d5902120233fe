package io.github.camelkantata.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** update with skipUnchanged: one GET, then a PUT of only the fields that differ, or no PUT at all. */
class SkipUnchangedTest extends SandboxTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Exchange update(String id, Map<String, Object> fields, String options) {
        return send("kantata-users:update?skipUnchanged=true" + options, fields, Map.of(KantataUsersConstants.USER_ID, id));
    }

    private static JsonNode putBody(RecordedRequest r) throws Exception {
        return JSON.readTree(r.body()).get("user");
    }

    @Test
    void nothingDiffersNoPutAndUpdatedAtStays() throws Exception {
        SandboxUser u = sandbox.data().user("40");
        // full name with spaces around it (stored trimmed), headline null where the API holds empty text
        sandbox.data().update("40", Map.of("headline", ""));
        Instant before = sandbox.data().user("40").updatedAt();
        sandbox.clearRequests();

        Exchange ex = update("40", fields("full_name", "  " + u.fullName() + " ", "headline", null, "email_address",
                u.emailAddress()), "");
        assertNull(ex.getException());
        RecordedRequest get = onlyRequest();
        assertEquals("GET", get.method());
        assertEquals("/api/v1/users/40", get.path());
        assertEquals(Boolean.FALSE, ex.getMessage().getHeader(KantataUsersConstants.UPDATED));
        User body = ex.getMessage().getBody(User.class);
        assertEquals("40", body.getId());
        assertEquals(u.fullName(), body.getFullName());
        assertEquals(before, sandbox.data().user("40").updatedAt(), "no write, so updated_at did not move");
    }

    @Test
    void onlyTheFieldsThatDifferAreSent() throws Exception {
        SandboxUser u = sandbox.data().user("41");
        Exchange ex = update("41", fields("full_name", u.fullName(), "headline", "Head of Sync"), "&include=manager");
        assertNull(ex.getException());
        List<RecordedRequest> requests = apiRequests();
        assertEquals(2, requests.size());
        assertEquals("GET", requests.get(0).method());
        assertEquals("manager", requests.get(0).queryParam("include"));
        RecordedRequest put = requests.get(1);
        assertEquals("PUT", put.method());
        assertEquals("/api/v1/users/41", put.path());
        assertEquals("manager", put.queryParam("include"));
        JsonNode sent = putBody(put);
        assertEquals(1, sent.size(), "only the headline: " + sent);
        assertEquals("Head of Sync", sent.get("headline").asText());
        assertEquals(Boolean.TRUE, ex.getMessage().getHeader(KantataUsersConstants.UPDATED));
        assertEquals("Head of Sync", ex.getMessage().getBody(User.class).getHeadline());
        assertEquals("Head of Sync", sandbox.data().user("41").headline());
    }

    @Test
    void anEmailCaseChangeIsWritten() throws Exception {
        SandboxUser u = sandbox.data().user("42");
        String upper = u.emailAddress().toUpperCase(java.util.Locale.ROOT);
        Exchange ex = update("42", fields("email_address", upper), "");
        assertNull(ex.getException());
        List<RecordedRequest> requests = apiRequests();
        assertEquals(List.of("GET", "PUT"), requests.stream().map(RecordedRequest::method).toList());
        assertEquals(upper, putBody(requests.get(1)).get("email_address").asText());
    }

    @Test
    void externalReferenceComparedOnItsSubFieldsNumbersAsText() throws Exception {
        Map<String, Object> ref = fields("service_name", "hr-sync", "service_model", "Employee", "service_model_ref", 4711,
                "status", "successful");
        Exchange first = update("43", fields("external_reference", ref), "");
        assertNull(first.getException());
        List<RecordedRequest> requests = apiRequests();
        assertEquals("external_references", requests.get(0).queryParam("include"), "the reference is read to compare it");
        assertEquals("PUT", requests.get(1).method(), "no reference for hr-sync yet");
        assertEquals(Boolean.TRUE, first.getMessage().getHeader(KantataUsersConstants.UPDATED));

        sandbox.clearRequests();
        Map<String, Object> same = fields("service_name", "hr-sync", "service_model", "Employee", "service_model_ref", "4711",
                "status", "successful");
        Exchange second = update("43", fields("external_reference", same), "");
        assertNull(second.getException());
        assertEquals("GET", onlyRequest().method(), "4711 and \"4711\" are the same reference");
        assertEquals(Boolean.FALSE, second.getMessage().getHeader(KantataUsersConstants.UPDATED));

        sandbox.clearRequests();
        Map<String, Object> moved = fields("service_name", "hr-sync", "service_model", "Employee", "service_model_ref", 4712);
        update("43", fields("external_reference", moved), "");
        assertEquals(List.of("GET", "PUT"), apiRequests().stream().map(RecordedRequest::method).toList());
        assertEquals("4712", putBody(apiRequests().get(1)).get("external_reference").get("service_model_ref").asText());
    }

    @Test
    void withoutTheOptionUpdateWritesAtOnce() throws Exception {
        SandboxUser u = sandbox.data().user("44");
        Exchange ex
                = send("kantata-users:update", fields("full_name", u.fullName()), Map.of(KantataUsersConstants.USER_ID, "44"));
        assertNull(ex.getException());
        RecordedRequest put = onlyRequest();
        assertEquals("PUT", put.method());
        assertEquals(u.fullName(), putBody(put).get("full_name").asText());
        assertEquals(Boolean.TRUE, ex.getMessage().getHeader(KantataUsersConstants.UPDATED));
    }

    @Test
    void aMissingUserFailsTypedOnTheRead() {
        Exchange ex = update("999999", fields("headline", "x"), "");
        assertTrue(ex.getException() instanceof KantataNotFoundException, String.valueOf(ex.getException()));
        assertFalse(apiRequests().stream().anyMatch(r -> r.method().equals("PUT")));
    }
}
