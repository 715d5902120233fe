package io.github.camelkantata.users.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.state.BulkStateRepository;
import io.github.camelkantata.users.state.FileBulkStateRepository;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import io.github.camelkantata.users.state.StateFileLock;
import io.github.camelkantata.users.state.StateFileProbe;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code stateFile} option (a SQLite database): bytes written grow linearly, a file has one owner that a refused
 * second owner never weakens, it belongs to the consumer (remove and add the route: it resumes), it is owner-only, a
 * damaged one is refused, and older formats are migrated.
 */
class KantataUsersConsumerStateFileTest {

    @TempDir
    Path dir;

    /** What one first sync of a sandbox of {@code users} users cost. */
    private record Sync(int emitted, long bytesWritten, long fileSize) {
        double perUser() {
            return (double) bytesWritten / emitted;
        }
    }

    private Sync firstSync(int users, String name) throws Exception {
        Path file = dir.resolve(name);
        try (KantataSandbox sandbox = KantataSandbox.builder().users(users).start();
             ConsumerHarness harness = new ConsumerHarness(sandbox, "perPage=200&stateFile=" + file, Map.of()).start()) {
            long before = processBytesWritten();
            List<Received> got = harness.poll();
            long written = processBytesWritten() - before;
            assertTrue(got.stream().allMatch(r -> "new".equals(r.type())));
            assertEquals(List.of(), harness.poll(), "everything was committed");
            return new Sync(got.size(), written, Files.size(file));
        }
    }

    /**
     * Every byte the JVM wrote during a first sync (the state file, and the sandbox's HTTP answers, which are linear
     * too), per emitted user, is the same for N and 2N users. Camel's FileStateRepository, which rewrites its whole
     * file on every write past 1 MB, wrote about 3x more per user at 2N than at N here.
     */
    @Test
    void bytesWrittenByAFirstSyncGrowLinearlyWithTheNumberOfUsers() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/io")), "needs Linux /proc/self/io");
        Sync n = firstSync(1500, "n.dat");
        Sync twoN = firstSync(3000, "2n.dat");
        System.out.printf("stateFile first sync: %d users -> %d bytes written by the JVM (state file %d bytes); "
                          + "%d users -> %d bytes (state file %d bytes)%n",
                n.emitted(), n.bytesWritten(), n.fileSize(), twoN.emitted(), twoN.bytesWritten(), twoN.fileSize());
        assertTrue(twoN.emitted() > 1.9 * n.emitted());
        double ratio = twoN.perUser() / n.perUser();
        assertTrue(ratio > 0.8 && ratio < 1.25, "bytes written per user grew by " + ratio + " from N to 2N users");
        // and the state file itself holds little more than one record per user
        assertTrue(n.bytesWritten() < 4 * n.fileSize() + 4_000_000L, n.toString());
    }

    /** Two consumers given one stateFile would overwrite each other; the second one fails at start instead. */
    @Test
    void aSecondConsumerOnTheSameStateFileFailsAtStartNamingTheFile() throws Exception {
        Path file = dir.resolve("shared.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(30).start()) {
            CamelContext context = new DefaultCamelContext();
            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            context.addComponent("kantata-users", component);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kantata-users:list?startScheduler=false&perPage=10&stateFile=" + file).routeId("a")
                            .to("log:a?level=OFF");
                    from("kantata-users:list?startScheduler=false&perPage=20&stateFile=" + file).routeId("b")
                            .to("log:b?level=OFF");
                }
            });
            Exception e = assertThrows(Exception.class, context::start);
            Throwable t = e;
            while (t != null && !(t instanceof IllegalStateException && t.getMessage().contains("already in use"))) {
                t = t.getCause();
            }
            assertTrue(t != null, "no clear error: " + e);
            assertTrue(t.getMessage().contains(file.toString()), t.getMessage());
            context.stop();
        }
    }

    /**
     * A second owner refused in this JVM never touched the file, so the first owner's lock holds: another process is
     * refused too, and the first owner goes on committing.
     */
    @Test
    void aRefusedSecondOwnerNeverWeakensTheFirstOwnersHold() throws Exception {
        Path file = dir.resolve("held.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(30).start();
             ConsumerHarness first = new ConsumerHarness(sandbox, "perPage=10&stateFile=" + file, Map.of()).start()) {
            int n = first.poll().size();
            assertTrue(n > 0);
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> StateFileLock.acquire(file, "another owner"));
            assertTrue(refused.getMessage().contains(file.getFileName().toString()), refused.getMessage());
            // a second consumer in this JVM, refused at its start
            try (ConsumerHarness second = new ConsumerHarness(sandbox, "perPage=10&stateFile=" + file, Map.of())) {
                assertThrows(Exception.class, second::start);
            }
            String probe = StateFileProbe.probe(file);
            assertTrue(probe.startsWith("refused") && probe.contains(file.getFileName().toString()),
                    "another process must be refused while the first owner runs: " + probe);
            String id = first.received.get(0).id();
            sandbox.data().update(id, Map.of("full_name", "Still Owned"));
            assertEquals(List.of(id), first.poll().stream().map(Received::id).toList());
            assertEquals(List.of(), first.poll());
        }
        assertTrue(StateFileProbe.probe(file).startsWith("opened"), "released when the owner stopped");
    }

    /** The store belongs to the consumer: remove the route and add it again, and it resumes where it was. */
    @Test
    void removingAndAddingTheRouteAgainResumesWithNothingEmittedAgain() throws Exception {
        Path file = dir.resolve("reload.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(40).start();
             ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10&stateFile=" + file, Map.of()).start()) {
            int first = h.poll().size();
            assertTrue(first > 20);
            h.removeAndAddRoute();
            assertEquals(List.of(), h.poll(), "resumed where it was");
            String id = h.received.get(3).id();
            sandbox.data().update(id, Map.of("full_name", "Changed After Reload"));
            h.removeAndAddRoute();
            List<Received> got = h.poll();
            assertEquals(List.of("changed " + id), got.stream().map(r -> r.type() + " " + r.id()).toList());
        }
    }

    /** The file holds personal data: it and its journal are rw------- whatever the umask. */
    @Test
    void theStateFileAndItsJournalAreOwnerOnly() throws Exception {
        Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path sub = dir.resolve("perms");
        Path file = sub.resolve("users.db");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(20).start();
             ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10&stateFile=" + file, Map.of()).start()) {
            assertTrue(h.poll().size() > 0);
            List<Path> files;
            try (var list = Files.list(sub)) {
                files = list.toList();
            }
            assertTrue(files.contains(file), files.toString());
            for (Path f : files) {
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    /**
     * A byte flipped in the middle of the file (inside a user's stored JSON) makes the consumer refuse to start, with
     * an error naming the file and how to recover: never a silent re-emit or drop.
     */
    @Test
    void aDamagedStateFileIsRefusedAtStartNamingTheFileAndTheWayBack() throws Exception {
        Path file = dir.resolve("damaged.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(200).start()) {
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=50&stateFile=" + file, Map.of()).start()) {
                assertTrue(h.poll().size() > 100);
            }
            byte[] bytes = Files.readAllBytes(file);
            int at = recordText(bytes, bytes.length / 2);
            assertTrue(at > 0, "a stored user in the second half of the file");
            // one character of a user's stored JSON (base64): still valid text, but not what was written
            bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
            Files.write(file, bytes);
            List<Received> emitted;
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=50&stateFile=" + file, Map.of())) {
                Exception e = assertThrows(Exception.class, h::start);
                Throwable t = e;
                while (t != null && !(t instanceof IllegalStateException && t.getMessage().contains("damaged"))) {
                    t = t.getCause();
                }
                assertTrue(t != null, "no clear error: " + e);
                assertTrue(t.getMessage().contains(file.toString()) && t.getMessage().contains("recover"), t.getMessage());
                emitted = h.received;
            }
            assertEquals(List.of(), emitted, "nothing emitted");
        }
    }

    /**
     * The position of a character inside a stored record ("<hex fingerprint> <base64 JSON>") at or after {@code from}.
     */
    private static int recordText(byte[] b, int from) {
        for (int i = Math.max(1, from); i < b.length - 40; i++) {
            if (b[i] == ' ' && Character.digit(b[i - 1], 16) >= 0 && Character.digit(b[i - 2], 16) >= 0) {
                boolean base64 = true;
                for (int j = 1; j <= 30 && base64; j++) {
                    base64 = Character.isLetterOrDigit(b[i + j]) || b[i + j] == '-' || b[i + j] == '_';
                }
                if (base64) {
                    return i + 10;
                }
            }
        }
        return -1;
    }

    /** A stateFile in the log format of 0.2-0.4 (KUSTATE1) is migrated on first start: nothing is emitted again. */
    @Test
    void aStateFileInTheOldLogFormatIsMigratedAndNothingIsEmittedAgain() throws Exception {
        Path file = dir.resolve("log.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(60).start()) {
            String prefix = "log.";
            FileBulkStateRepository old = new FileBulkStateRepository(file.toFile());
            int first;
            try (ConsumerHarness h = new ConsumerHarness(
                    sandbox, "perPage=25&stateKeyPrefix=" + prefix
                             + "&stateRepository=#repo",
                    Map.of("repo", old)).start()) {
                first = h.poll().size();
            }
            old.stop();
            try (ConsumerHarness h = new ConsumerHarness(
                    sandbox, "perPage=25&stateKeyPrefix=" + prefix
                             + "&stateFile=" + file,
                    Map.of()).start()) {
                assertEquals(List.of(), h.poll(), "nothing emitted again after the migration");
            }
            assertEquals(first, keys(file, prefix + "u.").size());
            assertTrue(Files.exists(dir.resolve("log.dat.kustate1.bak")));
            assertTrue(new String(Files.readAllBytes(file), 0, 15, java.nio.charset.StandardCharsets.US_ASCII)
                    .startsWith("SQLite format"));
        }
    }

    /** A restarted context reads the state back from the file: nothing is emitted again. */
    @Test
    void aRestartedConsumerEmitsNothingAgain() throws Exception {
        Path file = dir.resolve("restart.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(80).start()) {
            int first;
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=25&stateFile=" + file, Map.of()).start()) {
                first = h.poll().size();
            }
            assertTrue(first > 50);
            String id = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).findFirst()
                    .orElseThrow().id();
            sandbox.data().update(id, Map.of("full_name", "Renamed While Down"));
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=25&stateFile=" + file, Map.of()).start()) {
                List<Received> second = h.poll();
                assertEquals(1, second.size(), String.valueOf(second));
                assertEquals("changed", second.get(0).type());
                assertEquals("Renamed While Down", second.get(0).fullName());
            }
        }
    }

    /**
     * A stateFile written by Camel's FileStateRepository (earlier versions, with the consumer's index buckets and empty
     * tombstones) is migrated on first start: nothing is emitted again, and old tombstones are forgotten.
     */
    @Test
    void aStateFileOfAnEarlierVersionIsMigratedAndNothingIsEmittedAgain() throws Exception {
        Path file = dir.resolve("legacy.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(60).start()) {
            String prefix = "legacy.";
            org.apache.camel.support.processor.state.FileStateRepository old
                    = org.apache.camel.support.processor.state.FileStateRepository.fileStateRepository(file.toFile());
            MemoryBulkStateRepository memory = new MemoryBulkStateRepository();
            int first;
            try (ConsumerHarness h = new ConsumerHarness(
                    sandbox, "perPage=25&emitRemoved=true&stateKeyPrefix=" + prefix
                             + "&stateRepository=#repo",
                    Map.of("repo", memory)).start()) {
                first = h.poll().size();
            }
            // what the earlier version wrote: the same entries, one index bucket, a tombstone of a removed user
            old.start();
            memory.getStatesByPrefix(prefix).forEach(old::setState);
            old.setState(prefix + "idx.0", "999999");
            old.setState(prefix + "u.999999", "");
            old.stop();

            try (ConsumerHarness h = new ConsumerHarness(
                    sandbox, "perPage=25&emitRemoved=true&stateKeyPrefix=" + prefix
                             + "&stateFile=" + file,
                    Map.of()).start()) {
                assertEquals(List.of(), h.poll(), "nothing emitted again after the migration");
            }
            assertEquals(first, keys(file, prefix + "u.").size(), "the tombstone is forgotten");
            assertTrue(Files.exists(dir.resolve("legacy.dat.camel-file-state.bak")));
        }
    }

    /** A route restart keeps the file open and its state; stopping the CamelContext releases the file. */
    @Test
    void aRouteRestartKeepsTheStateAndStoppingTheContextReleasesTheFile() throws Exception {
        Path file = dir.resolve("release.dat");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(30).start()) {
            ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=25&stateFile=" + file, Map.of()).start();
            int first = h.poll().size();
            h.context.getRouteController().stopRoute("sync");
            h.context.getRouteController().startRoute("sync");
            assertEquals(List.of(), h.poll(), "and so does a restarted route");
            h.close();
            // fails if the stopped context still held the file
            assertEquals(first, keys(file, "").stream().filter(k -> k.contains(".u.")).count());
        }
    }

    /** The keys under a prefix in a state file no consumer holds. */
    static java.util.Set<String> keys(Path file, String prefix) {
        StateFileLock.Handle h = StateFileLock.acquire(file, "the test");
        try {
            BulkStateRepository repo = h.repository();
            return repo.getKeysByPrefix(prefix);
        } finally {
            h.release();
        }
    }

    /** The bytes this JVM passed to write calls so far (Linux {@code wchar}), whatever it wrote to. */
    static long processBytesWritten() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("no wchar in /proc/self/io");
    }
}
