package io.github.camelkantata.users.consumer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a side-loaded object contributes to a user's fingerprint: by default its reference id only (it is in the user's
 * own JSON), so a manager's new headline emits the manager, not every report; with {@code fingerprintSideLoaded=true}
 * its content too. A state written under the other rule (0.1.0's, or the option switched) is re-baselined on the next
 * full poll without a message for users whose own JSON did not change, and with one for those whose did.
 */
class FingerprintSideLoadedTest extends ConsumerTestSupport {

    /** A manager with at least one report, from a first poll's messages. */
    private static String managerOf(List<Received> first) {
        return first.stream().map(r -> ((User) r.body()).getManagerId()).filter(m -> m != null).findFirst().orElseThrow();
    }

    private static Set<String> reportsOf(List<Received> first, String managerId) {
        return first.stream().map(r -> (User) r.body()).filter(u -> managerId.equals(u.getManagerId())).map(User::getId)
                .collect(Collectors.toSet());
    }

    @Test
    void byDefaultAManagersChangeEmitsTheManagerAlone() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=50&include=manager", Map.of()).start();
        List<Received> first = harness.poll();
        String managerId = managerOf(first);
        assertTrue(activeMembers().contains(managerId));
        assertTrue(!reportsOf(first, managerId).isEmpty());

        sandbox.data().update(managerId, Map.of("headline", "A new headline"));
        List<Received> second = harness.poll();
        assertEquals(List.of(managerId), second.stream().map(Received::id).toList(), "the manager alone");
        assertEquals("changed", second.get(0).type());

        // a report who gets another manager changes its own manager_id: that is a change of the report
        String report = reportsOf(first, managerId).iterator().next();
        String other = first.stream().map(Received::id).filter(id -> !id.equals(managerId) && !id.equals(report)).findFirst()
                .orElseThrow();
        sandbox.data().update(report, Map.of("manager_id", other));
        List<Received> third = harness.poll();
        assertTrue(ids(third).contains(report), "a new manager id is a change of the report: " + ids(third));
    }

    @Test
    void withFingerprintSideLoadedTheManagerAndEveryReportChange() throws Exception {
        harness = new ConsumerHarness(sandbox, "perPage=50&include=manager&fingerprintSideLoaded=true", Map.of()).start();
        List<Received> first = harness.poll();
        String managerId = managerOf(first);
        Set<String> expected = new HashSet<>(reportsOf(first, managerId));
        expected.add(managerId);

        sandbox.data().update(managerId, Map.of("headline", "A new headline"));
        List<Received> second = harness.poll();
        assertEquals(expected, ids(second), "the manager and every user who side-loads it");
        assertTrue(second.stream().allMatch(r -> "changed".equals(r.type())));
    }

    /**
     * A state of 0.1.0 (fingerprints with the side-loaded content, no marker; what {@code fingerprintSideLoaded=true}
     * still writes), read by the default: the upgrade emits only what really changed, with the file and index
     * repository (the fingerprint index) and with a plain one (records read one by one).
     */
    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void anUpgradedStateIsReBaselinedWithoutAMessagePerUser(boolean bulk) throws Exception {
        StateRepository<String, String> repo = bulk ? new MemoryBulkStateRepository() : new MemoryStateRepository();
        String options = "perPage=20&include=manager&stateRepository=#repo&stateKeyPrefix=t.";
        harness = new ConsumerHarness(sandbox, options + "&fingerprintSideLoaded=true", Map.of("repo", repo)).start();
        List<Received> first = harness.poll();
        assertEquals(activeMembers(), ids(first));
        harness.close();
        assertNull(repo.getState("t.meta." + KantataUsersConsumer.META_FINGERPRINT), "the 0.1.0 form: no marker");

        // while the application was down for the upgrade: a manager and one other user changed
        String managerId = managerOf(first);
        String edited = first.stream().map(Received::id)
                .filter(id -> !id.equals(managerId) && !reportsOf(first, managerId).contains(id)).findFirst().orElseThrow();
        sandbox.data().update(managerId, Map.of("headline", "Changed during the upgrade"));
        sandbox.data().update(edited, Map.of("headline", "Also changed"));

        harness = new ConsumerHarness(sandbox, options, Map.of("repo", repo)).start();
        List<Received> upgrade = harness.poll();
        assertEquals(Set.of(managerId, edited), ids(upgrade), "only the users whose own JSON changed");
        assertTrue(upgrade.stream().allMatch(r -> "changed".equals(r.type())));
        assertEquals(KantataUsersConsumer.FINGERPRINT_OWN, repo.getState("t.meta." + KantataUsersConsumer.META_FINGERPRINT));

        assertEquals(List.of(), harness.poll(), "every user carries the new fingerprint");
        sandbox.data().update(managerId, Map.of("headline", "After the upgrade"));
        assertEquals(List.of(managerId), harness.poll().stream().map(Received::id).toList());
    }

    @Test
    void withoutIncludeBothRulesGiveTheSameFingerprint() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        String options = "perPage=20&stateRepository=#repo&stateKeyPrefix=t.";
        harness = new ConsumerHarness(sandbox, options + "&fingerprintSideLoaded=true", Map.of("repo", repo)).start();
        List<Received> first = harness.poll();
        harness.close();
        harness = new ConsumerHarness(sandbox, options, Map.of("repo", repo)).start();
        assertEquals(List.of(), harness.poll());
        Map<String, String> fingerprints = first.stream().collect(Collectors.toMap(Received::id, Received::fingerprint));
        for (String id : fingerprints.keySet()) {
            assertEquals(fingerprints.get(id), UserRecord.decode(repo.getState("t.u." + id)).fingerprint(), id);
        }
    }
}
