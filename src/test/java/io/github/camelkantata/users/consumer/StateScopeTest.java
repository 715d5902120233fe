package io.github.camelkantata.users.consumer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.LogCapture;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.SandboxUser;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer's state is keyed by the account and the users it watches: options that only change how users are read
 * keep it, a changed filter takes it over and reconciles it (out-of-scope users emitted as removed, reason scope, one
 * WARN), and state written under the key of earlier versions is found again.
 */
class StateScopeTest extends ConsumerTestSupport {

    private final MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
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

    /** A consumer on the shared repository, route id {@code sync} as always; the previous one is stopped first. */
    private ConsumerHarness run(String options) throws Exception {
        if (harness != null) {
            harness.close();
        }
        harness = new ConsumerHarness(sandbox, "stateRepository=#repo&" + options, Map.of("repo", repo)).start();
        harness.behaviour(e -> {
            String reason = e.getMessage().getHeader(KantataUsersConstants.REMOVED_REASON, String.class);
            if (reason != null) {
                reasons.put(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class), reason);
            }
        });
        return harness;
    }

    private static Set<String> of(List<Received> got, String type) {
        return got.stream().filter(r -> type.equals(r.type())).map(Received::id).collect(Collectors.toSet());
    }

    @Test
    void optionsThatDoNotChangeWhoIsWatchedKeepTheState() throws Exception {
        assertEquals(activeMembers(), ids(run("perPage=25").poll()));
        String prefix = harness.consumer().getStateKeyPrefix();
        for (String options : List.of("perPage=10", "perPage=10&pageConcurrency=1", "perPage=25&include=manager",
                "perPage=25&include=manager,role&optionalFields=bio,city", "perPage=7&pageConcurrency=3&include=role")) {
            List<Received> first = run(options).poll();
            assertEquals(prefix, harness.consumer().getStateKeyPrefix(), options);
            // include and optionalFields change what a user's message holds, so the first poll may say "changed"; never
            // "new" (the state was found) nor "removed"
            assertEquals(Set.of(), of(first, "new"), options);
            assertEquals(Set.of(), of(first, "removed"), options);
            if (!options.contains("include") && !options.contains("optionalFields")) {
                assertEquals(List.of(), first, options);
            }
            assertEquals(List.of(), harness.poll(), "second poll after " + options);
        }
        assertEquals(List.of(), warnings());
    }

    @Test
    void theBaseUrlCountsByWhatItNamesNotHowItIsSpelled() throws Exception {
        assertEquals(activeMembers(), ids(run("perPage=25").poll()));
        String url = sandbox.baseUrl();
        for (String spelling : List.of(url + "/", url + "//", url.replaceFirst("^http", "HTTP"))) {
            List<Received> got = run("perPage=25&baseUrl=" + spelling).poll();
            assertEquals(List.of(), got, spelling);
        }
        assertEquals(StateIdentity.account("https://api.mavenlink.com/api/v1"),
                StateIdentity.account("HTTPS://API.Mavenlink.com:443/api/v1/"));
        assertEquals(StateIdentity.account("http://127.0.0.1/api/v1"), StateIdentity.account("http://127.0.0.1:80/api/v1"));
        assertNotEquals(StateIdentity.account("https://api.mavenlink.com/api/v1"),
                StateIdentity.account("https://api.mavenlink.com:8443/api/v1"));
    }

    @Test
    void aNarrowedScopeEmitsWhoLeftItAsRemovedWithTheScopeReasonAndOneWarn() throws Exception {
        assertEquals(activeMembers(), ids(run("perPage=25&emitRemoved=true").poll()));
        String before = harness.consumer().getStateKeyPrefix();
        List<SandboxUser> kept = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).limit(5)
                .collect(Collectors.toList());
        String emails = kept.stream().map(SandboxUser::emailAddress).collect(Collectors.joining(","));
        Set<String> keptIds = kept.stream().map(SandboxUser::id).collect(Collectors.toSet());

        List<Received> got = run("perPage=25&emitRemoved=true&byEmailAddresses=" + emails).poll();
        Set<String> left = new java.util.HashSet<>(activeMembers());
        left.removeAll(keptIds);
        assertEquals(left, of(got, "removed"), "everyone out of the new scope, as removed");
        assertEquals(left.size(), got.size(), "nothing else: no user is new again");
        left.forEach(id -> assertEquals("scope", reasons.get(id), id));
        List<String> warnings = warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("byEmailAddresses added"), warnings.get(0));
        for (SandboxUser u : kept) {
            assertFalse(warnings.get(0).contains(u.emailAddress()), "no personal value in the log");
        }
        assertNotEquals(before, harness.consumer().getStateKeyPrefix());
        assertEquals(0, repo.countKeysByPrefix(before), "the state moved; nothing left behind");
        // the confirmation and the account check asked by id, the check without the consumer's filters
        assertTrue(sandbox.requests().stream().anyMatch(r -> r.queryParam("only") != null
                && "true".equals(r.queryParam("show_disabled")) && r.queryParam("by_email_addresses") == null));

        assertEquals(List.of(), harness.poll(), "reconciled: the next poll emits nothing");
        run("perPage=25&emitRemoved=true&byEmailAddresses=" + emails);
        assertEquals(List.of(), harness.poll(), "the same scope again: no warning, nothing emitted");
        assertEquals(1, warnings().size());
    }

    @Test
    void aWidenedScopeEmitsTheNewcomersAsNewAndKeepsTheRest() throws Exception {
        assertEquals(activeMembers(), ids(run("perPage=25&emitRemoved=true").poll()));
        Set<String> disabled = sandbox.data().users().stream().filter(u -> u.onAccount() && u.disabled())
                .map(SandboxUser::id).collect(Collectors.toSet());
        assertFalse(disabled.isEmpty());
        ConsumerHarness widened = run("perPage=25&emitRemoved=true&showDisabled=true");
        List<Received> got = widened.poll();
        assertEquals(disabled, of(got, "new"));
        // showDisabled=true makes the consumer read each user's account membership, whose disabled_at tells a disabled
        // user: the users it knew come once as changed (SYNCING.md), never as new
        assertEquals(got.size() - disabled.size(), of(got, "changed").size());
        assertEquals(List.of(), widened.poll(), "the next poll emits nothing");
        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).contains("showDisabled added"), warnings().get(0));
    }

    @Test
    void theReasonTellsWhoLeftTheAccountFromWhoLeftTheScope() throws Exception {
        assertEquals(activeMembers(), ids(run("perPage=25&emitRemoved=true").poll()));
        // not the token's owner nor the collaborator: their membership decides what the sandbox shows
        List<String> members = activeMembers().stream().filter(id -> !id.equals(sandbox.data().meId())
                && !id.equals(sandbox.data().collaboratorId())).sorted().collect(Collectors.toList());
        String gone = members.get(0);
        String disabled = members.get(1);
        sandbox.data().removeFromAccount(gone);
        sandbox.data().disable(disabled);
        List<Received> got = harness.poll();
        assertEquals(Set.of(gone, disabled), of(got, "removed"));
        assertEquals("account", reasons.get(gone));
        assertEquals("scope", reasons.get(disabled), "still on the account, no longer in the default scope");
        assertEquals(List.of(), warnings(), "no configuration change, no warning");
    }

    @Test
    void aNamedStateIsReconciledInPlaceWhenItsFilterChanges() throws Exception {
        assertEquals(activeMembers(), ids(run("perPage=25&emitRemoved=true&stateKeyPrefix=hr.").poll()));
        List<Received> got = run("perPage=25&emitRemoved=true&stateKeyPrefix=hr.&byFullName=a").poll();
        assertEquals("hr.", harness.consumer().getStateKeyPrefix());
        assertEquals(Set.of(), of(got, "new"));
        assertFalse(of(got, "removed").isEmpty());
        of(got, "removed").forEach(id -> assertEquals("scope", reasons.get(id)));
        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).contains("byFullName added"), warnings().get(0));
        assertEquals(List.of(), harness.poll());
    }

    @Test
    void anIncrementalConsumerWalksEverythingAfterAScopeChange() throws Exception {
        String options = "perPage=25&emitRemoved=true&incremental=true&fullSyncEvery=100";
        assertEquals(activeMembers(), ids(run(options).poll()));
        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll());
        assertTrue(sandbox.requests().stream().allMatch(r -> r.queryParam("updated_after") != null), "incremental");

        sandbox.clearRequests();
        List<Received> got = run(options + "&byFullName=a").poll();
        assertTrue(sandbox.requests().stream().filter(r -> r.queryParam("only") == null)
                .allMatch(r -> r.queryParam("updated_after") == null), "the poll after the change is full");
        assertFalse(of(got, "removed").isEmpty());
        of(got, "removed").forEach(id -> assertEquals("scope", reasons.get(id)));
        assertEquals(Set.of(), of(got, "new"));
        assertEquals(1, warnings().size());
    }

    /**
     * With changeDetection=events the poll after a scope change walks the account, as a full poll must to find who left
     * the scope; otherwise the change feed (which names only users that changed) would leave them in the state until
     * the daily reconciliation. With the default key and with a named one (stateKeyPrefix).
     */
    @ParameterizedTest
    @ValueSource(strings = { "", "&stateKeyPrefix=events-sync." })
    void anEventsConsumerWalksEverythingAfterAScopeChange(String prefix) throws Exception {
        String options = "perPage=25&emitRemoved=true&changeDetection=events&eventsOverlap=0s" + prefix;
        assertEquals(activeMembers(), ids(run(options).poll()));
        sandbox.clearRequests();
        assertEquals(List.of(), harness.poll());
        assertTrue(sandbox.requests().stream().anyMatch(r -> r.path().endsWith("/subscribed_events")), "events poll");
        assertTrue(
                sandbox.requests().stream().filter(r -> r.path().endsWith("/users"))
                        .allMatch(r -> r.queryParam("only") != null),
                "no walk before the change");

        sandbox.clearRequests();
        List<Received> got = run(options + "&byFullName=a").poll();
        assertTrue(sandbox.requests().stream().anyMatch(r -> r.path().endsWith("/users") && r.queryParam("only") == null),
                "the poll after the change walks the account: " + sandbox.requests());
        assertFalse(of(got, "removed").isEmpty());
        of(got, "removed").forEach(id -> assertEquals("scope", reasons.get(id)));
        assertEquals(Set.of(), of(got, "new"));
        assertEquals(1, warnings().size());
    }

    /**
     * Earlier versions keyed the state by a hash of the base URL and the whole list query. Such a state (written here
     * under that key, without the facts this version adds) is found and moved on first start, nothing emitted.
     */
    @Test
    void stateUnderTheKeyOfEarlierVersionsIsMovedWithNothingEmitted() throws Exception {
        String options = "perPage=25&emitRemoved=true&include=manager";
        run(options);
        String query = harness.consumer().getEndpoint().buildListQuery(true);
        byte[] h = MessageDigest.getInstance("SHA-256")
                .digest((sandbox.baseUrl() + "?" + query).getBytes(StandardCharsets.UTF_8));
        String legacy = "kantata-users." + HexFormat.of().formatHex(h, 0, 8) + ".";
        harness.close();
        harness = null;
        repo.getKeysByPrefix("").forEach(repo::removeState);

        // what the earlier version wrote: users and poll facts under its key, and nothing else
        assertEquals(activeMembers(), ids(run(options + "&stateKeyPrefix=" + legacy).poll()));
        for (String key : repo.getKeysByPrefix("")) {
            if (!key.startsWith(legacy + "u.") && !key.startsWith(legacy + "meta.lastPollStart")) {
                repo.removeState(key);
            }
        }
        int users = repo.countKeysByPrefix(legacy + "u.");
        assertEquals(activeMembers().size(), users);

        assertEquals(List.of(), run(options).poll(), "found again: nothing emitted");
        String prefix = harness.consumer().getStateKeyPrefix();
        assertNotEquals(legacy, prefix);
        assertEquals(0, repo.countKeysByPrefix(legacy), "moved, not copied");
        assertEquals(users, repo.countKeysByPrefix(prefix + "u."));
        assertEquals(List.of(), warnings());
        assertNull(repo.getState(prefix + "meta.movedFrom") == null || repo.getState(prefix + "meta.movedFrom").isEmpty()
                ? null : "a finished move leaves no marker");
    }
}
