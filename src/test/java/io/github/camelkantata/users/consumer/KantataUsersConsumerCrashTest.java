package io.github.camelkantata.users.consumer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.SandboxUser;
import io.github.camelkantata.users.state.BulkStateRepository;
import io.github.camelkantata.users.state.JdbcStateRepository;
import io.github.camelkantata.users.state.StateFileLock;
import io.github.camelkantata.users.state.StateFileProbe;
import io.github.camelkantata.users.state.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kill -9} of a consumer JVM in the middle of a first sync of 50,000 users, then a restart, on {@code stateFile}
 * (SQLite) and on PostgreSQL: every user is committed exactly once and no change is lost.
 * <p>
 * The consumer runs in a child JVM ({@link StateFileCrashChild}) on this test's class path, against a sandbox served
 * from this JVM over real HTTP. The child's route logs every user it processed, and the state file, read after the
 * kill, says exactly which users were committed. Exact claims:
 * <ul>
 * <li>the state never holds a user the route did not process, and what was processed but not committed is at most the
 * completed exchanges of the commit batch not yet written plus the one in progress (the in-flight count is
 * printed);</li>
 * <li>after the restart, no committed user comes again as {@code new}, every uncommitted one does, and users changed
 * while the consumer was down come as {@code changed} (committed before) or {@code new} with the change (not
 * committed);</li>
 * <li>the final state holds all 50,000 users, with the changes.</li>
 * </ul>
 * It prints the in-flight count and the state file's size (see docs/STATE.md).
 */
class KantataUsersConsumerCrashTest {

    private static final int USERS = 50_000;
    private static final int KILL_AFTER = 20_000;
    private static final String PREFIX = "crash.u.";

    @Test
    void killMinus9InTheMiddleOfAFirstSyncOnStateFile() throws Exception {
        Path dir = Path.of("target", "crash-test").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("kantata.state");
        crash(dir, file.toString(), new Store() {
            @Override
            public BulkStateRepository open() {
                handle = StateFileLock.acquire(file, "the crash test");
                return handle.repository();
            }

            StateFileLock.Handle handle;

            @Override
            public void close() {
                handle.release();
            }

            @Override
            public void assertRefusedWhileTheChildRuns() throws Exception {
                // the live child holds the file: a second owner, here in another process, is refused
                Exception refused = assertThrows(Exception.class, () -> StateFileLock.acquire(file, "intruder"));
                assertTrue(String.valueOf(refused.getMessage()).contains("already in use"), String.valueOf(refused));
                assertTrue(StateFileProbe.probe(file).startsWith("refused"));
            }

            @Override
            public long size() throws Exception {
                return Files.size(file);
            }
        });
    }

    @Test
    void killMinus9InTheMiddleOfAFirstSyncOnPostgres() throws Exception {
        org.postgresql.ds.PGSimpleDataSource ds = TestPostgres.dataSource("crash-test");
        String skip = TestPostgres.unavailableReason(ds);
        Assumptions.assumeTrue(skip == null, skip);
        Path dir = Path.of("target", "crash-test-pg").toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        String name = "crash-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        crash(dir, "pg:" + name, new Store() {
            JdbcStateRepository repo;

            @Override
            public BulkStateRepository open() {
                repo = new JdbcStateRepository(ds, name);
                repo.start();
                return repo;
            }

            @Override
            public void close() {
                repo.stop();
            }

            @Override
            public void assertRefusedWhileTheChildRuns() {
                // a shared database has no single owner: the nodes share it (KantataUsersConsumerClusterTest)
            }

            @Override
            public long size() {
                return -1;
            }

            @Override
            public void cleanUp() {
                JdbcStateRepository r = new JdbcStateRepository(ds, name);
                r.start();
                r.clear();
                r.stop();
            }
        });
    }

    /** The store under test, opened by this JVM only when no child holds it. */
    private interface Store {
        BulkStateRepository open() throws Exception;

        void close() throws Exception;

        void assertRefusedWhileTheChildRuns() throws Exception;

        long size() throws Exception;

        default void cleanUp() throws Exception {
        }
    }

    private void crash(Path dir, String state, Store store) throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(59_700).start()) {
            Set<String> all = exactlyActiveMembers(sandbox, USERS);

            // 1. first sync, killed in the middle
            Path log1 = dir.resolve("seen-1.log");
            Process child1 = startChild(sandbox, state, log1, dir.resolve("stop-1"), dir.resolve("child-1.out"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (countLines(log1) < KILL_AFTER) {
                if (!child1.isAlive() || System.nanoTime() > deadline) {
                    child1.destroyForcibly();
                    fail("the child did not reach " + KILL_AFTER + " users: " + Files.readString(dir.resolve("child-1.out")));
                }
                Thread.sleep(5);
            }
            child1.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no unlock
            assertTrue(child1.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child1.exitValue(), "killed by SIGKILL");

            Map<String, List<String>> seen1 = readLog(log1);
            Set<String> processed1 = union(seen1);
            assertEquals(processed1, new HashSet<>(seen1.getOrDefault("new", List.of())), "a first sync emits only new");
            assertTrue(processed1.size() < USERS, "killed in the middle: " + processed1.size());

            // what the state holds after the kill (the child is dead: nobody holds it)
            Set<String> committed1;
            try {
                committed1 = ids(store.open().getKeysByPrefix(PREFIX));
            } finally {
                store.close();
            }
            assertTrue(processed1.containsAll(committed1), "the state holds only users the route processed");
            Set<String> inFlight = new TreeSet<>(processed1);
            inFlight.removeAll(committed1);
            // completed but not yet in a written batch, plus the one in progress
            assertTrue(inFlight.size() <= KantataUsersConsumer.COMMIT_BATCH,
                    "processed but not committed: at most one commit batch, " + inFlight.size());
            assertTrue(committed1.size() >= KILL_AFTER - KantataUsersConsumer.COMMIT_BATCH, "committed " + committed1.size());

            // 2. changes while the consumer is down: three committed users and three it never reached
            Map<String, String> changes = new HashMap<>();
            List<String> committedList = new ArrayList<>(new TreeSet<>(committed1));
            List<String> untouched = all.stream().filter(id -> !processed1.contains(id)).sorted().toList();
            for (int i = 0; i < 3; i++) {
                changes.put(committedList.get(i * 1000), "Changed While Down " + i);
                changes.put(untouched.get(i * 1000), "Changed Before Seen " + i);
            }
            changes.forEach((id, name) -> sandbox.data().update(id, Map.of("full_name", name)));

            // 3. restart on the crashed file
            Path log2 = dir.resolve("seen-2.log");
            Path stop2 = dir.resolve("stop-2");
            Path out2 = dir.resolve("child-2.out");
            Process child2 = startChild(sandbox, state, log2, stop2, out2);
            try {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!Files.readString(out2).contains("bytesWritten=")) {
                    if (!child2.isAlive() || System.nanoTime() > deadline) {
                        fail("the restarted child did not finish: " + Files.readString(out2));
                    }
                    Thread.sleep(20);
                }
                store.assertRefusedWhileTheChildRuns();
                Files.createFile(stop2);
                assertTrue(child2.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, child2.exitValue(), Files.readString(out2));
            } finally {
                child2.destroyForcibly();
            }

            Map<String, List<String>> seen2 = readLog(log2);
            Set<String> new2 = new HashSet<>(seen2.getOrDefault("new", List.of()));
            List<String> changed2 = seen2.getOrDefault("changed", List.of());
            assertEquals(Set.of("new", "changed"), seen2.keySet(), "no other change type: " + seen2.keySet());
            assertEquals(new2.size(), seen2.get("new").size(), "each user once");

            Set<String> notCommitted = new HashSet<>(all);
            notCommitted.removeAll(committed1);
            assertEquals(notCommitted, new2, "exactly the users not committed before the kill come (again) as new");
            Set<String> changedCommitted = changes.keySet().stream().filter(committed1::contains).collect(Collectors.toSet());
            assertEquals(changedCommitted, new HashSet<>(changed2), "changes made while down to committed users");
            assertEquals(changedCommitted.size(), changed2.size());
            Set<String> everSeen = new HashSet<>(processed1);
            everSeen.addAll(union(seen2));
            assertEquals(all, everSeen, "every user was seen");

            // 4. the final state: all 50,000 users, with the changes
            BulkStateRepository fin = store.open();
            try {
                assertEquals(all, ids(fin.getKeysByPrefix(PREFIX)));
                for (Map.Entry<String, String> c : changes.entrySet()) {
                    UserRecord r = UserRecord.decode(fin.getState(PREFIX + c.getKey()));
                    assertEquals(c.getValue(), r.toUser(c.getKey()).getFullName());
                }
            } finally {
                store.close();
            }

            System.out.printf("kill -9 on %s after %d of %d users processed (%d committed, %d in flight: processed, not"
                              + " committed, emitted again after the restart); final state file %d bytes%n",
                    state.startsWith("pg:") ? "PostgreSQL" : "stateFile", processed1.size(), USERS, committed1.size(),
                    inFlight.size(), store.size());
        } finally {
            store.cleanUp();
        }
    }

    /** Removes users from the account until exactly {@code n} active members are listed. */
    private static Set<String> exactlyActiveMembers(KantataSandbox sandbox, int n) {
        List<String> active = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                .map(SandboxUser::id).sorted().toList();
        assertTrue(active.size() >= n, "seed more users: " + active.size());
        for (String id : active.subList(n, active.size())) {
            sandbox.data().removeFromAccount(id);
        }
        return new HashSet<>(active.subList(0, n));
    }

    private static Process startChild(KantataSandbox sandbox, String state, Path log, Path stop, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StateFileCrashChild.class.getName(), sandbox.baseUrl(), sandbox.token(), state, log.toString(),
                stop.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(out.toFile());
        return pb.start();
    }

    /** Change type to the user ids in log order; a last line without its newline (cut by the kill) is ignored. */
    private static Map<String, List<String>> readLog(Path log) throws Exception {
        Map<String, List<String>> out = new HashMap<>();
        if (!Files.exists(log)) {
            return out;
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            int sp = line.indexOf(' ');
            out.computeIfAbsent(line.substring(0, sp), k -> new ArrayList<>()).add(line.substring(sp + 1));
        }
        return out;
    }

    private static Set<String> union(Map<String, List<String>> seen) {
        Set<String> s = new HashSet<>();
        seen.values().forEach(s::addAll);
        return s;
    }

    private static Set<String> ids(Set<String> keys) {
        return keys.stream().map(k -> k.substring(PREFIX.length())).collect(Collectors.toSet());
    }

    private static long countLines(Path log) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(log);
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
