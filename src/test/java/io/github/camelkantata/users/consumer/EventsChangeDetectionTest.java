package io.github.camelkantata.users.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelkantata.users.LogCapture;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * changeDetection=events: after a full first poll, a poll reads the change feed and only the users it names, and routes
 * receive what a full poll would have given them.
 */
class EventsChangeDetectionTest extends ConsumerTestSupport {

    private static final String EVENTS = "changeDetection=events&emitRemoved=true&perPage=20";

    private LogCapture log;

    @BeforeEach
    void captureWarnings() {
        log = LogCapture.component(Level.WARN, "%level %msg%n");
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private List<String> warnings() {
        return log.lines("WARN");
    }

    private List<RecordedRequest> feedRequests() {
        return requests().stream().filter(r -> r.path().endsWith("/subscribed_events")).toList();
    }

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
        RecordedRequest feed
                = requests().stream().filter(r -> r.path().endsWith("/subscribed_events")).findFirst().orElseThrow();
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

    @Test
    void theUsersTheFeedNamesAreReadAtMost200ARequestAndTheFeedEveryPage() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        harness.poll();
        Set<String> hired = new java.util.HashSet<>();
        for (int i = 0; i < 250; i++) {
            hired.add(sandbox.data().addUser("Hire " + i, "hire" + i + "@example.com"));
        }
        sandbox.clearRequests();

        List<Received> second = harness.poll();
        assertEquals(hired, ids(second));
        assertTrue(second.stream().allMatch(r -> "new".equals(r.type())));
        assertEquals(0, walkPages(), "no walk of the account");
        // 250 events: two pages of the feed, one window (the same upper bound on both)
        List<RecordedRequest> feed = feedRequests();
        assertEquals(List.of("1", "2"), feed.stream().map(r -> r.queryParam("page")).toList());
        assertEquals(feed.get(0).queryParam("created_before"), feed.get(1).queryParam("created_before"), "a fixed upper bound");
        assertTrue(feed.stream().allMatch(r -> "200".equals(r.queryParam("per_page"))
                && "created_at:asc".equals(r.queryParam("order"))));
        // 250 ids: two by-id requests of at most 200, each on one page of 200, together every id once
        List<RecordedRequest> byId
                = requests().stream().filter(r -> r.path().endsWith("/users") && r.queryParam("only") != null)
                        .toList();
        assertEquals(List.of(200, 50), byId.stream().map(r -> r.queryParam("only").split(",").length).toList());
        assertTrue(byId.stream().allMatch(r -> "200".equals(r.queryParam("per_page"))), byId.toString());
        Set<String> asked = byId.stream().flatMap(r -> java.util.Arrays.stream(r.queryParam("only").split(",")))
                .collect(Collectors.toSet());
        assertEquals(hired, asked);
    }

    @Test
    void eachPollReadsTheFeedFromTheStoredCursorLessTheOverlap() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS + "&eventsOverlap=10m", Map.of()).start();
        java.time.Instant beforeFirst = java.time.Instant.now();
        harness.poll();
        java.time.Instant afterFirst = java.time.Instant.now();
        sandbox.clearRequests();
        harness.poll();
        java.time.Instant after = java.time.Instant.parse(feedRequests().get(0).queryParam("created_after"));
        java.time.Instant cursor = after.plus(Duration.ofMinutes(10));
        assertTrue(!cursor.isBefore(beforeFirst) && !cursor.isAfter(afterFirst),
                "created_after is the first poll's start less eventsOverlap: " + after);
        java.time.Instant upper = java.time.Instant.parse(feedRequests().get(0).queryParam("created_before"));
        assertTrue(upper.isAfter(afterFirst), "the second poll's upper bound is its own start: " + upper);
        // the next window starts where this one ended, less the overlap
        sandbox.clearRequests();
        harness.poll();
        assertEquals(upper.minus(Duration.ofMinutes(10)),
                java.time.Instant.parse(feedRequests().get(0).queryParam("created_after")));
    }

    @Test
    void aPollCutByMaxMessagesPerPollLeavesTheCursorWhereItWas() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        harness.poll();
        harness.poll();   // an events poll that completed: the cursor is at its start
        harness.consumer().setMaxMessagesPerPoll(1);
        sandbox.data().update("5", Map.of("headline", "First of two"));
        sandbox.data().update("6", Map.of("headline", "Second of two"));
        sandbox.clearRequests();
        List<Received> cut = harness.poll();
        assertEquals(1, cut.size(), "maxMessagesPerPoll");
        String window = feedRequests().get(0).queryParam("created_after");

        sandbox.clearRequests();
        List<Received> rest = harness.poll();
        assertEquals(window, feedRequests().get(0).queryParam("created_after"), "the cut poll did not move the cursor");
        assertEquals(1, rest.size());
        assertEquals(Set.of("5", "6"), Set.of(cut.get(0).id(), rest.get(0).id()), "each once");

        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll());
        assertTrue(java.time.Instant.parse(feedRequests().get(0).queryParam("created_after"))
                .isAfter(java.time.Instant.parse(window)), "a complete poll moves it");
    }

    @Test
    void aRefusedFeedIsOneWarningHoweverManyPollsItRefuses() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS, Map.of()).start();
        harness.poll();
        sandbox.data().events().forbidden(true);
        for (int i = 0; i < 3; i++) {
            sandbox.clearRequests();
            harness.poll();
            assertEquals(1, feedRequests().size(), "the feed is asked again each poll");
            assertTrue(walkPages() >= 2, "and the account walked");
        }
        List<String> warned = warnings();
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).contains("403") && warned.get(0).contains("walks the whole account"), warned.get(0));
        assertTrue(!warned.get(0).contains(sandbox.token()), "never the token");
    }

    @Test
    void aCursorOlderThanTheRetentionIsOneWarningAndAWalkWithoutAskingTheFeed() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS + "&eventsRetention=1", Map.of()).start();
        harness.poll();
        Thread.sleep(5);
        sandbox.data().removeFromAccount("14");
        sandbox.clearRequests();
        assertEquals(Map.of("14", "removed"), byId(harness.poll()), "the walk finds what the feed would have");
        assertEquals(0, feedRequests().size());
        assertTrue(walkPages() >= 2);
        List<String> warned = warnings();
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).contains("older than eventsRetention"), warned.get(0));
    }

    @Test
    void anIncrementalPollCutByMaxMessagesPerPollDeliversWhatItCut() throws Exception {
        // the same cut in an incremental poll (the path events polls share): what fits is delivered, the rest comes next
        harness = new ConsumerHarness(sandbox, "incremental=true&perPage=20", Map.of()).start();
        harness.poll();
        harness.consumer().setMaxMessagesPerPoll(1);
        sandbox.data().update("5", Map.of("headline", "First of two"));
        sandbox.data().update("6", Map.of("headline", "Second of two"));
        List<Received> cut = harness.poll();
        assertEquals(1, cut.size(), "maxMessagesPerPoll");
        List<Received> rest = harness.poll();
        assertEquals(1, rest.size());
        assertEquals(Set.of("5", "6"), Set.of(cut.get(0).id(), rest.get(0).id()), "each once");
    }

    @Test
    void theUsersTheFeedNamesAreReadWithTheConsumersFiltersAndInclude() throws Exception {
        harness = new ConsumerHarness(sandbox, EVENTS + "&include=manager&showDisabled=true", Map.of()).start();
        harness.poll();
        sandbox.data().update("5", Map.of("headline", "With its manager"));
        sandbox.data().disable("6");
        sandbox.clearRequests();
        List<Received> second = harness.poll();
        assertEquals(Map.of("5", "changed", "6", "changed"), byId(second), "with showDisabled, disabling is a change");
        RecordedRequest byId = requests().stream().filter(r -> r.queryParam("only") != null).findFirst().orElseThrow();
        assertEquals(Set.of("5", "6"), Set.of(byId.queryParam("only").split(",")));
        assertEquals("true", byId.queryParam("show_disabled"));
        assertEquals("true", byId.queryParam("on_my_account"));
        assertEquals(Set.of("manager", "account_membership"), Set.of(byId.queryParam("include").split(",")));
    }
}
