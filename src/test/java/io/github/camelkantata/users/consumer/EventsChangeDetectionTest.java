package io.github.camelkantata.users.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * changeDetection=events: after a full first poll, a poll reads the change feed and only the users it names, and
 * routes receive what a full poll would have given them.
 */
class EventsChangeDetectionTest extends ConsumerTestSupport {

    private static final String EVENTS = "changeDetection=events&emitRemoved=true&perPage=20";

    private List<RecordedRequest> requests() {
        return sandbox.requests();
    }

    private static Map<String, String> byId(List<Received> r) {
        return r.stream().collect(Collectors.toMap(Received::id, Received::type));
    }

    /** Full walks read /users without only=; an events poll never does. */
    private long walkPages() {
        return requests().stream().filter(r -> r.path().endsWith("/users") && r.queryParam("only") == null).count();
    }

    @Test
    void aPollReadsTheFeedAndOnlyTheUsersItNames() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        assertEquals(activeMembers(), ids(harness.poll()), "the first poll is a full walk");

        sandbox.data().update("5", Map.of("headline", "Changed by events"));
        sandbox.data().touch("6"); // an event, but the same content: no message
        sandbox.data().removeFromAccount("7");
        String added = sandbox.data().addUser("Newly Hired", "newly.hired@example.com");
        sandbox.clearRequests();

        List<Received> second = harness.poll();
        assertEquals(Map.of("5", "changed", "7", "removed", added, "new"), byId(second));
        assertEquals(0, walkPages(), "no walk of the account");
        List<RecordedRequest> feed = requests().stream().filter(r -> r.path().endsWith("/subscribed_events")).toList();
        assertEquals(1, feed.size());
        assertEquals("created_at:asc", feed.get(0).queryParam("order"));
        assertEquals("200", feed.get(0).queryParam("per_page"));
        // the users named, in the consumer's scope; then one more by-id request tells a removal from the account
        // (CamelKantataUsersRemovedReason) from a user who only left the scope
        List<RecordedRequest> byId = requests().stream().filter(r -> r.queryParam("only") != null
                                                                     && r.queryParam("show_disabled") == null).toList();
        assertEquals(1, byId.size());
        assertEquals(Set.of("5", "6", "7", added), Set.of(byId.get(0).queryParam("only").split(",")));
        assertEquals("true", byId.get(0).queryParam("on_my_account"), "the consumer's own scope");
    }

    @Test
    void duplicatedAndReReadEventsNeverGiveASecondMessage() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        harness.poll();
        sandbox.data().events().duplicateNext(5);
        sandbox.data().update("8", Map.of("headline", "Once"));
        assertEquals(Map.of("8", "changed"), byId(harness.poll()));
        sandbox.clearRequests();
        // the overlap reads the same events again: the fingerprints say nothing changed
        assertEquals(List.of(), harness.poll());
        RecordedRequest feed = requests().stream().filter(r -> r.path().endsWith("/subscribed_events")).findFirst().orElseThrow();
        assertTrue(feed.queryParam("created_after") != null);
    }

    @Test
    void aLateEventWithinTheOverlapIsNotMissed() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS + "&eventsOverlap=10m", Map.of()).start();
        harness.poll();
        harness.poll(); // the cursor is now after the first events poll
        sandbox.data().events().backdateNext(1, Duration.ofMinutes(5));
        sandbox.data().update("9", Map.of("headline", "Written late"));
        assertEquals(Map.of("9", "changed"), byId(harness.poll()));
    }

    @Test
    void aRefusedFeedFallsBackToAFullWalkWithOneWarning() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        harness.poll();
        sandbox.data().events().forbidden(true);
        sandbox.data().update("10", Map.of("headline", "Seen by the walk"));
        sandbox.clearRequests();
        assertEquals(Map.of("10", "changed"), byId(harness.poll()));
        assertTrue(walkPages() >= 2, "a full walk");
        sandbox.data().events().forbidden(false);
        String member = activeMembers().stream().filter(id -> !id.equals("10")).sorted().findFirst().orElseThrow();
        sandbox.data().update(member, Map.of("headline", "Seen by the feed"));
        sandbox.clearRequests();
        assertEquals(Map.of(member, "changed"), byId(harness.poll()));
        assertEquals(0, walkPages());
    }

    @Test
    void aScheduledReconciliationOrAStaleCursorWalksTheAccount() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS + "&eventsReconcileInterval=1", Map.of()).start();
        harness.poll();
        Thread.sleep(5);
        sandbox.clearRequests();
        harness.poll();
        assertTrue(walkPages() >= 2, "reconciled by a full walk");
        assertEquals(0, requests().stream().filter(r -> r.path().endsWith("/subscribed_events")).count());
        harness.close();

        harness = new ConsumerHarness(sandbox, EVENTS + "&eventsRetention=1&stateKeyPrefix=stale.", Map.of()).start();
        harness.poll();
        Thread.sleep(5);
        sandbox.clearRequests();
        harness.poll();
        assertTrue(walkPages() >= 2, "a cursor older than the retention walks the account");
    }

    @Test
    void theCursorMovesOnlyOnceEveryExchangeOfThePollCompleted() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        harness.poll();
        sandbox.data().update("12", Map.of("headline", "Rejected once"));
        harness.behaviour(e -> {
            throw new IllegalStateException("the route is down");
        });
        harness.poll();
        harness.behaviour(e -> {
        });
        // the failing user comes again, by id, after its back-off
        List<Received> again = List.of();
        for (int i = 0; i < 5 && again.isEmpty(); i++) {
            again = harness.poll();
        }
        assertEquals(Map.of("12", "changed"), byId(again));
    }
}
