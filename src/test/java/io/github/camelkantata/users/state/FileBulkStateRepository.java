package io.github.camelkantata.users.state;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BulkStateRepository} in one local file: an append-only log that survives a crash of the process at any
 * moment and whose bytes written grow linearly with the number of writes. It is what the consumer's {@code stateFile}
 * option uses, and can also be bound as a {@code stateRepository} bean.
 * <p>
 * <b>Format.</b> The file starts with the 8-byte magic {@code KUSTATE1}, followed by records. A record is
 * {@code [int payload length][int CRC32C of the payload][payload]}; the payload is {@code [int count]} entries of
 * {@code [int key length][key UTF-8][int value length, -1 = delete][value UTF-8]}. One {@link #setState} is one record
 * of one entry; one {@link #setStates} is one record of all its entries, so a batch is all-or-nothing.
 * <p>
 * <b>Crash safety.</b> A record is written with positional writes at the end of the file and is never overwritten. A
 * record is visible to another process (and survives {@code kill -9}) as soon as the write returns. Opening the file
 * reads the records in order and stops at the first one that is incomplete or fails its checksum (a write the crash cut
 * off); the file is truncated there. Everything before it is intact, so a crash loses at most the write in progress.
 * {@link FileChannel#force(boolean)} makes the writes durable against a power loss or an OS crash: after every
 * {@link #setStates} (the consumer's end-of-poll facts), at most every {@link #setSyncInterval(long) syncInterval} for
 * single writes, on compaction and on stop. A power loss can therefore lose at most the last {@code syncInterval} of
 * single writes, always a suffix of the log; for the consumer that means those users are emitted again (at least once),
 * never that one is skipped.
 * <p>
 * <b>Linear.</b> Only the keys and the position of each value are held in memory; values are read from the file when
 * asked for. Replaced and deleted entries leave garbage in the log. When the garbage exceeds both the live data and
 * {@value #MIN_GARBAGE_FOR_COMPACTION} bytes, the live entries are copied to {@code <file>.compact}, forced to disk and
 * atomically renamed over the file. Each compaction writes at most as many bytes as garbage was appended since the
 * previous one, so the bytes written stay within a small constant factor of the bytes appended.
 * <p>
 * <b>One owner.</b> While started, the repository holds an exclusive {@link FileLock} on {@code <file>.lock} (a
 * separate file, because compaction replaces the data file). A second repository on the same file, in this JVM or
 * another process, fails to start with an {@link IllegalStateException} that names the file: two consumers never
 * overwrite each other's entries. Several consumers may share one repository instance (bind it as a bean); their keys
 * are kept apart by their {@code stateKeyPrefix}.
 * <p>
 * <b>Migration.</b> A file written by Camel's {@code FileStateRepository} (the {@code stateFile} format of earlier
 * versions: {@code key=value} lines) is converted on first start: its entries are written to a new file in this format,
 * which atomically replaces it; the original is kept as {@code <file>.camel-file-state.bak}.
 * <p>
 * This class is thread-safe.
 */
public class FileBulkStateRepository extends ServiceSupport implements BulkStateRepository {

    /** The first bytes of a file in this format. */
    static final byte[] MAGIC = "KUSTATE1".getBytes(StandardCharsets.US_ASCII);
    /** Compaction waits until at least this much garbage accumulated, so small files are never rewritten. */
    public static final long MIN_GARBAGE_FOR_COMPACTION = 1024 * 1024;
    /** The default {@link #setSyncInterval(long) syncInterval} in milliseconds. */
    public static final long DEFAULT_SYNC_INTERVAL = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(FileBulkStateRepository.class);
    private static final int RECORD_HEADER = 8;
    /** Compaction writes records of about this payload size. */
    private static final int COMPACTION_RECORD_BYTES = 1024 * 1024;

    /** Where a value lies in the file, and its encoded entry size (for the garbage accounting). */
    private record Loc(long pos, int len, int entryBytes) {
    }

    private final Path file;
    private final Path lockFile;
    private volatile long syncInterval = DEFAULT_SYNC_INTERVAL;

    // all guarded by this
    private final Map<String, Loc> index = new HashMap<>();
    private FileChannel channel;
    private FileChannel lockChannel;
    private FileLock lock;
    private long size;
    private long liveBytes;
    private long lastSync;
    private boolean dirty;
    private long bytesWritten;
    private long recoveredBytesDropped;
    private final Watches watches = new Watches();

    /**
     * Creates a repository on the given file; nothing is opened until {@link #start()}.
     *
     * @param file the state file; created with its parent directories if missing
     */
    public FileBulkStateRepository(File file) {
        this.file = Objects.requireNonNull(file, "file").toPath().toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    /**
     * Returns the state file.
     *
     * @return the absolute path of the state file
     */
    public File getFile() {
        return file.toFile();
    }

    /**
     * Returns how often single writes are forced to disk.
     *
     * @return the interval in milliseconds
     */
    public long getSyncInterval() {
        return syncInterval;
    }

    /**
     * Sets how often, at most, a {@link #setState} forces the file to disk (an {@code fsync}). A process crash never
     * loses a write that returned; this only bounds what a power loss or OS crash can lose. 0 forces every write, which
     * costs one {@code fsync} per committed user (milliseconds each on most disks). Default
     * {@value #DEFAULT_SYNC_INTERVAL}.
     *
     * @param syncInterval the interval in milliseconds, at least 0
     */
    public void setSyncInterval(long syncInterval) {
        if (syncInterval < 0) {
            throw new IllegalArgumentException("syncInterval must be at least 0: " + syncInterval);
        }
        this.syncInterval = syncInterval;
    }

    /**
     * Returns the bytes written to the state file (records, compactions, migration) since the last start.
     *
     * @return a count of bytes
     */
    public synchronized long getBytesWritten() {
        return bytesWritten;
    }

    /**
     * Returns the bytes the last start dropped from the end of the file because a crash had cut a write short.
     *
     * @return a count of bytes, 0 if the file was intact
     */
    public synchronized long getRecoveredBytesDropped() {
        return recoveredBytesDropped;
    }

    /**
     * Returns the number of entries.
     *
     * @return the number of live keys
     */
    public synchronized int size() {
        return index.size();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    protected synchronized void doStart() throws Exception {
        Path dir = file.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            lockChannel = null;
            throw new IllegalStateException(
                    "The state file " + file + " is already in use by another consumer or"
                                            + " repository (in this JVM or another process holds " + lockFile
                                            + "). Give each consumer its own stateFile, or bind one state repository"
                                            + " bean and share it.");
        }
        try {
            bytesWritten = 0;
            recoveredBytesDropped = 0;
            open();
        } catch (Exception e) {
            doStop();
            throw e;
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        try {
            if (channel != null) {
                if (dirty) {
                    channel.force(false);
                }
                channel.close();
            }
        } finally {
            // a stopped repository gives up its lock, so its file may change unseen before it starts again
            watches.endAll();
            channel = null;
            dirty = false;
            index.clear();
            if (lock != null) {
                try {
                    lock.release();
                } catch (IOException e) {
                    // closing the channel releases it too
                }
                lock = null;
            }
            if (lockChannel != null) {
                closeQuietly(lockChannel);
                lockChannel = null;
            }
        }
    }

    private void open() throws IOException {
        long existing = Files.exists(file) ? Files.size(file) : 0;
        if (existing > 0 && !startsWithMagic()) {
            if (existing < MAGIC.length && isMagicPrefix()) {
                // a crash while the file was being created
                Files.delete(file);
            } else {
                migrateLegacy();
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() == 0) {
            writeFully(channel, ByteBuffer.wrap(MAGIC), 0);
            channel.force(false);
            forceDirectory();
            size = MAGIC.length;
        } else {
            size = recover();
        }
        lastSync = System.nanoTime();
        LOG.debug("Opened state file {}: {} entries, {} bytes", file, index.size(), size);
    }

    private boolean startsWithMagic() throws IOException {
        byte[] head = readHead();
        return head.length == MAGIC.length && Arrays.equals(head, MAGIC);
    }

    private boolean isMagicPrefix() throws IOException {
        byte[] head = readHead();
        return Arrays.equals(head, Arrays.copyOf(MAGIC, head.length));
    }

    private byte[] readHead() throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAGIC.length);
        }
    }

    /** Reads the log, builds the index and cuts off a torn last record. */
    private long recover() throws IOException {
        long fileSize = channel.size();
        long pos = MAGIC.length;
        index.clear();
        liveBytes = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.skipNBytes(pos);
            CRC32C crc = new CRC32C();
            while (fileSize - pos >= RECORD_HEADER) {
                int len = in.readInt();
                int sum = in.readInt();
                if (len < 4 || len > fileSize - pos - RECORD_HEADER) {
                    break;
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != sum || !apply(payload, pos + RECORD_HEADER)) {
                    break;
                }
                pos += RECORD_HEADER + len;
            }
        } catch (EOFException e) {
            // a torn record: handled below
        }
        if (pos < fileSize) {
            recoveredBytesDropped = fileSize - pos;
            LOG.warn("State file {}: dropping the last {} bytes, a write cut short by a crash; the state before it is"
                     + " intact and the consumer emits the affected users again",
                    file, fileSize - pos);
            channel.truncate(pos);
            channel.force(false);
        }
        return pos;
    }

    /** Applies a checked payload found at {@code payloadPos} to the index; false if it does not parse. */
    private boolean apply(byte[] payload, long payloadPos) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        List<Object[]> parsed = new ArrayList<>();
        try {
            int count = b.getInt();
            if (count < 0) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                int kl = b.getInt();
                if (kl < 0 || kl > b.remaining()) {
                    return false;
                }
                String key = new String(payload, b.position(), kl, StandardCharsets.UTF_8);
                b.position(b.position() + kl);
                int vl = b.getInt();
                if (vl < -1 || vl > b.remaining()) {
                    return false;
                }
                Loc loc = null;
                if (vl >= 0) {
                    loc = new Loc(payloadPos + b.position(), vl, 8 + kl + vl);
                    b.position(b.position() + vl);
                }
                parsed.add(new Object[] { key, loc });
            }
            if (b.hasRemaining()) {
                return false;
            }
        } catch (RuntimeException e) {
            return false;
        }
        for (Object[] p : parsed) {
            put((String) p[0], (Loc) p[1]);
        }
        return true;
    }

    private void put(String key, Loc loc) {
        Loc old = loc == null ? index.remove(key) : index.put(key, loc);
        if (old != null) {
            liveBytes -= old.entryBytes();
        }
        if (loc != null) {
            liveBytes += loc.entryBytes();
        }
    }

    /** Converts a file of Camel's FileStateRepository ({@code key=value} lines, later lines win). */
    private void migrateLegacy() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq >= 0) {
                    entries.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(
                    "The state file " + file + " is neither in this repository's format nor a"
                                            + " Camel FileStateRepository file; refusing to overwrite it",
                    e);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".migrating");
        writeSnapshot(tmp, entries.entrySet().iterator(), null);
        Files.copy(file, file.resolveSibling(file.getFileName() + ".camel-file-state.bak"),
                StandardCopyOption.REPLACE_EXISTING);
        replace(tmp);
        LOG.info("Migrated {} entries of the Camel FileStateRepository file {} to the crash-safe state format; the"
                 + " original is kept as {}.camel-file-state.bak",
                entries.size(), file, file.getFileName());
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void setState(String key, String value) {
        requireKey(key);
        Map<String, String> one = new HashMap<>(2);
        one.put(key, value);
        write(one, false);
    }

    @Override
    public void setStates(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        entries.keySet().forEach(FileBulkStateRepository::requireKey);
        write(entries, true);
    }

    @Override
    public void removeState(String key) {
        setState(key, null);
    }

    private synchronized void write(Map<String, String> entries, boolean sync) {
        requireStarted();
        byte[][] keys = new byte[entries.size()][];
        byte[][] values = new byte[entries.size()][];
        int payload = 4;
        int i = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            keys[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = e.getValue() == null ? null : e.getValue().getBytes(StandardCharsets.UTF_8);
            payload += 8 + keys[i].length + (values[i] == null ? 0 : values[i].length);
            i++;
        }
        ByteBuffer buf = ByteBuffer.allocate(RECORD_HEADER + payload);
        buf.putInt(payload).putInt(0).putInt(entries.size());
        List<Loc> locs = new ArrayList<>(entries.size());
        for (i = 0; i < keys.length; i++) {
            buf.putInt(keys[i].length).put(keys[i]);
            if (values[i] == null) {
                buf.putInt(-1);
                locs.add(null);
            } else {
                buf.putInt(values[i].length);
                locs.add(new Loc(size + buf.position(), values[i].length, 8 + keys[i].length + values[i].length));
                buf.put(values[i]);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), RECORD_HEADER, payload);
        buf.putInt(4, (int) crc.getValue());
        buf.flip();
        try {
            writeFully(channel, buf, size);
        } catch (IOException e) {
            try {
                channel.truncate(size); // nothing half-written stays behind a later record
            } catch (IOException te) {
                e.addSuppressed(te);
            }
            throw new RuntimeCamelException("Writing the state file " + file + " failed; nothing was written", e);
        }
        size += buf.limit();
        bytesWritten += buf.limit();
        dirty = true;
        i = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            put(e.getKey(), locs.get(i++));
            if (!watches.isEmpty()) {
                watches.written(e.getKey(), e.getValue());
            }
        }
        try {
            long now = System.nanoTime();
            if (sync || now - lastSync >= syncInterval * 1_000_000L) {
                channel.force(false);
                lastSync = now;
                dirty = false;
            }
            long garbage = size - MAGIC.length - liveBytes;
            if (garbage > liveBytes && garbage > MIN_GARBAGE_FOR_COMPACTION) {
                compact();
            }
        } catch (IOException e) {
            // the record is written; a failed sync or compaction is retried on the next write
            LOG.warn("State file {}: sync or compaction failed, will retry: {}", file, e.getMessage());
        }
    }

    /** Copies the live entries to a new file and renames it over the log. */
    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        long before = size;
        List<String> keys = new ArrayList<>(index.keySet());
        Map<String, Loc> moved = new HashMap<>(Math.max(16, keys.size() * 2));
        long newSize = writeSnapshot(tmp, new java.util.Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < keys.size();
            }

            @Override
            public Map.Entry<String, String> next() {
                String k = keys.get(next++);
                return Map.entry(k, readValue(index.get(k)));
            }
        }, moved);
        channel.close();
        try {
            replace(tmp);
        } finally {
            // the new file if the rename happened, else the old one, unchanged
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        index.putAll(moved);
        size = newSize;
        lastSync = System.nanoTime();
        dirty = false;
        LOG.debug("Compacted state file {}: {} -> {} bytes, {} entries", file, before, newSize, index.size());
    }

    /**
     * Writes the entries as a fresh, synced file; returns its size. If {@code locs} is given, it receives where each
     * value was written.
     */
    private long writeSnapshot(Path target, java.util.Iterator<Map.Entry<String, String>> entries, Map<String, Loc> locs)
            throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long pos = 0;
            pos += writeFully(out, ByteBuffer.wrap(MAGIC), pos);
            List<byte[]> chunk = new ArrayList<>();
            List<String> chunkKeys = new ArrayList<>();
            int payload = 4;
            while (entries.hasNext()) {
                Map.Entry<String, String> e = entries.next();
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
                chunk.add(k);
                chunk.add(v);
                chunkKeys.add(e.getKey());
                payload += 8 + k.length + v.length;
                if (payload >= COMPACTION_RECORD_BYTES) {
                    pos += writeChunk(out, pos, chunk, chunkKeys, payload, locs);
                    payload = 4;
                }
            }
            if (!chunk.isEmpty()) {
                pos += writeChunk(out, pos, chunk, chunkKeys, payload, locs);
            }
            out.force(false);
            return pos;
        }
    }

    private int writeChunk(
            FileChannel out, long pos, List<byte[]> chunk, List<String> keys, int payload,
            Map<String, Loc> locs)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(RECORD_HEADER + payload);
        buf.putInt(payload).putInt(0).putInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            byte[] k = chunk.get(2 * i);
            byte[] v = chunk.get(2 * i + 1);
            buf.putInt(k.length).put(k).putInt(v.length);
            if (locs != null) {
                locs.put(keys.get(i), new Loc(pos + buf.position(), v.length, 8 + k.length + v.length));
            }
            buf.put(v);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), RECORD_HEADER, payload);
        buf.putInt(4, (int) crc.getValue());
        buf.flip();
        int n = writeFully(out, buf, pos);
        chunk.clear();
        keys.clear();
        return n;
    }

    /** Atomically replaces the state file with {@code tmp} (already synced) and syncs the directory. */
    private void replace(Path tmp) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "The file system of " + file + " cannot rename atomically; the state file needs one"
                                  + " that can",
                    e);
        }
        bytesWritten += Files.size(file);
        forceDirectory();
    }

    private void forceDirectory() {
        Path dir = file.getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not possible on every OS (Windows); the rename itself is atomic there
        }
    }

    private static int writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        int n = 0;
        while (buf.hasRemaining()) {
            n += ch.write(buf, pos + n);
        }
        return n;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public synchronized String getState(String key) {
        requireKey(key);
        requireStarted();
        Loc loc = index.get(key);
        return loc == null ? null : readValue(loc);
    }

    @Override
    public synchronized Map<String, String> getStates(Collection<String> keys) {
        Map<String, String> out = new HashMap<>();
        if (keys == null) {
            return out;
        }
        requireStarted();
        for (String key : keys) {
            requireKey(key);
            Loc loc = index.get(key);
            if (loc != null) {
                out.put(key, readValue(loc));
            }
        }
        return out;
    }

    @Override
    public synchronized Map<String, String> getStatesByPrefix(String keyPrefix) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        requireStarted();
        Map<String, String> out = new HashMap<>();
        index.forEach((k, loc) -> {
            if (k.startsWith(prefix)) {
                out.put(k, readValue(loc));
            }
        });
        return out;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The current entries are read from the file once; the watch ends when this repository stops.
     */
    @Override
    public synchronized StateWatch watch(String keyPrefix, java.util.function.BiConsumer<String, String> listener) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        requireStarted();
        index.forEach((k, loc) -> {
            if (k.startsWith(prefix)) {
                listener.accept(k, readValue(loc));
            }
        });
        return watches.add(prefix, listener);
    }

    /** The keys are held in memory: this reads nothing from the file. */
    @Override
    public synchronized int countKeysByPrefix(String keyPrefix) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        requireStarted();
        int n = 0;
        for (String k : index.keySet()) {
            if (k.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized Set<String> getKeysByPrefix(String keyPrefix) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        requireStarted();
        Set<String> out = new HashSet<>();
        for (String k : index.keySet()) {
            if (k.startsWith(prefix)) {
                out.add(k);
            }
        }
        return out;
    }

    private String readValue(Loc loc) {
        ByteBuffer buf = ByteBuffer.allocate(loc.len());
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, loc.pos() + buf.position()) < 0) {
                    throw new EOFException("state file shorter than its index");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the state file " + file + " failed", e);
        }
        return new String(buf.array(), StandardCharsets.UTF_8);
    }

    private void requireStarted() {
        if (channel == null) {
            throw new IllegalStateException("The state repository on " + file + " is not started");
        }
    }

    private static void requireKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("State key must not be null");
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * Describes this repository by its file.
     *
     * @return for example {@code FileBulkStateRepository[/var/lib/app/kantata.state]}
     */
    @Override
    public String toString() {
        return "FileBulkStateRepository[" + file + "]";
    }
}
