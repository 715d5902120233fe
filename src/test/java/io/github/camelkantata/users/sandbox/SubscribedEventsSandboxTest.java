package io.github.camelkantata.users.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelkantata.users.sandbox.SandboxHttp.getJson;
import static io.github.camelkantata.users.sandbox.SandboxHttp.req;
import static io.github.camelkantata.users.sandbox.SandboxHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox's change feed: what it records for each change, its paging and filters, and its test controls. */
class SubscribedEventsSandboxTest {

    KantataSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = KantataSandbox.builder().users(30).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static List<String> types(JsonNode envelope) {
        return SandboxHttp.resultIds(envelope).stream()
                .map(id -> envelope.path("subscribed_events").path(id).path("event_type").asText()).toList();
    }

    @Test
    void everyChangeRecordsItsEventOldestFirstWithAscendingOrder() {
        SandboxData data = sandbox.data();
        data.update("5", Map.of("headline", "New"));
        data.disable("6");
        data.enable("6");
        String added = data.addUser("New Person", "new.person@example.com");
        data.removeFromAccount("7");

        JsonNode page = getJson(sandbox, "/subscribed_events?order=created_at:asc&per_page=200", 200);
        assertEquals(List.of("user:updated", "account_membership:updated", "account_membership:updated", "user:created",
                "account_membership:deleted"), types(page));
        assertEquals(5, page.path("count").asInt());
        JsonNode first = page.path("subscribed_events").path(SandboxHttp.resultIds(page).get(0));
        assertEquals("User", first.path("subject_type").asText());
        assertEquals(5, first.path("subject_id").asInt());
        assertTrue(first.path("created_at").asText().matches(".*T\\d\\d:\\d\\d:\\d\\dZ"), "whole seconds: " + first);
        JsonNode membership = page.path("subscribed_events").path(SandboxHttp.resultIds(page).get(1));
        assertEquals("AccountMembership", membership.path("subject_type").asText());
        assertEquals(sandbox.data().user("6").accountMembershipId(), membership.path("subject_id").asText());
        assertEquals(added,
                page.path("subscribed_events").path(SandboxHttp.resultIds(page).get(3)).path("subject_id").asText());

        JsonNode withPayload = getJson(sandbox, "/subscribed_events?order=created_at:asc&optional_fields=current_payload", 200);
        String payload = withPayload.path("subscribed_events").path(SandboxHttp.resultIds(withPayload).get(1))
                .path("current_payload").asText();
        assertEquals("{\"id\":" + sandbox.data().user("6").accountMembershipId() + ",\"user_id\":6}", payload);

        JsonNode desc = getJson(sandbox, "/subscribed_events", 200);
        assertEquals("account_membership:deleted", types(desc).get(0), "the default order is created_at:desc");
    }

    @Test
    void filtersAndPaging() {
        for (int i = 2; i < 27; i++) {
            sandbox.data().touch(Integer.toString(i));
        }
        sandbox.data().disable("28");
        JsonNode p2
                = getJson(sandbox, "/subscribed_events?order=created_at:asc&per_page=10&page=2&event_types=user:updated", 200);
        assertEquals(25, p2.path("count").asInt());
        assertEquals(3, p2.path("meta").path("page_count").asInt());
        assertEquals(10, SandboxHttp.resultIds(p2).size());
        JsonNode bySubject = getJson(sandbox, "/subscribed_events?subject_type=User&subject_id=3,4", 200);
        assertEquals(2, bySubject.path("count").asInt());
        String future = Instant.now().plusSeconds(5).toString();
        assertEquals(0, getJson(sandbox, "/subscribed_events?created_after=" + future, 200).path("count").asInt());
        getJson(sandbox, "/subscribed_events?per_page=201", 422);
    }

    @Test
    void duplicatesBackdatedEventsRetentionAndAccess() {
        SubscribedEvents feed = sandbox.data().events();
        feed.duplicateNext(1);
        sandbox.data().touch("3");
        feed.backdateNext(1, Duration.ofHours(1));
        sandbox.data().touch("4");
        List<SubscribedEvents.Event> all = feed.all();
        assertEquals(3, all.size());
        assertEquals(all.get(0).subjectId(), all.get(1).subjectId(), "a duplicate names the same subject");
        assertTrue(all.get(0).id() != all.get(1).id(), "with an id of its own");
        assertTrue(all.get(2).createdAt().isBefore(Instant.now().minus(Duration.ofMinutes(59))), "backdated");

        feed.retention(Duration.ofMinutes(30));
        assertEquals(2, getJson(sandbox, "/subscribed_events", 200).path("count").asInt(), "older events forgotten");

        assertEquals(403, send(req(sandbox, sandbox.collaboratorToken(), "/subscribed_events")).statusCode(),
                "account administrators only");
        feed.forbidden(true);
        getJson(sandbox, "/subscribed_events", 403);
    }
}
