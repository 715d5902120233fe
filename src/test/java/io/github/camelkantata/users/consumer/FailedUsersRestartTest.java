package io.github.camelkantata.users.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user whose delivery failed, in a mode whose polls do not read every user (incremental, changeDetection=events): the
 * watermark or cursor moves past it, so the consumer must remember it across a restart and ask for it by id on the
 * first poll after it, not wait for the next full walk (up to {@code fullSyncEvery} polls or a day later).
 */
class FailedUsersRestartTest extends ConsumerTestSupport {

    /** Where the state outlives the consumer, and how the consumer is started again. */
    enum Store {
        /** a bound MemoryBulkStateRepository, a new CamelContext (a process restart with a shared store) */
        MEMORY_BULK,
        /** stateFile (SQLite) under target/, a new CamelContext (a process restart) */
        STATE_FILE,
        /** Camel's FileStateRepository, which cannot write in batches or list keys, a new CamelContext */
        CAMEL_FILE,
        /** no repository (the CamelContext's in-memory state), the route removed and added again (a route reload) */
        CONTEXT_MEMORY
    }

    private static final AtomicInteger RUN = new AtomicInteger();

    private Store store;
    private String options;
    private final Map<String, Object> beans = new HashMap<>();
    private Path file;

    private ConsumerHarness open(Store s, String mode) throws Exception {
        store = s;
        options = mode;
        switch (s) {
            case MEMORY_BULK -> {
                beans.put("repo", new MemoryBulkStateRepository());
                options += "&stateRepository=#repo";
            }
            case STATE_FILE -> {
                file = dir().resolve("state.db");
                options += "&stateFile=" + file;
            }
            case CAMEL_FILE -> {
                file = dir().resolve("state.dat");
                beans.put("repo", FileStateRepository.fileStateRepository(file.toFile()));
                options += "&stateRepository=#repo";
            }
            default -> {
            }
        }
        return new ConsumerHarness(sandbox, options, beans).start();
    }

    private static Path dir() throws Exception {
        Path d = Path.of("target", "failed-users-restart", ProcessHandle.current().pid() + "-" + RUN.incrementAndGet());
        Files.createDirectories(d);
        return d;
    }

    /** Stops the consumer and starts a new one on the same state. */
    private void restart() throws Exception {
        if (store == Store.CONTEXT_MEMORY) {
            harness.removeAndAddRoute();
            return;
        }
        harness.close();
        if (store == Store.CAMEL_FILE) {
            ((FileStateRepository) beans.get("repo")).stop();
            beans.put("repo", FileStateRepository.fileStateRepository(file.toFile()));
        }
        harness = new ConsumerHarness(sandbox, options, beans).start();
    }

    /** The route rejects these users; returns the CamelKantataUsersFailureCount of every exchange by user. */
    private Map<String, Integer> rejecting(Set<String> rejected) {
        Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        harness.behaviour(e -> {
            String id = e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class);
            counts.put(id, e.getMessage().getHeader(KantataUsersConstants.FAILURE_COUNT, 0, Integer.class));
            if (rejected.contains(id)) {
                throw new IllegalStateException("downstream rejects " + id);
            }
        });
        return counts;
    }

    private List<RecordedRequest> userRequests() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/users")).toList();
    }

    /** The ids asked for by id ({@code only=}) in the consumer's own scope (not the removal-reason check). */
    private Set<String> askedById() {
        return userRequests().stream().filter(r -> r.queryParam("only") != null && r.queryParam("show_disabled") == null)
                .flatMap(r -> java.util.Arrays.stream(r.queryParam("only").split(","))).collect(Collectors.toSet());
    }

    private static Map<String, String> types(List<Received> r) {
        return r.stream().collect(Collectors.toMap(Received::id, Received::type));
    }

    private String member(int n) {
        return activeMembers().stream().sorted(java.util.Comparator.comparingLong(Long::parseLong)).toList().get(n);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void incrementalAChangeWhoseDeliveryFailedComesOnTheFirstPollAfterARestart(Store s) throws Exception {
        // no overlap: the failed change is older than the window the next poll reads, as it is once the user has
        // been failing for longer than incrementalOverlap
        harness = open(s, "perPage=10&incremental=true&fullSyncEvery=100&incrementalOverlap=0s");
        assertEquals(activeMembers(), ids(harness.poll()), "the first poll is full");
        String id = member(3);
        sandbox.data().update(id, Map.of("full_name", "Failed Before The Restart"));
        Thread.sleep(5); // the next poll's start, the watermark it leaves, comes after the change
        rejecting(Set.of(id));
        assertEquals(List.of(), harness.poll(), "the change reached the route and failed");

        restart();
        Map<String, Integer> counts = rejecting(Set.of());
        sandbox.clearRequests();
        List<Received> after = harness.poll();
        assertEquals(Map.of(id, "changed"), types(after), "the failed change comes on the first poll after the restart");
        assertEquals("Failed Before The Restart", after.get(0).fullName());
        assertEquals(1, counts.get(id), "CamelKantataUsersFailureCount counts the failure before the restart");
        assertTrue(userRequests().stream().allMatch(r -> r.queryParam("updated_after") != null || r.queryParam("only") != null),
                "no full walk: " + userRequests().stream().map(RecordedRequest::rawQuery).toList());
        assertEquals(Set.of(id), askedById(), "asked for by id");

        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll(), "delivered once");
        assertEquals(Set.of(), askedById(), "no longer failing: not asked for again");
        restart();
        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll(), "not again after a second restart");
        assertEquals(Set.of(), askedById());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void eventsAChangeAndARemovalWhoseDeliveryFailedComeOnTheFirstPollAfterARestart(Store s) throws Exception {
        harness = open(s, "changeDetection=events&emitRemoved=true&perPage=20&eventsOverlap=0s");
        assertEquals(activeMembers(), ids(harness.poll()), "the first poll is a full walk");
        // the sandbox's events carry whole seconds: changes made in a later second than the cursor are in the next
        // window, and not in the one after it (no overlap, as once the user has been failing for longer than it)
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), next).toMillis() + 20));
        String changed = member(4);
        String gone = member(5);
        sandbox.data().update(changed, Map.of("full_name", "Failed Before The Restart"));
        sandbox.data().removeFromAccount(gone);
        Map<String, Integer> before = rejecting(Set.of(changed, gone));
        assertEquals(List.of(), harness.poll());
        assertEquals(Set.of(changed, gone), before.keySet(), "both reached the route and failed");

        restart();
        Map<String, Integer> counts = rejecting(Set.of());
        sandbox.clearRequests();
        List<Received> after = harness.poll();
        assertEquals(Map.of(changed, "changed", gone, "removed"), types(after),
                "the failed change and removal come on the first poll after the restart");
        assertEquals(Map.of(changed, 1, gone, 1), counts);
        assertEquals(0, userRequests().stream().filter(r -> r.queryParam("only") == null).count(), "no full walk");
        assertEquals(Set.of(changed, gone), askedById(), "asked for by id");
        assertTrue(sandbox.requests().stream().anyMatch(r -> r.path().endsWith("/subscribed_events")), "an events poll");

        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll(), "delivered once");
        assertEquals(Set.of(), askedById());
        restart();
        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll(), "not again after a second restart");
        assertEquals(Set.of(), askedById());
    }

    @Test
    void theCountTheLimitAndTheBackOffGoOnAcrossARestart() throws Exception {
        harness = open(Store.MEMORY_BULK, "perPage=10&incremental=true&fullSyncEvery=100&incrementalOverlap=0s"
                                          + "&maxFailuresPerUser=2");
        harness.poll();
        String id = member(6);
        sandbox.data().update(id, Map.of("full_name", "Always Rejected"));
        Thread.sleep(5);
        rejecting(Set.of(id));
        harness.poll(); // failure 1: back-off of one poll

        restart();
        Map<String, Integer> counts = rejecting(Set.of(id));
        harness.poll(); // failure 2: the limit, reported once by this consumer
        assertEquals(1, counts.get(id), "the retry after the restart carries the failure before it");
        assertEquals(1, harness.consumer().getEndpoint().getFailedUserCount(), "reported once at the limit");

        restart();
        Map<String, Integer> parked = rejecting(Set.of(id));
        sandbox.clearRequests();
        for (int i = 0; i < 3; i++) {
            harness.poll();
        }
        assertEquals(Map.of(), parked, "past the limit it waits its long back-off, after a restart too");
        assertEquals(Set.of(), askedById());
        assertEquals(0, harness.consumer().getEndpoint().getFailedUserCount(), "not reported again");

        // a new change is tried at once and, as without a restart, starts the count afresh
        sandbox.data().update(id, Map.of("full_name", "Fixed"));
        Map<String, Integer> fixed = rejecting(Set.of());
        assertEquals(Map.of(id, "changed"), types(harness.poll()));
        assertEquals(Map.of(id, 0), fixed);
    }

    @Test
    void failingUsersSavedAndLoadedKeepTheirCountsAndWhatIsLeftOfTheirBackOff() {
        FailedUsers f = new FailedUsers(3);
        f.failed("1", "aa", 10);                       // due at 11
        f.failed("2,x", "bb", 10);
        f.failed("2,x", "bb", 11);                     // 2 failures, due at 13
        String saved = f.encode(11);
        FailedUsers g = new FailedUsers(3);
        assertEquals(0, g.load(saved, 0));
        assertEquals(1, g.failures("1"));
        assertEquals(2, g.failures("2,x"));
        assertEquals(List.of("1"), g.due(0));
        assertEquals(Set.of("1", "2,x"), Set.copyOf(g.due(2)));
        assertEquals(FailedUsers.Decision.WAIT, g.decide("2,x", "bb", 1));
        assertEquals(FailedUsers.Decision.RETRY, g.decide("2,x", "cc", 1), "a new change is tried at once");
        assertEquals(saved, f.encode(11), "the same set gives the same text");

        // an entry whose id is readable is retried at once, whatever else is damaged; one without is reported
        assertEquals(1, g.load("7:x:1:aa,:1:1:bb", 5));
        assertEquals(List.of("7"), g.due(5));
        assertEquals(0, g.load("", 5));
        assertEquals(0, g.size());
    }
}
