package io.github.camelkantata.users.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.client.EnvelopeReader;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's change detection against the sandbox, one poll at a time. */
class KantataUsersConsumerTest extends ConsumerTestSupport {

    private List<RecordedRequest> listRequests() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/users")).toList();
    }

    @Test
    void firstPollEmitsEveryAccountMemberAsNewInApiOrderThenOnlyChanges() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=7", Map.of()).start();
        List<Received> first = harness.poll();

        Set<String> expected = activeMembers();
        assertEquals(expected.size(), first.size());
        assertEquals(expected, ids(first));
        assertTrue(first.stream().allMatch(r -> "new".equals(r.type())));
        assertTrue(first.stream().allMatch(r -> r.body() instanceof User && r.fingerprint().length() == 64));
        for (int i = 0; i < first.size(); i++) {
            assertEquals(i, first.get(i).batchIndex());
            assertEquals(first.size(), first.get(i).batchSize());
            assertEquals(i == first.size() - 1, first.get(i).batchComplete());
        }
        // the order of the API's results, as the producer lists them
        try (ProducerTemplate template = harness.context.createProducerTemplate()) {
            @SuppressWarnings("unchecked")
            List<User> api = template.requestBody("kantata-users:list?onMyAccount=true&perPage=200", null, List.class);
            assertEquals(api.stream().map(User::getId).toList(), first.stream().map(Received::id).toList());
        }
        // over the wire: the consumer's scope default and paging
        List<RecordedRequest> walk = listRequests().stream().filter(r -> "7".equals(r.queryParam("per_page"))).toList();
        assertEquals((expected.size() + 6) / 7, walk.size());
        assertTrue(walk.stream()
                .allMatch(r -> "true".equals(r.queryParam("on_my_account")) && r.queryParam("updated_after") == null));

        assertEquals(List.of(), harness.poll(), "nothing changed: nothing emitted");

        String id = first.get(5).id();
        sandbox.data().update(id, Map.of("full_name", "Renamed Person"));
        List<Received> third = harness.poll();
        assertEquals(1, third.size());
        assertEquals("changed", third.get(0).type());
        assertEquals(id, third.get(0).id());
        assertEquals("Renamed Person", third.get(0).fullName());
        assertNotEquals(first.get(5).fingerprint(), third.get(0).fingerprint());
        assertEquals(List.of(), harness.poll());
    }

    @Test
    void aChangeOfASideLoadedObjectIsAChange() throws Exception {
        // fingerprintSideLoaded: the default counts a side-loaded object's id only (FingerprintSideLoadedTest)
        harness = new ConsumerHarness(sandbox, "perPage=50&include=manager&fingerprintSideLoaded=true", Map.of()).start();
        List<Received> first = harness.poll();
        User withManager
                = first.stream().map(r -> (User) r.body()).filter(u -> u.getManagerId() != null).findFirst().orElseThrow();
        String managerId = withManager.getManagerId();
        Set<String> reports = first.stream().map(r -> (User) r.body()).filter(u -> managerId.equals(u.getManagerId()))
                .map(User::getId).collect(Collectors.toSet());
        sandbox.data().update(managerId, Map.of("full_name", "New Manager Name"));
        List<Received> second = harness.poll();
        Set<String> expected = new HashSet<>(reports);
        if (activeMembers().contains(managerId)) {
            expected.add(managerId);
        }
        assertEquals(expected, ids(second), "the manager and every user who side-loads it");
        assertTrue(second.stream().allMatch(r -> "changed".equals(r.type())));
    }

    /**
     * After the first poll, a poll scans its pages: unchanged users are only digested, and the changed ones read whole
     * on the thread that parsed the page. What the route receives, and what the state keeps for a later "removed"
     * message, must be the user a list returns, with everything it side-loads, never a placeholder.
     */
    @Test
    void aChangedUserOfAScannedPollIsTheWholeUserWithWhatItSideLoads() throws Exception {
        String include = "include=manager,role,skills,skill_memberships,work_samples";
        harness = new ConsumerHarness(sandbox, "perPage=25&emitRemoved=true&" + include, Map.of()).start();
        List<Received> first = harness.poll();
        assertEquals(activeMembers(), ids(first));
        // a user who manages nobody: a change of a manager is a change of every report (it is side-loaded with them)
        Set<String> managers = first.stream().map(r -> ((User) r.body()).getManagerId()).collect(Collectors.toSet());
        String id = first.stream().map(r -> (User) r.body())
                .filter(u -> u.getManagerId() != null && u.getRoleId() != null && !u.getSkillIds().isEmpty())
                .filter(u -> !managers.contains(u.getId()))
                .findFirst().orElseThrow().getId();
        sandbox.data().update(id, Map.of("headline", "Edited by the scan test"));

        List<Received> second = harness.poll();
        assertEquals(List.of(id), second.stream().map(Received::id).toList(), "the changed user alone");
        User emitted = (User) second.get(0).body();
        assertFalse(EnvelopeReader.isPlaceholder(emitted));
        User listed;
        try (ProducerTemplate template = harness.context.createProducerTemplate()) {
            @SuppressWarnings("unchecked")
            List<User> api
                    = template.requestBody("kantata-users:list?onMyAccount=true&perPage=200&" + include, null, List.class);
            listed = api.stream().filter(u -> u.getId().equals(id)).findFirst().orElseThrow();
        }
        assertEquals("Edited by the scan test", emitted.getHeadline());
        assertEquals(json(listed), json(emitted));
        assertEquals(json(listed.getManager()), json(emitted.getManager()));
        assertEquals(json(listed.getRole()), json(emitted.getRole()));
        assertEquals(json(listed.getSkills()), json(emitted.getSkills()));
        assertEquals(json(listed.getSkillMemberships()), json(emitted.getSkillMemberships()));
        assertEquals(json(listed.getWorkSamples()), json(emitted.getWorkSamples()));
        assertFalse(EnvelopeReader.isPlaceholder(emitted.getManager()));
        // the fingerprint committed for it is the one the next scan computes: nothing changed
        assertEquals(List.of(), harness.poll());

        // the state kept the whole user: the removed message carries it
        sandbox.data().removeFromAccount(id);
        // (the sandbox derives other users' side-loaded objects from the account, so they may change too)
        List<Received> third = harness.poll().stream().filter(r -> r.id().equals(id)).toList();
        assertEquals(List.of("removed"), third.stream().map(Received::type).toList());
        User removed = (User) third.get(0).body();
        assertEquals(json(listed), json(removed));
    }

    private static String json(Object o) throws Exception {
        return io.github.camelkantata.users.client.Json.MAPPER.writeValueAsString(o);
    }

    @Test
    void removedUsersAreEmittedOnceWithTheLastKnownUser() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=9&emitRemoved=true", Map.of()).start();
        List<Received> first = harness.poll();
        Received disabled = first.get(3);
        Received leaving = first.get(10);
        sandbox.data().disable(disabled.id());
        sandbox.data().removeFromAccount(leaving.id());

        List<Received> second = harness.poll();
        assertEquals(Set.of(disabled.id(), leaving.id()), ids(second));
        assertTrue(second.stream().allMatch(r -> "removed".equals(r.type())));
        Received r = second.stream().filter(x -> x.id().equals(disabled.id())).findFirst().orElseThrow();
        assertEquals(disabled.fullName(), r.fullName(), "the body is the last known user");
        assertEquals(disabled.fingerprint(), r.fingerprint());
        // the suspects were asked for again by id before being declared removed
        assertTrue(listRequests().stream().anyMatch(q -> q.queryParam("only") != null
                && q.queryParam("only").contains(disabled.id())));

        assertEquals(List.of(), harness.poll(), "a removal is emitted once");

        sandbox.data().enable(disabled.id());
        List<Received> back = harness.poll();
        assertEquals(1, back.size());
        assertEquals("new", back.get(0).type());
    }

    @Test
    void withoutEmitRemovedAVanishedUserIsForgottenAndNewWhenBack() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=20", Map.of()).start();
        String id = harness.poll().get(2).id();
        sandbox.data().disable(id);
        assertEquals(List.of(), harness.poll());
        sandbox.data().enable(id);
        List<Received> back = harness.poll();
        assertEquals(List.of("new"), back.stream().map(Received::type).toList());
    }

    @Test
    void aFailedExchangeIsEmittedAgainAndTheOthersAreNot() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start();
        Set<String> members = activeMembers();
        String victim = members.stream().sorted().skip(4).findFirst().orElseThrow();
        AtomicInteger attempts = new AtomicInteger();
        harness.behaviour(e -> {
            if (victim.equals(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID))) {
                attempts.incrementAndGet();
                throw new IllegalStateException("downstream down for " + victim);
            }
        });
        List<Received> first = harness.poll();
        assertEquals(members.size() - 1, first.size(), "the failing user never reached the end of the route");
        assertFalse(ids(first).contains(victim));
        assertEquals(1, attempts.get());

        List<Received> second = harness.poll();
        assertEquals(List.of(), second, "still failing: recorded nowhere, and no other user repeated");
        assertEquals(2, attempts.get(), "the failed user was emitted again by the next poll");

        harness.behaviour(e -> {
        });
        assertEquals(List.of(), harness.poll(), "two failures in a row: the user waits two polls (FailedUsers back-off)");
        assertEquals(2, attempts.get());
        List<Received> fourth = harness.poll();
        assertEquals(1, fourth.size());
        assertEquals(victim, fourth.get(0).id());
        assertEquals("new", fourth.get(0).type());
        assertEquals(List.of(), harness.poll());
    }

    @Test
    void onlyChangedFalseEmitsEveryUserEveryPoll() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=25&onlyChanged=false", Map.of()).start();
        int n = activeMembers().size();
        List<Received> first = harness.poll();
        assertEquals(n, first.size());
        assertTrue(first.stream().allMatch(r -> "new".equals(r.type())));
        List<Received> second = harness.poll();
        assertEquals(n, second.size());
        assertTrue(second.stream().allMatch(r -> "changed".equals(r.type())));
    }

    @Test
    void maxMessagesPerPollBoundsABatchAndTheRestComesNext() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=8&maxMessagesPerPoll=10&emitRemoved=true", Map.of()).start();
        Set<String> members = activeMembers();
        Set<String> all = new HashSet<>();
        int polls = 0;
        List<Received> batch;
        while (!(batch = harness.poll()).isEmpty()) {
            polls++;
            assertTrue(batch.size() <= 10);
            assertEquals(batch.size(), batch.get(0).batchSize());
            for (Received r : batch) {
                assertTrue(all.add(r.id()), "no user twice: " + r.id());
                assertEquals("new", r.type());
            }
        }
        assertEquals(members, all);
        assertEquals((members.size() + 9) / 10, polls);
    }

    @Test
    void anExplicitScopeReplacesTheWholeAccountDefault() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=50&onMyAccount=false", Map.of()).start();
        List<Received> got = harness.poll();
        assertTrue(listRequests().stream().noneMatch(r -> "true".equals(r.queryParam("on_my_account"))));
        // Kantata's own default (users sharing a project) leaves out members who are on no project
        assertTrue(got.size() < activeMembers().size(), got.size() + " of " + activeMembers().size());
        harness.close();
        sandbox.clearRequests();

        harness = new ConsumerHarness(sandbox, "perPage=50&participantIn=1", Map.of()).start();
        harness.poll();
        List<RecordedRequest> scoped = listRequests();
        assertFalse(scoped.isEmpty());
        assertTrue(scoped.stream()
                .allMatch(r -> r.queryParam("on_my_account") == null && "1".equals(r.queryParam("participant_in"))));
    }

    @Test
    void incrementalAndAnUpdatedAfterFilterAreRejectedAtStart() throws Exception {
        harness = new ConsumerHarness(sandbox, "incremental=true&updatedAfter=2024-01-01T00:00:00Z", Map.of());
        Exception e = assertThrows(Exception.class, harness::start);
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("incremental") && root.getMessage().contains("updatedAfter"), root.getMessage());
    }

    @Test
    void aConsumerOnAnotherOperationIsRejected() throws Exception {
        harness = new ConsumerHarness(sandbox, "", Map.of());
        Exception e = assertThrows(Exception.class, () -> harness.context.getEndpoint("kantata-users:me").createConsumer(x -> {
        }));
        assertTrue(e.getMessage().contains("only kantata-users:list can be consumed"), e.getMessage());
    }

    @Test
    void twoConsumersKeepTheirOwnStateInOneRepository() throws Exception {
        MemoryBulkStateRepository shared = new MemoryBulkStateRepository();
        harness = new ConsumerHarness(sandbox, "perPage=50&stateRepository=#shared", Map.of("shared", shared)).start();
        int n = harness.poll().size();
        try (ConsumerHarness other = new ConsumerHarness(
                sandbox, "perPage=50&stateRepository=#shared&byFullName=a",
                Map.of("shared", shared)).start()) {
            List<Received> got = other.poll();
            assertFalse(got.isEmpty());
            assertTrue(got.stream().allMatch(r -> "new".equals(r.type())), "its own namespace: all new");
            assertNotEquals(harness.consumer().getStateKeyPrefix(), other.consumer().getStateKeyPrefix());
        }
        assertEquals(List.of(), harness.poll());
        assertTrue(n > 0);
        assertInstanceOf(String.class, harness.consumer().getStateKeyPrefix());
    }

    /**
     * The poll compares users with an index of fingerprints that the repository keeps in step: whatever writes the
     * repository (another consumer on the same prefix, an operator clearing an entry) the next poll sees it, and stored
     * values the index cannot hold compactly are compared as before.
     */
    @Test
    void stateWrittenBehindTheConsumersBackIsSeenByTheNextPoll() throws Exception {
        MemoryBulkStateRepository shared = new MemoryBulkStateRepository();
        harness = new ConsumerHarness(sandbox, "perPage=9&stateRepository=#shared&stateKeyPrefix=s.", Map.of("shared", shared))
                .start();
        List<Received> first = harness.poll();
        assertEquals(activeMembers().size(), first.size());
        assertEquals(List.of(), harness.poll());
        String a = first.get(1).id();
        String b = first.get(2).id();
        String c = first.get(3).id();

        shared.removeState("s.u." + a); // forgotten: new again
        String stored = shared.getState("s.u." + b);
        int sp = stored.indexOf(' ');
        shared.setState("s.u." + b, stored.substring(0, sp).toUpperCase() + stored.substring(sp)); // not the same text
        shared.setState("s.u." + c, shared.getState("s.u." + c).substring(0, sp)); // a fingerprint without JSON
        List<Received> got = harness.poll();
        assertEquals(Map.of(a, "new", b, "changed"), got.stream().collect(Collectors.toMap(Received::id, Received::type)));
        assertEquals(List.of(), harness.poll());

        // a second consumer on the same prefix commits a change: the first one sees it committed
        try (ConsumerHarness other = new ConsumerHarness(
                sandbox, "perPage=9&stateRepository=#shared&stateKeyPrefix=s.",
                Map.of("shared", shared)).start()) {
            assertEquals(List.of(), other.poll());
            String d = first.get(4).id();
            sandbox.data().update(d, Map.of("full_name", "Changed Elsewhere"));
            assertEquals(List.of(d), other.poll().stream().map(Received::id).toList());
        }
        assertEquals(List.of(), harness.poll());
        assertEquals(activeMembers().size(), shared.getKeysByPrefix("s.u.").size());
    }

    /** A file repository stopped between polls may have changed meanwhile: the next poll reads it again. */
    @Test
    void aStateFileStoppedAndStartedBetweenPollsIsReadAgain() throws Exception {
        java.io.File file = new java.io.File("target/consumer-tests/restarted-" + System.nanoTime() + ".state");
        io.github.camelkantata.users.state.FileBulkStateRepository repo
                = new io.github.camelkantata.users.state.FileBulkStateRepository(file);
        harness = new ConsumerHarness(sandbox, "perPage=9&stateRepository=#repo&stateKeyPrefix=f.", Map.of("repo", repo))
                .start();
        List<Received> first = harness.poll();
        assertEquals(activeMembers().size(), first.size());
        assertEquals(List.of(), harness.poll());
        String a = first.get(0).id();
        repo.stop();
        io.github.camelkantata.users.state.FileBulkStateRepository meanwhile
                = new io.github.camelkantata.users.state.FileBulkStateRepository(file);
        meanwhile.start();
        meanwhile.removeState("f.u." + a);
        meanwhile.stop();
        repo.start();
        assertEquals(List.of(a), harness.poll().stream().map(Received::id).toList());
        assertEquals(List.of(), harness.poll());
    }
}
