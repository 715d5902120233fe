package io.github.camelkantata.users;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CamelKantataUsersQuery header: API query parameters per message, merged over the endpoint's, checked before any
 * request, and encoded as given. Each test asserts the exact encoded query that went over the wire.
 */
class QueryHeaderTest extends SandboxTestSupport {

    private Exchange withQuery(String uri, Map<String, Object> query) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(KantataUsersConstants.QUERY, query);
        return send(uri, null, headers);
    }

    @Test
    void anEmailWithPlusAndAtFindsHerWithoutRaw() {
        String id = sandbox.data().addUser("Elena Hr", "elena+hr@example.com");
        sandbox.clearRequests();
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("by_email_addresses", "elena+hr@example.com");
        query.put("on_my_account", true); // a new member is on no project: Kantata lists her on the account only
        Exchange out = withQuery("kantata-users:list", query);
        assertTrue(out.getException() == null, String.valueOf(out.getException()));
        List<?> users = out.getMessage().getBody(List.class);
        assertEquals(1, users.size());
        assertEquals(id, ((User) users.get(0)).getId());
        assertEquals("by_email_addresses=elena%2Bhr%40example.com&on_my_account=true&page=1&per_page=200",
                onlyRequest().rawQuery());
    }

    @Test
    void aListValueIsSentWithItsCommas() {
        String a = sandbox.data().users().get(0).emailAddress();
        String b = sandbox.data().users().get(1).emailAddress();
        Exchange out = withQuery("kantata-users:list?page=1", Map.of("by_email_addresses", List.of(a, b)));
        assertEquals(2, out.getMessage().getBody(List.class).size());
        assertEquals("by_email_addresses=" + a.replace("@", "%40") + "," + b.replace("@", "%40") + "&page=1&per_page=20",
                onlyRequest().rawQuery());
    }

    @Test
    void theHeaderReplacesAndRemovesTheEndpointsParameters() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("order", "alphabetical:desc");
        query.put("show_disabled", null); // removes the endpoint's
        query.put("with_users", List.of(3, 4, 5));
        query.put("updated_after", OffsetDateTime.of(2026, 1, 31, 9, 0, 0, 0, ZoneOffset.UTC));
        withQuery("kantata-users:list?page=1&perPage=5&order=alphabetical:asc&showDisabled=true&include=role", query);
        assertEquals("order=alphabetical:desc&include=role&with_users=3,4,5&updated_after=2026-01-31T09:00:00Z"
                     + "&page=1&per_page=5",
                onlyRequest().rawQuery());
    }

    @Test
    void withoutTheHeaderTheEndpointsQueryIsSentUnchanged() {
        send("kantata-users:list?page=1&perPage=5&order=alphabetical:asc&showDisabled=true", null, null);
        assertEquals("order=alphabetical:asc&show_disabled=true&page=1&per_page=5", onlyRequest().rawQuery());
    }

    @Test
    void aSingleUserCallTakesShowDisabledAndInclude() {
        String id = sandbox.data().users().get(4).id();
        sandbox.data().disable(id);
        sandbox.clearRequests();
        Exchange out = withQuery("kantata-users:get?userId=" + id,
                Map.of("show_disabled", true, "include", List.of("role", "manager")));
        assertEquals(id, out.getMessage().getBody(User.class).getId());
        RecordedRequest r = onlyRequest();
        assertEquals("/api/v1/users/" + id, r.path());
        assertTrue(r.rawQuery().equals("show_disabled=true&include=role,manager")
                || r.rawQuery().equals("include=role,manager&show_disabled=true"), r.rawQuery());
    }

    @Test
    void anUnknownNameFailsBeforeAnyRequestNamingItAndWhatIsAllowed() {
        Exchange out = withQuery("kantata-users:list", Map.of("by_email", "x@example.com"));
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, out.getException());
        assertTrue(e.getMessage().contains("'by_email'") && e.getMessage().contains(KantataUsersConstants.QUERY)
                && e.getMessage().contains("by_email_addresses"), e.getMessage());
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void aCamelCaseNameGetsAHint() {
        Exchange out = withQuery("kantata-users:list", Map.of("onMyAccount", true));
        String m = out.getException().getMessage();
        assertTrue(m.contains("did you mean on_my_account"), m);
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void aFilterOfTheListIsRefusedOnAGet() {
        Exchange out = withQuery("kantata-users:get?userId=5", Map.of("by_full_name", "x"));
        String m = out.getException().getMessage();
        assertTrue(m.contains("'by_full_name'") && m.contains("include, optional_fields, show_disabled"), m);
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void badValuesFailBeforeAnyRequestNamingParameterValueAndWhatIsAllowed() {
        Map<String, String> expected = Map.of(
                "on_my_account", "'yes'. Allowed: true or false",
                "account_id", "'abc'. Allowed: a non-negative integer id",
                "order", "'newest'. Allowed: alphabetical:asc or alphabetical:desc",
                "updated_after", "'yesterday'. Allowed: an ISO 8601 date-time",
                "include", "'roles'. Allowed: account_membership");
        Map<String, Object> values = Map.of("on_my_account", "yes", "account_id", "abc", "order", "newest",
                "updated_after", "yesterday", "include", "role,roles");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Exchange out = withQuery("kantata-users:list", Map.of(e.getKey(), values.get(e.getKey())));
            IllegalArgumentException x = assertInstanceOf(IllegalArgumentException.class, out.getException(), e.getKey());
            assertTrue(x.getMessage().contains("parameter '" + e.getKey() + "' of the " + KantataUsersConstants.QUERY)
                    && x.getMessage().contains(e.getValue()), x.getMessage());
        }
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void aBadIdInAListNamesOnlyThatId() {
        Exchange out = withQuery("kantata-users:list", Map.of("with_users", "12,34,x9,56"));
        String m = out.getException().getMessage();
        assertTrue(m.contains("'x9'") && !m.contains("12,34,x9") && !m.contains("56"), m);
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void pagingStaysTheProducers() {
        Exchange out = withQuery("kantata-users:list", Map.of("per_page", 5));
        assertTrue(out.getException().getMessage().contains("set the page and perPage options"),
                out.getException().getMessage());
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void capacityTakesNoQuery() {
        Exchange out = withQuery("kantata-users:capacity?userId=5&startDate=2026-01-05&endDate=2026-01-09",
                Map.of("include", "role"));
        assertTrue(out.getException().getMessage().contains("capacity takes no query parameters"),
                out.getException().getMessage());
        assertTrue(apiRequests().isEmpty());
    }

    @Test
    void aHeaderThatIsNotAMapIsRefused() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(KantataUsersConstants.QUERY, "by_email_addresses=a@example.com");
        Exchange out = send("kantata-users:list", null, headers);
        assertTrue(out.getException().getMessage().contains("java.util.Map"), out.getException().getMessage());
        assertTrue(apiRequests().isEmpty());
    }
}
