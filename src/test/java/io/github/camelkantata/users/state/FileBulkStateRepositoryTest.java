package io.github.camelkantata.users.state;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stateFile repository: durability across reopen, torn writes, locking, compaction, migration. */
class FileBulkStateRepositoryTest {

    @TempDir
    Path dir;

    private FileBulkStateRepository open(Path file) {
        FileBulkStateRepository repo = new FileBulkStateRepository(file.toFile());
        repo.start();
        return repo;
    }

    @Test
    void writesSurviveAReopenAndABatchIsOneUnit() {
        Path file = dir.resolve("sub/state.dat");
        FileBulkStateRepository repo = open(file);
        repo.setState("a", "1");
        repo.setState("b", "värde = with\nnewline");
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("c", "3");
        batch.put("a", null);
        batch.put("p.x", "");
        repo.setStates(batch);
        repo.removeState("missing");
        repo.stop();

        repo = open(file);
        assertNull(repo.getState("a"));
        assertEquals("värde = with\nnewline", repo.getState("b"));
        assertEquals(Map.of("b", "värde = with\nnewline", "c", "3"), repo.getStates(List.of("a", "b", "c")));
        assertEquals(Map.of("p.x", ""), repo.getStatesByPrefix("p."));
        assertEquals(Set.of("b", "c", "p.x"), repo.getKeysByPrefix(""));
        assertEquals(Set.of("p.x"), repo.getKeysByPrefix("p."));
        repo.stop();
    }

    /** A watch replays the file's entries under its prefix, hears every write, and ends when the repository stops. */
    @Test
    void aWatchReplaysTheFileHearsEveryWriteAndEndsOnStop() {
        Path file = dir.resolve("state.dat");
        FileBulkStateRepository repo = open(file);
        repo.setState("p.a", "1");
        repo.setState("q.a", "1");
        repo.stop();

        repo = open(file);
        Map<String, String> copy = new HashMap<>();
        StateWatch watch = repo.watch("p.", (k, v) -> {
            if (v == null) {
                copy.remove(k);
            } else {
                copy.put(k, v);
            }
        });
        assertEquals(Map.of("p.a", "1"), copy);
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("p.a", null);
        batch.put("p.b", "2");
        batch.put("q.b", "2");
        repo.setStates(batch);
        repo.setState("p.c", "3");
        repo.removeState("p.c");
        assertEquals(Map.of("p.b", "2"), copy);
        assertEquals(repo.getStatesByPrefix("p."), copy);
        assertTrue(watch.isActive());
        repo.stop();
        assertTrue(!watch.isActive(), "stopped: the file may change before it is opened again");
        repo.start();
        repo.setState("p.d", "4");
        assertEquals(Map.of("p.b", "2"), copy, "an ended watch hears nothing");
        repo.stop();
    }

    /**
     * A crash can stop a write after any byte. Whatever prefix of the last record reached the file, reopening keeps
     * every earlier entry, drops the torn record, and the file is writable again.
     */
    @Test
    void aWriteCutOffAtAnyByteLosesOnlyThatWrite() throws Exception {
        Path file = dir.resolve("state.dat");
        FileBulkStateRepository repo = open(file);
        repo.setState("kept", "value-1");
        repo.setStates(Map.of("k2", "v2", "k3", "v3"));
        repo.stop();
        byte[] intact = Files.readAllBytes(file);
        repo = open(file);
        repo.setStates(Map.of("torn1", "x".repeat(100), "torn2", "y"));
        repo.stop();
        byte[] full = Files.readAllBytes(file);

        for (int cut = intact.length; cut < full.length; cut++) {
            Files.write(file, Arrays.copyOf(full, cut));
            repo = open(file);
            assertEquals(Map.of("kept", "value-1", "k2", "v2", "k3", "v3"), repo.getStatesByPrefix(""), "cut at " + cut);
            assertEquals(cut - intact.length, repo.getRecoveredBytesDropped());
            repo.setState("after", "ok");
            repo.stop();
            repo = open(file);
            assertEquals("ok", repo.getState("after"));
            assertEquals(0, repo.getRecoveredBytesDropped());
            repo.stop();
        }
    }

    @Test
    void aCorruptedRecordEndsTheLogThere() throws Exception {
        Path file = dir.resolve("state.dat");
        FileBulkStateRepository repo = open(file);
        repo.setState("first", "1");
        repo.stop();
        long good = Files.size(file);
        repo = open(file);
        repo.setState("second", "2");
        repo.setState("third", "3");
        repo.stop();
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) good + 12] ^= 0x40; // inside the payload of "second": its checksum no longer matches
        Files.write(file, bytes);
        repo = open(file);
        assertEquals(Map.of("first", "1"), repo.getStatesByPrefix(""));
        assertEquals(bytes.length - good, repo.getRecoveredBytesDropped());
        repo.stop();
    }

    @Test
    void aSecondRepositoryOnTheSameFileFailsToStartNamingTheFile() {
        Path file = dir.resolve("shared.dat");
        FileBulkStateRepository first = open(file);
        first.setState("mine", "1");
        FileBulkStateRepository second = new FileBulkStateRepository(file.toFile());
        Exception e = assertThrows(Exception.class, second::start);
        Throwable t = e instanceof IllegalStateException ? e : e.getCause();
        assertTrue(t instanceof IllegalStateException, String.valueOf(e));
        assertTrue(t.getMessage().contains(file.toString()), t.getMessage());
        assertTrue(t.getMessage().contains("already in use"), t.getMessage());
        assertEquals("1", first.getState("mine"), "the first one is untouched");
        first.stop();
        // released on stop
        FileBulkStateRepository third = open(file);
        assertEquals("1", third.getState("mine"));
        third.stop();
    }

    @Test
    void compactionBoundsTheFileAndTheBytesWritten() throws Exception {
        Path file = dir.resolve("state.dat");
        FileBulkStateRepository repo = open(file);
        String value = "v".repeat(1000);
        long appended = 0;
        for (int round = 0; round < 40; round++) {
            for (int k = 0; k < 100; k++) {
                String key = "user." + k;
                repo.setState(key, value + round);
                appended += 8 + 4 + 8 + key.length() + value.length() + Integer.toString(round).length();
            }
        }
        repo.removeState("user.0");
        long live = 99L * (8 + "user.10".length() + value.length() + 2);
        assertTrue(Files.size(file) < 2 * live + FileBulkStateRepository.MIN_GARBAGE_FOR_COMPACTION + 4096,
                "file " + Files.size(file) + " bytes for " + live + " live");
        assertTrue(repo.getBytesWritten() < 3 * appended, repo.getBytesWritten() + " written for " + appended);
        repo.stop();
        repo = open(file);
        assertEquals(99, repo.size());
        assertEquals(value + 39, repo.getState("user.42"));
        assertNull(repo.getState("user.0"));
        repo.stop();
        assertTrue(Files.notExists(dir.resolve("state.dat.compact")));
    }

    @Test
    void aFileOfCamelsFileStateRepositoryIsMigratedOnFirstStart() throws Exception {
        File file = dir.resolve("legacy.dat").toFile();
        FileStateRepository legacy = FileStateRepository.fileStateRepository(file);
        legacy.start();
        legacy.setState("kantata-users.abc.u.7", "f00d aGVsbG8");
        legacy.setState("kantata-users.abc.meta.lastPollStart", "2026-01-01T00:00:00Z");
        legacy.setState("kantata-users.abc.u.8", "");
        legacy.stop();
        byte[] original = Files.readAllBytes(file.toPath());

        FileBulkStateRepository repo = open(file.toPath());
        assertEquals(Map.of("kantata-users.abc.u.7", "f00d aGVsbG8", "kantata-users.abc.meta.lastPollStart",
                "2026-01-01T00:00:00Z", "kantata-users.abc.u.8", ""), repo.getStatesByPrefix("kantata-users.abc."));
        repo.setState("kantata-users.abc.u.9", "new");
        repo.stop();
        byte[] head = Arrays.copyOf(Files.readAllBytes(file.toPath()), 8);
        assertArrayEquals("KUSTATE1".getBytes(StandardCharsets.US_ASCII), head);
        assertArrayEquals(original, Files.readAllBytes(dir.resolve("legacy.dat.camel-file-state.bak")));

        repo = open(file.toPath());
        assertEquals(4, repo.size());
        assertEquals("new", repo.getState("kantata-users.abc.u.9"));
        repo.stop();
    }

    @Test
    void aCrashWhileCreatingTheFileStartsEmpty() throws Exception {
        Path file = dir.resolve("state.dat");
        Files.write(file, "KUST".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE);
        FileBulkStateRepository repo = open(file);
        assertEquals(0, repo.size());
        repo.setState("a", "b");
        repo.stop();
        repo = open(file);
        assertEquals(new HashMap<>(Map.of("a", "b")), repo.getStatesByPrefix(null));
        repo.stop();
    }
}
