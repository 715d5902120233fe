package io.github.camelkantata.users.consumer;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Incremental polls, failing polls, health and restarts with a persistent state repository. */
class KantataUsersConsumerDurabilityTest extends ConsumerTestSupport {

    /** The list requests of the walk itself (page requests), not the by-id confirmations of removals. */
    private List<RecordedRequest> walkRequests() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/users") && r.queryParam("only") == null).toList();
    }

    @Test
    void incrementalPollsSendUpdatedAfterAndTheFullPollStillCatchesARemoval() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        harness = new ConsumerHarness(
                sandbox, "perPage=10&incremental=true&fullSyncEvery=3&incrementalOverlap=2s"
                         + "&emitRemoved=true&stateRepository=#repo",
                Map.of("repo", repo)).start();
        Instant beforeFirst = Instant.now();
        List<Received> first = harness.poll();
        Instant afterFirst = Instant.now();
        assertEquals(activeMembers().size(), first.size());
        assertTrue(walkRequests().stream().allMatch(r -> r.queryParam("updated_after") == null), "first poll is full");

        sandbox.clearRequests();
        String renamed = first.get(1).id();
        sandbox.data().update(renamed, Map.of("full_name", "Incremental Rename"));
        List<Received> second = harness.poll();
        assertEquals(List.of("changed"), second.stream().map(Received::type).toList());
        assertEquals(renamed, second.get(0).id());
        List<RecordedRequest> inc = walkRequests();
        assertEquals(1, inc.size(), "only the changes: one page");
        String after = inc.get(0).queryParam("updated_after");
        assertNotNull(after);
        Instant sent = OffsetDateTime.parse(after).toInstant();
        // last successful poll start minus the 2 s overlap, with an explicit offset
        assertFalse(sent.isBefore(beforeFirst.minusSeconds(2).minusMillis(1)), after);
        assertFalse(sent.isAfter(afterFirst.minusSeconds(2)), after);
        assertTrue(after.endsWith("+00:00"), after);
        assertTrue("true".equals(inc.get(0).queryParam("on_my_account")));

        sandbox.clearRequests();
        String gone = first.get(7).id();
        sandbox.data().disable(gone);
        assertEquals(List.of(), harness.poll(), "an incremental poll cannot see a removal");
        assertTrue(walkRequests().stream().allMatch(r -> r.queryParam("updated_after") != null));

        sandbox.clearRequests();
        List<Received> fourth = harness.poll();
        assertTrue(walkRequests().stream().allMatch(r -> r.queryParam("updated_after") == null), "every 3rd poll is full");
        assertEquals(List.of("removed"), fourth.stream().map(Received::type).toList());
        assertEquals(gone, fourth.get(0).id());

        sandbox.clearRequests();
        harness.poll();
        assertTrue(walkRequests().stream().allMatch(r -> r.queryParam("updated_after") != null), "incremental again");
    }

    @Test
    void aFailedExchangeHoldsTheIncrementalWatermarkSoItIsAskedForAgain() throws Exception {
        harness = new ConsumerHarness(
                sandbox, "perPage=10&incremental=true&fullSyncEvery=100&incrementalOverlap=0s",
                Map.of()).start();
        harness.poll();
        String id = activeMembers().iterator().next();
        sandbox.data().update(id, Map.of("full_name", "Fails Once"));
        AtomicInteger failures = new AtomicInteger(1);
        harness.behaviour(e -> {
            if (id.equals(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID)) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("downstream down");
            }
        });
        assertEquals(List.of(), harness.poll());
        sandbox.clearRequests();
        List<Received> retry = harness.poll();
        assertEquals(1, retry.size());
        assertEquals("Fails Once", retry.get(0).fullName());
        assertNotNull(walkRequests().get(0).queryParam("updated_after"));
    }

    @Test
    void aFailingPollLeavesStateUntouchedAndShowsInTheHealthCheck() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        harness = new ConsumerHarness(
                sandbox, "perPage=10&maxRetries=1&initialBackoff=1&stateRepository=#repo",
                Map.of("repo", repo)).start();
        // Camel's health registry with its "consumers" repository, as camel-main / Spring Boot set it up
        HealthCheckRegistry registry = HealthCheckRegistry.get(harness.context);
        registry.register(registry.resolveById("consumers"));
        Supplier<HealthCheck.Result> health = () -> HealthCheckHelper.invoke(harness.context).stream()
                .filter(r -> "consumer:sync".equals(r.getCheck().getId())).findFirst()
                .orElseThrow(() -> new AssertionError("no consumer:sync health check"));
        int n = harness.poll().size();
        assertEquals(HealthCheck.State.UP, health.get().getState());
        Map<String, String> committed = repo.getStatesByPrefix("");

        String id = activeMembers().iterator().next();
        sandbox.data().update(id, Map.of("full_name", "After The Outage"));
        sandbox.faults().status(401, 1);
        assertEquals(List.of(), harness.poll());
        assertEquals(committed, repo.getStatesByPrefix(""), "401: state untouched");
        HealthCheck.Result down = health.get();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertTrue(down.getError().isPresent());

        sandbox.faults().status(503, 5); // more than maxRetries + 1 attempts
        assertEquals(List.of(), harness.poll());
        assertEquals(committed, repo.getStatesByPrefix(""), "503: state untouched");
        assertEquals(HealthCheck.State.DOWN, health.get().getState());
        sandbox.faults().clear();

        List<Received> recovered = harness.poll();
        assertEquals(HealthCheck.State.UP, health.get().getState());
        assertEquals(1, recovered.size(), "the change made during the outage is not lost");
        assertEquals("After The Outage", recovered.get(0).fullName());
        assertTrue(n > 1);
    }

    @Test
    void stoppingInTheMiddleOfABatchAndRestartingLosesNoChange(@TempDir Path dir) throws Exception {
        File file = dir.resolve("kantata-state.dat").toFile();
        Set<String> members = activeMembers();
        Set<String> delivered = new HashSet<>();

        FileStateRepository repo1 = FileStateRepository.fileStateRepository(file);
        harness = new ConsumerHarness(
                sandbox, "perPage=10&emitRemoved=true&stateRepository=#repo&initialDelay=0&delay=50",
                Map.of("repo", repo1), false);
        CountDownLatch stopping = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        harness.behaviour(e -> {
            if (seen.incrementAndGet() == 15) {
                // stop the whole context from outside while this exchange is in flight
                new Thread(() -> harness.context.stop()).start();
                KantataUsersConsumer consumer = harness.consumer();
                try {
                    // hold this exchange until the shutdown has told the consumer to end its batch
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (consumer.isBatchAllowed() && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                stopping.countDown();
            }
        });
        harness.start();
        assertTrue(stopping.await(20, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!harness.context.isStopped() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(harness.context.isStopped());
        List<Received> firstRun = List.copyOf(harness.received);
        assertTrue(firstRun.size() >= 15 && firstRun.size() < members.size(), "stopped mid-batch: " + firstRun.size());
        firstRun.forEach(r -> delivered.add(r.id()));
        repo1.stop();

        // while the sync is down: one change to a delivered user, one to an undelivered user, one removal
        String changedDelivered = firstRun.get(0).id();
        sandbox.data().update(changedDelivered, Map.of("full_name", "Changed While Down"));
        String removed = firstRun.get(1).id();
        sandbox.data().disable(removed);

        FileStateRepository repo2 = FileStateRepository.fileStateRepository(file);
        harness = new ConsumerHarness(
                sandbox, "perPage=10&emitRemoved=true&stateRepository=#repo",
                Map.of("repo", repo2)).start();
        List<Received> secondRun = harness.poll();
        for (Received r : secondRun) {
            if ("new".equals(r.type())) {
                assertFalse(delivered.contains(r.id()), "a committed user is not new again: " + r.id());
                delivered.add(r.id());
            }
        }
        Set<String> expectedNow = new HashSet<>(members);
        expectedNow.remove(removed);
        Set<String> all = new HashSet<>(delivered);
        all.remove(removed);
        assertEquals(expectedNow, all, "every user delivered across the restart");
        assertTrue(secondRun.stream().anyMatch(r -> "changed".equals(r.type()) && changedDelivered.equals(r.id())
                && "Changed While Down".equals(r.fullName())));
        assertTrue(secondRun.stream().anyMatch(r -> "removed".equals(r.type()) && removed.equals(r.id())));
        assertEquals(List.of(), harness.poll());
    }
}
