package io.github.camelkantata.users.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import io.github.camelkantata.users.state.StateWatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fingerprint index and the walk's id set against plain maps: random writes and deletes (the table grows, and
 * deletes move entries back along their probe runs), odd ids and odd stored values, compared with what reading the
 * records from the repository says.
 */
class FingerprintIndexTest {

    private static final String PREFIX = "ns.";

    private static UserRecord record(int content) throws Exception {
        return UserRecord.of(Json.MAPPER.readValue("{\"id\":\"1\",\"headline\":\"v" + content + "\"}", User.class));
    }

    @Test
    void verdictsAndCountMatchTheRepositoryThroughRandomWrites() throws Exception {
        UserRecord[] versions = new UserRecord[4];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = record(i);
        }
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        ConsumerState viaIndex = new ConsumerState(repo, PREFIX);
        // the same repository read without an index: a ConsumerState that never opens one
        ConsumerState viaRecords = new ConsumerState(repo, PREFIX);
        repo.setState(PREFIX + "u.5", versions[0].encode()); // present before the index opens: replayed
        viaIndex.openIndex();
        FingerprintIndex index = viaIndex.index();
        assertNotNull(index);

        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            ids.add(Integer.toString(random.nextInt(5000)));
        }
        ids.addAll(List.of("0", "007", "-3", "abc", "12345678901234567890", "9223372036854775807", "1e3", ""));
        for (int step = 0; step < 20000; step++) {
            String id = ids.get(random.nextInt(ids.size()));
            String key = PREFIX + "u." + id;
            switch (random.nextInt(6)) {
                case 0, 1 -> repo.setState(key, versions[random.nextInt(versions.length)].encode());
                case 2 -> repo.removeState(key);
                case 3 -> repo.setState(key, versions[random.nextInt(versions.length)].fingerprint()); // no JSON
                case 4 -> repo.setStates(Map.of(key, random.nextBoolean() ? "" : "ODD-FINGERPRINT x"));
                default -> repo.setState(key, versions[random.nextInt(versions.length)].fingerprint().toUpperCase() + " x");
            }
            if (step % 1000 == 999) {
                List<String> asked = new ArrayList<>(new HashSet<>(ids));
                List<UserRecord> now = new ArrayList<>();
                for (int i = 0; i < asked.size(); i++) {
                    now.add(versions[random.nextInt(versions.length)]);
                }
                assertEquals(toList(viaRecords.compareByRecords(asked, now)), toList(index.compare(asked, now)),
                        "step " + step);
                assertEquals(repo.countKeysByPrefix(PREFIX + "u."), index.size());
                // put some entries in another order (ids twice, unknown and non-numeric ones included): nothing changes
                long[] walk = new long[500];
                for (int w = 0; w < walk.length; w++) {
                    walk[w] = Math.max(-1, FingerprintIndex.number(ids.get(random.nextInt(ids.size()))));
                }
                index.reorder(walk, walk.length);
                assertEquals(toList(viaRecords.compareByRecords(asked, now)), toList(index.compare(asked, now)),
                        "reordered at " + step);
                assertEquals(repo.countKeysByPrefix(PREFIX + "u."), index.size());
            }
        }
        repo.setState("other.u.5", versions[1].encode()); // another prefix: not ours
        assertEquals(repo.countKeysByPrefix(PREFIX + "u."), index.size());
        repo.clear();
        assertEquals(0, index.size());
        viaIndex.close();
        assertEquals(null, viaIndex.index());
    }

    /** Entries loaded in another order than the walk's are put in the walk's order once, and stay found. */
    @Test
    void entriesLoadedInAnotherOrderArePutInTheWalksOrderOnce() throws Exception {
        UserRecord r = record(1);
        List<String> walk = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            walk.add(Integer.toString(i * 7));
        }
        List<String> loaded = new ArrayList<>(walk);
        java.util.Collections.shuffle(loaded, new Random(3));
        FingerprintIndex index = new FingerprintIndex(PREFIX.length() + 2);
        for (String id : loaded) {
            index.accept(PREFIX + "u." + id, r.encode());
        }
        List<UserRecord> now = java.util.Collections.nCopies(walk.size(), r);
        long[] numbers = walk.stream().mapToLong(Long::parseLong).toArray();
        for (int page = 0; page < walk.size(); page += 200) {
            byte[] v = index.compare(walk.subList(page, page + 200), now.subList(page, page + 200));
            for (byte b : v) {
                assertEquals(FingerprintIndex.SAME, b);
            }
        }
        assertTrue(index.reorder(numbers, numbers.length), "scattered: reordered");
        for (int page = 0; page < walk.size(); page += 200) {
            byte[] v = index.compare(walk.subList(page, page + 200), now.subList(page, page + 200));
            for (byte b : v) {
                assertEquals(FingerprintIndex.SAME, b);
            }
        }
        assertFalse(index.reorder(numbers, numbers.length), "in order now: left alone");
        assertEquals(5000, index.size());
        index.accept(PREFIX + "u.7", null);
        assertArrayEquals(new byte[] { FingerprintIndex.NEW, FingerprintIndex.SAME },
                index.compare(List.of("7", "14"), List.of(r, r)));
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }

    @Test
    void aClosedWatchHearsNothingMore() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        Map<String, String> heard = new HashMap<>();
        StateWatch watch = repo.watch("p.", (k, v) -> heard.put(k, v));
        repo.setState("p.a", "1");
        watch.close();
        repo.setState("p.b", "2");
        assertFalse(watch.isActive());
        assertEquals(Map.of("p.a", "1"), heard);
    }

    @Test
    void theIdSetAgreesWithAHashSet() {
        Random random = new Random(7);
        IdSet ids = new IdSet();
        Set<String> reference = new HashSet<>();
        for (int i = 0; i < 50000; i++) {
            int kind = random.nextInt(10);
            String id = kind == 0 ? "x" + random.nextInt(500)
                    : kind < 4 ? Long.toString(100_000_000_000L + random.nextInt(60000)) // past the bit set: hashed
                    : Integer.toString(random.nextInt(60000));
            if (random.nextInt(50) == 0) {
                id = "0" + id; // not a plain number: kept apart from the number it reads as
            }
            assertEquals(reference.add(id), ids.add(id), id);
        }
        for (int i = 0; i < 70000; i++) {
            String id = Integer.toString(i);
            assertEquals(reference.contains(id), ids.contains(id), id);
            assertEquals(reference.contains("0" + id), ids.contains("0" + id));
            String large = Long.toString(100_000_000_000L + i);
            assertEquals(reference.contains(large), ids.contains(large), large);
        }
        assertTrue(ids.contains("x1") == reference.contains("x1"));
    }
}
