package io.github.camelkantata.users.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.LogCapture;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of issue 17 where the consumer stalled, skipped or did less than documented: failing users that starve the
 * others, pages that shift during an incremental walk, a poison user and incremental mode, disabled users with
 * showDisabled, suspension mid-poll, a poll summary that counted messages made, route failures logged twice; and the
 * quiet defaults of issue 18 (a one-minute delay, no INFO line for an idle poll).
 */
class KantataUsersConsumerUnstuckTest extends ConsumerTestSupport {

    private List<String> membersInApiOrder() {
        return sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                .sorted(java.util.Comparator.comparing((SandboxUser u) -> u.fullName().toLowerCase(java.util.Locale.ROOT))
                        .thenComparing(u -> Long.parseLong(u.id())))
                .map(SandboxUser::id).collect(Collectors.toList());
    }

    @Test
    void failingUsersDoNotStarveTheOthersAndAreReportedOnceAtTheLimit() throws Exception {
        harness = new ConsumerHarness(
                sandbox, "perPage=10&maxMessagesPerPoll=20&maxFailuresPerUser=3&emitRemoved=true",
                Map.of()).start();
        List<String> order = membersInApiOrder();
        Set<String> poison = Set.copyOf(order.subList(0, 25));
        Map<String, AtomicInteger> attempts = new HashMap<>();
        Map<String, List<Integer>> failureHeaders = new HashMap<>();
        harness.behaviour(e -> {
            String id = e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class);
            if (poison.contains(id)) {
                synchronized (attempts) {
                    attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    failureHeaders.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(e.getMessage().getHeader(KantataUsersConstants.FAILURE_COUNT, 0, Integer.class));
                }
                throw new IllegalStateException("rejected " + id);
            }
        });
        List<Received> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.addAll(harness.poll());
        }
        Set<String> others = order.stream().filter(id -> !poison.contains(id)).collect(Collectors.toSet());
        assertEquals(others, ids(all), "every other user was delivered within 4 polls of 20 messages");
        assertEquals(others.size(), all.size(), "each exactly once");

        // removal detection does not wait for the poison users to succeed
        String gone = others.iterator().next();
        sandbox.data().removeFromAccount(gone);
        List<Received> removal = harness.poll();
        assertEquals(List.of(gone), removal.stream().filter(r -> "removed".equals(r.type())).map(Received::id).toList());

        for (int i = 0; i < 12; i++) {
            harness.poll();
        }
        KantataUsersEndpoint endpoint = harness.consumer().getEndpoint();
        assertEquals(25, endpoint.getFailedUserCount(), "each poison user reported once when it reached the limit");
        for (String id : poison) {
            assertEquals(3, attempts.get(id).get(), id + ": 3 attempts (back-off 1, 2 polls), then parked");
            assertEquals(List.of(0, 1, 2), failureHeaders.get(id), "the header counts earlier failures");
        }

        // a new change of a parked user is tried at once, and once it succeeds the user is a normal user again
        String fixed = order.get(0);
        sandbox.data().update(fixed, Map.of("headline", "fixed"));
        harness.behaviour(e -> {
        });
        List<Received> after = harness.poll();
        assertEquals(List.of(fixed), ids(after).stream().filter(poison::contains).toList());
        Received r = after.stream().filter(x -> x.id().equals(fixed)).findFirst().orElseThrow();
        assertEquals("new", r.type());
    }

    @Test
    void anIncrementalWalkWhosePagesShiftDoesNotMoveTheWatermarkPastAMissedUser() throws Exception {
        harness = new ConsumerHarness(
                sandbox, "perPage=10&pageConcurrency=1&incremental=true&fullSyncEvery=100"
                         + "&incrementalOverlap=0",
                Map.of()).start();
        harness.poll();
        List<String> order = membersInApiOrder();
        List<String> changed = order.subList(0, 25);
        for (String id : changed) {
            sandbox.data().update(id, Map.of("headline", "changed " + id));
        }
        Thread.sleep(5); // the watermark is this poll's start: after every update above
        String renamed = changed.get(5);
        AtomicInteger renames = new AtomicInteger();
        sandbox.beforeAnswer(req -> {
            if ("2".equals(req.queryParam("page")) && req.queryParam("updated_after") != null
                    && renames.getAndIncrement() == 0) {
                // page 1 was read; renaming its 6th user moves it to the end: page 2 now starts one user later
                sandbox.data().update(renamed, Map.of("full_name", "Zzz Renamed"));
            }
        });
        List<Received> second = harness.poll();
        assertTrue(second.size() < changed.size(), "the walk skipped a user: " + second.size());
        sandbox.beforeAnswer(null);
        List<Received> third = harness.poll();
        Set<String> delivered = new java.util.HashSet<>(ids(second));
        delivered.addAll(ids(third));
        assertEquals(Set.copyOf(changed), delivered, "the next incremental poll asked the same window again");
        RecordedRequest last = sandbox.requests().get(sandbox.requests().size() - 1);
        assertTrue(last.queryParam("updated_after") != null, "still incremental: " + last.rawQuery());
    }

    @Test
    void aPoisonUserDoesNotTurnIncrementalModeIntoFullPolls() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=10&incremental=true&fullSyncEvery=3", Map.of()).start();
        String poison = membersInApiOrder().get(7);
        AtomicInteger attempts = new AtomicInteger();
        harness.behaviour(e -> {
            if (poison.equals(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID))) {
                attempts.incrementAndGet();
                throw new IllegalStateException("poison");
            }
        });
        int full = 0;
        for (int i = 0; i < 8; i++) {
            int before = sandbox.requests().size();
            harness.poll();
            RecordedRequest first = sandbox.requests().get(before);
            if (first.queryParam("updated_after") == null) {
                full++;
            }
        }
        assertEquals(3, full, "polls 1, 4 and 7 are full, the others incremental");
        assertTrue(attempts.get() >= 3, "the poison user was retried, also by id in incremental polls: " + attempts.get());
        assertTrue(sandbox.requests().stream().anyMatch(r -> poison.equals(r.queryParam("only"))),
                "an incremental poll asked for the failing user by id");
    }

    @Test
    void suspendingTheRouteStopsTheWalkAndNoRequestFollows() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=10&pageConcurrency=1", Map.of()).start();
        CountDownLatch page2Asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        sandbox.beforeAnswer(req -> {
            if ("2".equals(req.queryParam("page"))) {
                page2Asked.countDown();
                try {
                    answer.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread poller = new Thread(harness::poll);
        poller.start();
        assertTrue(page2Asked.await(10, TimeUnit.SECONDS));
        harness.context.getRouteController().suspendRoute("sync");
        int requestsAtSuspend = sandbox.requests().size();
        answer.countDown();
        poller.join(10_000);
        assertFalse(poller.isAlive());
        assertEquals(requestsAtSuspend, sandbox.requests().size(), "no request after suspendRoute returned");
        assertEquals(List.of(), harness.received, "the walk ended before any delivery");
        sandbox.beforeAnswer(null);

        harness.context.getRouteController().resumeRoute("sync");
        List<Received> next = harness.poll();
        assertEquals(Set.copyOf(membersInApiOrder()), ids(next));
        assertEquals(next.size(), ids(next).size());
    }

    @Test
    void suspendingTheRouteStopsTheBatchAndTheRestComesAfterResume() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start();
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch suspended = new CountDownLatch(1);
        harness.behaviour(e -> {
            if (seen.incrementAndGet() == 5) {
                new Thread(() -> {
                    try {
                        harness.context.getRouteController().suspendRoute("sync");
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    } finally {
                        suspended.countDown();
                    }
                }).start();
            }
            if (seen.get() >= 5) {
                try {
                    // slow enough that the suspension lands while the batch still has users to deliver
                    suspended.await(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        List<Received> first = harness.poll();
        assertTrue(suspended.await(30, TimeUnit.SECONDS));
        int total = membersInApiOrder().size();
        assertTrue(first.size() < total, "the batch stopped at the suspension: " + first.size() + " of " + total);
        harness.context.getRouteController().resumeRoute("sync");
        List<Received> rest = harness.poll();
        List<String> all = new ArrayList<>(first.stream().map(Received::id).toList());
        all.addAll(rest.stream().map(Received::id).toList());
        assertEquals(total, all.size(), "every user exactly once: " + all);
        assertEquals(Set.copyOf(membersInApiOrder()), Set.copyOf(all));
    }

    @Test
    void theSummaryCountsWhatWasDeliveredAndFailedAndJmxShowsTimeAndOutcome() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=10&maxRetries=0", Map.of()).start();
        String victim = membersInApiOrder().get(3);
        harness.behaviour(e -> {
            if (victim.equals(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID))) {
                throw new IllegalStateException("down");
            }
        });
        int n = membersInApiOrder().size();
        harness.poll();
        KantataUsersEndpoint endpoint = harness.consumer().getEndpoint();
        String s = endpoint.getLastPollSummary();
        assertTrue(s.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z incomplete, full poll: " + (n - 1) + " new, 0 changed, 0 removed, "
                             + "1 failed, \\d+ pages, 0 retries, \\d+ ms"),
                s);

        sandbox.faults().status(503, 1);
        harness.consumer().run(); // Camel's default poll strategy logs the failure and the poll ends
        s = endpoint.getLastPollSummary();
        assertTrue(s.matches("\\S+Z failed \\(KantataUnavailableException\\), after full poll: 0 new.*"), s);
    }

    @Test
    void aRouteFailureIsLoggedOnce() throws Exception {
        LogCapture log = LogCapture.withRoot(Level.INFO, "EVENT %p %m :: %ex{short.message}%n");
        try (log) {
            harness = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start();
            String victim = membersInApiOrder().get(2);
            harness.behaviour(e -> {
                if (victim.equals(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID))) {
                    throw new IllegalStateException("downstream refused " + victim);
                }
            });
            harness.poll();
        }
        List<String> lines = log.lines("EVENT").stream().filter(l -> l.contains("downstream refused")).toList();
        assertEquals(1, lines.size(), log.toString());
    }

    @Test
    void withShowDisabledADisabledOrReEnabledUserReachesTheRouteWithAHeaderSayingWhich() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=25&showDisabled=true", Map.of()).start();
        harness.behaviour(e -> {
            Boolean d = e.getMessage().getHeader(KantataUsersConstants.DISABLED, Boolean.class);
            if (d != null) {
                disabledHeader.put(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class), d);
            }
        });
        harness.poll();
        String id = membersInApiOrder().get(4);
        sandbox.data().disable(id);
        List<Received> disabled = harness.poll();
        assertEquals(List.of(id), disabled.stream().map(Received::id).toList());
        assertEquals("changed", disabled.get(0).type());
        assertEquals(Boolean.TRUE, disabledHeader.get(id));
        sandbox.data().enable(id);
        List<Received> enabled = harness.poll();
        assertEquals(List.of(id), enabled.stream().map(Received::id).toList());
        assertEquals(Boolean.FALSE, disabledHeader.get(id));
        assertEquals(List.of(), harness.poll());
        assertTrue(sandbox.requests().stream().allMatch(r -> !"/api/v1/users".equals(r.path())
                || r.queryParam("include").contains("account_membership")),
                "the consumer reads the membership's disabled_at");
    }

    private final Map<String, Boolean> disabledHeader = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void theDefaultDelayIsAMinuteAndAPollThatSendsNothingLogsNoInfoLine() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=25", Map.of()).start();
        assertEquals(60_000L, harness.consumer().getDelay());
        try (LogCapture log = LogCapture.component(Level.INFO, "%p %m%n")) {
            harness.poll();
            assertTrue(log.toString().contains("INFO kantata-users full poll: "), log.toString());
            int before = log.toString().length();
            harness.poll();
            assertEquals("", log.toString().substring(before), "nothing sent, nothing failed: DEBUG only");
        }
    }
}
