package io.github.camelkantata.users.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.state.FileBulkStateRepository;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code stateFile} option: bytes written grow linearly, and a file has one owner. */
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
                    from("kantata-users:list?startScheduler=false&perPage=10&stateFile=" + file).routeId("a").to("log:a?level=OFF");
                    from("kantata-users:list?startScheduler=false&perPage=20&stateFile=" + file).routeId("b").to("log:b?level=OFF");
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
     * A stateFile written by Camel's FileStateRepository (earlier versions, with the consumer's index buckets and
     * empty tombstones) is migrated on first start: nothing is emitted again, and old tombstones are forgotten.
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
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=25&emitRemoved=true&stateKeyPrefix=" + prefix
                                                                 + "&stateRepository=#repo", Map.of("repo", memory)).start()) {
                first = h.poll().size();
            }
            // what the earlier version wrote: the same entries, one index bucket, a tombstone of a removed user
            old.start();
            memory.getStatesByPrefix(prefix).forEach(old::setState);
            old.setState(prefix + "idx.0", "999999");
            old.setState(prefix + "u.999999", "");
            old.stop();

            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=25&emitRemoved=true&stateKeyPrefix=" + prefix
                                                                 + "&stateFile=" + file, Map.of()).start()) {
                assertEquals(List.of(), h.poll(), "nothing emitted again after the migration");
                FileBulkStateRepository repo = (FileBulkStateRepository) h.consumer().getEndpoint().getConfiguration()
                        .getStateRepository();
                assertEquals(first, repo.getKeysByPrefix(prefix + "u.").size(), "the tombstone is forgotten");
            }
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
            FileBulkStateRepository after = new FileBulkStateRepository(file.toFile());
            after.start(); // fails if the stopped context still held the lock
            assertEquals(first, after.getKeysByPrefix("").stream().filter(k -> k.contains(".u.")).count());
            after.stop();
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
