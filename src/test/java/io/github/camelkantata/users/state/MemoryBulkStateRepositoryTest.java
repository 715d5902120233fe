package io.github.camelkantata.users.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBulkStateRepositoryTest {

    @Test
    void sameSemanticsAsJdbc() {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        repo.start();
        assertNull(repo.getState("user.1"));
        repo.setState("user.1", "a");
        repo.setState("user.1", "b");
        assertEquals("b", repo.getState("user.1"));
        repo.setState("user.1", null);
        assertNull(repo.getState("user.1"));

        Map<String, String> batch = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            batch.put("user." + i, "v" + i);
        }
        batch.put("us_r", "x");
        repo.setStates(batch);
        assertEquals(5000, repo.getStatesByPrefix("user.").size());
        assertEquals(5001, repo.getStatesByPrefix(null).size());
        assertEquals(Map.of("us_r", "x"), repo.getStatesByPrefix("us_"));
        assertEquals(Map.of("user.7", "v7"), repo.getStates(List.of("user.7", "missing")));

        Map<String, String> deletes = new HashMap<>();
        deletes.put("user.7", null);
        deletes.put("new", "n");
        repo.setStates(deletes);
        assertNull(repo.getState("user.7"));
        assertEquals("n", repo.getState("new"));
        repo.removeState("new");
        assertNull(repo.getState("new"));

        // survives a service restart, like the JDBC repository
        repo.stop();
        repo.start();
        assertEquals(5000, repo.size());
        repo.clear();
        assertEquals(Map.of(), repo.getStatesByPrefix(""));

        assertThrows(IllegalArgumentException.class, () -> repo.setState(null, "v"));
        assertThrows(IllegalArgumentException.class, () -> repo.getState(null));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertThrows(IllegalArgumentException.class, () -> repo.setStates(nullKey));
    }

    @Test
    void concurrentWritersLoseNoWrite() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (i % 2 == 0) {
                            repo.setState("t" + thread + "." + i, "v");
                        } else {
                            repo.setStates(Map.of("t" + thread + "." + i, "v"));
                        }
                        repo.getStatesByPrefix("t" + thread);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4000, repo.getStatesByPrefix("t").size());
    }

    /** A watch sees the entries under its prefix, then every write to them; concurrent writes to one key in order. */
    @Test
    void aWatchSeesTheEntriesThenEveryWriteInTheOrderTheyTakeEffect() throws Exception {
        MemoryBulkStateRepository repo = new MemoryBulkStateRepository();
        repo.setState("p.a", "1");
        repo.setState("q.a", "1");
        Map<String, String> copy = new java.util.concurrent.ConcurrentHashMap<>();
        StateWatch watch = repo.watch("p.", (k, v) -> {
            if (v == null) {
                copy.remove(k);
            } else {
                copy.put(k, v);
            }
        });
        assertEquals(Map.of("p.a", "1"), copy);
        Map<String, String> batch = new HashMap<>();
        batch.put("p.a", null);
        batch.put("p.b", "2");
        batch.put("q.b", "2");
        repo.setStates(batch);
        assertEquals(Map.of("p.b", "2"), copy);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        String key = "p.k" + (i % 7); // the same few keys from every thread
                        if ((i + thread) % 5 == 0) {
                            repo.removeState(key);
                        } else {
                            repo.setState(key, thread + "." + i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(repo.getStatesByPrefix("p."), copy);
        repo.clear();
        assertEquals(Map.of(), copy);
        assertTrue(watch.isActive(), "the in-memory repository keeps its watches: nothing can change behind it");
        watch.close();
        repo.setState("p.c", "3");
        assertEquals(Map.of(), copy);
    }
}
