package io.github.camelkantata.users.consumer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.Role;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's state records and keys, without Camel routes. */
class ConsumerStateTest {

    private static User user(String json) throws Exception {
        return Json.MAPPER.readValue(json, User.class);
    }

    @Test
    void theFingerprintIgnoresFieldOrderButNotContentOrSideLoadedObjects() throws Exception {
        User a = user("{\"id\":\"7\",\"full_name\":\"Ann\",\"x_new\":{\"b\":1,\"a\":2},\"headline\":\"h\"}");
        User b = user("{\"headline\":\"h\",\"x_new\":{\"a\":2,\"b\":1},\"full_name\":\"Ann\",\"id\":\"7\"}");
        assertEquals(UserRecord.of(a).fingerprint(), UserRecord.of(b).fingerprint());
        User twoUnknownA = user("{\"id\":\"7\",\"zeta\":1,\"alpha\":2}");
        User twoUnknownB = user("{\"alpha\":2,\"id\":\"7\",\"zeta\":1}");
        assertEquals(UserRecord.of(twoUnknownA).fingerprint(), UserRecord.of(twoUnknownB).fingerprint(),
                "unknown top-level fields in another order are the same content");
        User c = user("{\"id\":\"7\",\"full_name\":\"Anne\",\"x_new\":{\"b\":1,\"a\":2},\"headline\":\"h\"}");
        assertNotEquals(UserRecord.of(a).fingerprint(), UserRecord.of(c).fingerprint());

        Role role = new Role();
        role.setId("3");
        role.setAdditionalProperty("name", "Engineer");
        b.setRole(role);
        String withRole = UserRecord.of(b).fingerprint();
        assertNotEquals(UserRecord.of(a).fingerprint(), withRole, "a side-loaded object is part of the user");
        role.setAdditionalProperty("name", "Lead Engineer");
        assertNotEquals(withRole, UserRecord.of(b).fingerprint(), "and so is a change to it");
    }

    /**
     * State written by earlier versions must keep matching: the fingerprints are golden values from the version before
     * the fingerprint became four longs (commit b1c46a4), for the fast path (digests taken while parsing) and the
     * canonical one.
     */
    @Test
    void fingerprintsAreTheSameHexAsEarlierVersionsStored() throws Exception {
        String user7 = "{\"id\":\"7\",\"full_name\":\"A\",\"role_id\":\"3\"}";
        String body = "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"7\"}],\"users\":{\"7\":" + user7 + "},"
                      + "\"roles\":{\"3\":{\"id\":\"3\",\"name\":\"R\"}},\"meta\":{\"count\":1,\"page_count\":1,"
                      + "\"page_number\":1,\"page_size\":20}}";
        User read = io.github.camelkantata.users.client.EnvelopeReader.readUsers(body.getBytes(StandardCharsets.UTF_8), true)
                .users().get(0);
        UserRecord fromSource = UserRecord.of(read);
        assertEquals("9b3a6ee5b8f4897ede321c2c1f5ee55adc1e6f66996f639e9c046e9c512a6a89", fromSource.fingerprint());
        UserRecord canonical
                = UserRecord.of(user("{\"id\":\"9\",\"full_name\":\"Ann\",\"x_new\":{\"b\":1,\"a\":2},\"headline\":\"h\"}"));
        assertEquals("3d7d73614c90138db45014f206d01fb451bbbfe1b60eead0a64b5c3abb1114ca", canonical.fingerprint());

        // and the index compares the stored hex with the longs of a fresh record
        FingerprintIndex index = new FingerprintIndex("p.u.".length());
        index.accept("p.u.7", UserRecord.decode(fromSource.encode()).encode());
        index.accept("p.u.9", "3d7d73614c90138db45014f206d01fb451bbbfe1b60eead0a64b5c3abb1114ca"); // fingerprint only
        assertArrayEquals(new byte[] { FingerprintIndex.SAME, FingerprintIndex.SAME, FingerprintIndex.NEW },
                index.compare(List.of("7", "9", "8"), List.of(fromSource, canonical, canonical)));
    }

    @Test
    void theStoredFormSurvivesLineAndKeyValueBasedRepositories() throws Exception {
        User u = user("{\"id\":\"9\",\"full_name\":\"Ünïcode = tricky\\nname\",\"photo_path\":\"https://x/p.png?a=b&c=d\"}");
        UserRecord r = UserRecord.of(u);
        String stored = r.encode();
        assertFalse(stored.contains("=") || stored.contains("\n") || stored.contains("\r"), stored);
        UserRecord back = UserRecord.decode(stored);
        assertEquals(r, back);
        User again = back.toUser("9");
        assertEquals("Ünïcode = tricky\nname", again.getFullName());
        assertEquals("https://x/p.png?a=b&c=d", again.getPhotoPath());
        assertNull(UserRecord.decode(""), "an empty value is a tombstone");
        assertNull(UserRecord.decode(null));
    }

    @Test
    void aRepositoryThatCannotListKeysGetsAnIndexOfKnownIds() throws Exception {
        MemoryStateRepository plain = new MemoryStateRepository();
        ConsumerState state = new ConsumerState(plain, "ns1.");
        UserRecord r = UserRecord.of(user("{\"id\":\"1\",\"full_name\":\"A\"}"));
        for (int i = 1; i <= 100; i++) {
            state.put(Integer.toString(i), r);
        }
        state.remove("42");
        assertEquals(99, state.knownIds().size());
        assertFalse(state.knownIds().contains("42"));
        assertEquals(Set.of("1", "2"), state.get(List.of("1", "2", "42")).keySet());
        // another namespace in the same repository sees nothing of it
        assertTrue(new ConsumerState(plain, "ns2.").knownIds().isEmpty());
        // bucketed: no single key holds the whole index
        int nonEmptyBuckets = 0;
        for (int b = 0; b < ConsumerState.BUCKETS; b++) {
            String ids = plain.getState("ns1.idx." + b);
            if (ids != null && !ids.isEmpty()) {
                nonEmptyBuckets++;
                assertTrue(ids.split(",").length < 99, "bucket " + b + ": " + ids);
            }
        }
        assertTrue(nonEmptyBuckets > ConsumerState.BUCKETS / 2, "spread over buckets: " + nonEmptyBuckets);
    }

    @Test
    void aBulkRepositoryIsEnumeratedByPrefixWithoutAnIndex() throws Exception {
        MemoryBulkStateRepository bulk = new MemoryBulkStateRepository();
        ConsumerState state = new ConsumerState(bulk, "ns1.");
        UserRecord r = UserRecord.of(user("{\"id\":\"1\",\"full_name\":\"A\"}"));
        state.put("1", r);
        state.put("2", r);
        state.meta(Map.of("lastPollStart", "2026-01-01T00:00:00Z"));
        state.remove("2");
        assertEquals(Set.of("1"), state.knownIds());
        assertTrue(bulk.getStatesByPrefix("ns1.idx.").isEmpty());
        assertEquals("2026-01-01T00:00:00Z", state.meta("lastPollStart"));
    }

    private static User read(String managerName, String headline) throws Exception {
        String body = "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"5\"}],\"users\":{"
                      + "\"5\":{\"id\":\"5\",\"full_name\":\"Eve\",\"headline\":\"" + headline + "\",\"manager_id\":\"6\"},"
                      + "\"6\":{\"id\":\"6\",\"full_name\":\"" + managerName + "\"}}}";
        return io.github.camelkantata.users.client.EnvelopeReader.readUsers(body.getBytes(StandardCharsets.UTF_8), true).users()
                .get(0);
    }

    @Test
    void usersReadFromAResponseAreFingerprintedFromTheRawJson() throws Exception {
        User a = read("Boss", "h");
        assertTrue(a.getSourceDigest() != null && a.getManager().getSourceDigest() != null, "the reader digests each object");
        assertEquals(UserRecord.of(a).fingerprint(), UserRecord.of(read("Boss", "h")).fingerprint());
        assertNotEquals(UserRecord.of(a).fingerprint(), UserRecord.of(read("Boss", "h2")).fingerprint(), "own content");
        assertNotEquals(UserRecord.of(a).fingerprint(), UserRecord.of(read("Big Boss", "h")).fingerprint(),
                "side-loaded manager");
    }

    /** A full poll needs only the known ids: it must not read every user's stored JSON to get them. */
    @Test
    void knownIdsReadKeysOnlyFromABulkRepository() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository() {
            @Override
            public Map<String, String> getStatesByPrefix(String keyPrefix) {
                throw new AssertionError("values read to list the known ids");
            }
        };
        ConsumerState state = new ConsumerState(repo, "p.");
        state.put("1", UserRecord.of(user("{\"id\":\"1\",\"full_name\":\"One\"}")));
        state.put("2", UserRecord.of(user("{\"id\":\"2\",\"full_name\":\"Two\"}")));
        state.meta("lastPollStart", "2026-01-01T00:00:00Z");
        repo.setState("other.u.3", "x");
        assertEquals(Set.of("1", "2"), state.knownIds());
        state.remove("1");
        assertEquals(Set.of("2"), state.knownIds());
    }
}
