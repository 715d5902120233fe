package io.github.camelkantata.users.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The consumer's {@code stateFile}: a SQLite database at that path, served by {@link JdbcStateRepository} over a single
 * connection. Opened through {@link StateFileLock}, never directly, so that this JVM opens one connection per file at
 * most.
 * <ul>
 * <li><b>One owner.</b> {@code locking_mode=EXCLUSIVE}, and a write at open: SQLite's lock on the file is taken at once
 * and held until the store closes, so another process (or another JVM) fails to open it; no busy wait.</li>
 * <li><b>Journal.</b> WAL, and with the exclusive lock taken before WAL mode is entered, SQLite keeps its index in the
 * heap: no {@code -shm} file. {@code synchronous=}{@value #SYNCHRONOUS}: every commit is in the WAL before it returns
 * (a kill -9 loses nothing committed) and, FULL, synced to disk (a power loss loses nothing committed either). With the
 * consumer's batched commits that is one sync per batch; docs/STATE.md has the figures for NORMAL and FULL.</li>
 * <li><b>Owner only.</b> The database file is created {@code rw-------} before SQLite opens it; SQLite gives its
 * {@code -wal} the database file's permissions.</li>
 * <li><b>Damage.</b> {@code PRAGMA quick_check} and a CRC32C per row, both checked at open: a damaged file is refused
 * with a message naming it and how to recover, never read as "fewer users" (which would emit them again).</li>
 * <li><b>Older formats</b> ({@link LegacyStateFile}) are migrated at open; the original is kept as
 * {@code <file>.<format>.bak}.</li>
 * </ul>
 */
final class SqliteStateFile {

    /**
     * The synchronous level: FULL, or NORMAL through the system property
     * {@code io.github.camelkantata.users.stateFile.synchronous} (the benchmark compares them; see docs/STATE.md).
     */
    static final String SYNCHRONOUS = "FULL";

    /** @return the synchronous level to open a state file with */
    static String synchronous() {
        String v = System.getProperty("io.github.camelkantata.users.stateFile.synchronous", SYNCHRONOUS);
        return "NORMAL".equalsIgnoreCase(v) ? "NORMAL" : "FULL";
    }

    /** The repository name used inside the file (one file, one consumer's states). */
    static final String REPOSITORY = "stateFile";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStateFile.class);

    private final Path file;
    private final SingleConnectionDataSource dataSource;
    private final JdbcStateRepository repository;

    private SqliteStateFile(Path file, SingleConnectionDataSource dataSource, JdbcStateRepository repository) {
        this.file = file;
        this.dataSource = dataSource;
        this.repository = repository;
    }

    /** @return the repository on the file (started) */
    JdbcStateRepository repository() {
        return repository;
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /** Stops the repository and closes the connection, which releases SQLite's lock on the file. */
    void close() {
        try {
            repository.stop();
        } finally {
            try {
                dataSource.closeConnection();
            } catch (SQLException e) {
                LOG.warn("Closing the state file {} failed: {}", file, e.getMessage());
            }
        }
    }

    /**
     * Opens (creating, or migrating from an older format) the state file. Only {@link StateFileLock} calls it, for a
     * file this JVM does not hold.
     */
    static SqliteStateFile open(Path file, String synchronous) {
        try {
            Path dir = file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            migrateIfOlder(file);
            OwnerOnly.create(file);
            OwnerOnly.restrict(file.resolveSibling(file.getFileName() + "-wal"));
        } catch (IOException e) {
            throw new IllegalStateException("The state file " + file + " cannot be created or read: " + e.getMessage(), e);
        }
        Connection con;
        try {
            SQLiteConfig config = new SQLiteConfig();
            // fail at once when another process holds the file, rather than wait
            config.setBusyTimeout(0);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file);
            con = ds.getConnection();
        } catch (SQLException e) {
            throw failure(file, e);
        }
        SingleConnectionDataSource single = new SingleConnectionDataSource(con);
        try {
            try (Statement st = con.createStatement()) {
                // exclusive before WAL: SQLite then keeps the WAL index in the heap and creates no -shm file
                st.execute("PRAGMA locking_mode=EXCLUSIVE");
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=" + synchronous);
                // take the write lock now and keep it (exclusive mode keeps a lock once taken), so that a second owner
                // is refused at its start, not at its first write
                st.execute("BEGIN EXCLUSIVE");
                st.execute("COMMIT");
                try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                    String verdict = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(verdict)) {
                        throw damaged(file, "PRAGMA quick_check answered: " + verdict, null);
                    }
                }
            }
            JdbcStateRepository repo = new JdbcStateRepository(single, REPOSITORY);
            repo.exclusiveOwner();
            repo.start();
            // every row against its checksum, now: a damaged file is refused at start, not found half-way through a poll
            repo.forEachVerified("", (k, v) -> {
            });
            LOG.debug("Opened state file {}", file);
            return new SqliteStateFile(file, single, repo);
        } catch (JdbcStateRepository.CorruptStateException e) {
            closeQuietly(single);
            throw damaged(file, e.getMessage(), e);
        } catch (SQLException e) {
            closeQuietly(single);
            throw failure(file, e);
        } catch (RuntimeException e) {
            closeQuietly(single);
            SQLException sql = findSql(e);
            if (sql != null && !(e instanceof IllegalStateException && e.getMessage().startsWith("The state file"))) {
                throw failure(file, sql);
            }
            throw e;
        }
    }

    private static SQLException findSql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static void closeQuietly(SingleConnectionDataSource ds) {
        try {
            ds.closeConnection();
        } catch (SQLException e) {
            // the first failure is the one reported
        }
    }

    /** Turns SQLite's error into one that names the file and says what to do. */
    private static IllegalStateException failure(Path file, SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED") || msg.contains("database is locked")) {
            return new IllegalStateException(
                    "The state file " + file + " is already in use by another process (SQLite"
                                             + " holds it locked for its owner). Give each consumer its own stateFile,"
                                             + " or share state through a database (JdbcStateRepository)",
                    e);
        }
        if (msg.contains("SQLITE_CORRUPT") || msg.contains("SQLITE_NOTADB") || msg.contains("malformed")) {
            return damaged(file, msg, e);
        }
        return new IllegalStateException("The state file " + file + " cannot be opened: " + msg, e);
    }

    private static IllegalStateException damaged(Path file, String what, Exception cause) {
        return new IllegalStateException(
                "The state file " + file + " is damaged (" + what + "). The consumer does not"
                                         + " start on it, because it cannot tell which users it already emitted. To"
                                         + " recover: restore the file from a backup; or try `sqlite3 " + file
                                         + " \".recover\" | sqlite3 " + file + ".recovered` and move the result in"
                                         + " its place; or move the file away to start afresh (the next poll then"
                                         + " emits every user as new). See docs/STATE.md",
                cause);
    }

    /**
     * A file in an older format is converted: its entries go into a new database beside it, the original is kept as
     * {@code <file>.<format>.bak}, and the new database atomically takes its place. A crash before that rename leaves
     * the original where it was, and the next start does it again.
     */
    private static void migrateIfOlder(Path file) throws IOException {
        LegacyStateFile.Format format = LegacyStateFile.detect(file);
        if (format == LegacyStateFile.Format.SQLITE || format == LegacyStateFile.Format.EMPTY) {
            return;
        }
        if (format == LegacyStateFile.Format.UNKNOWN) {
            throw new IllegalStateException(
                    "The state file " + file + " is neither a SQLite database nor a state file"
                                            + " of an earlier version; refusing to overwrite it. Point stateFile at"
                                            + " another path, or move this file away");
        }
        // the log's writer held <file>.lock: an older version of the component may still be running on it
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel lockChannel = format == LegacyStateFile.Format.LOG && Files.exists(lockFile)
                ? FileChannel.open(lockFile, StandardOpenOption.WRITE) : null) {
            FileLock held = lockChannel == null ? null : lockChannel.tryLock();
            if (lockChannel != null && held == null) {
                throw new IllegalStateException(
                        "The state file " + file + " is in use by an older version of the"
                                                + " component (it holds " + lockFile + "); stop it before migrating");
            }
            Map<String, String> entries = LegacyStateFile.read(file, format);
            Path tmp = file.resolveSibling(file.getFileName() + ".migrating");
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + "-wal"));
            OwnerOnly.create(tmp);
            SqliteStateFile target = open(tmp, "FULL");
            try {
                target.repository().setStates(entries);
            } finally {
                target.close();
            }
            Path bak = file.resolveSibling(file.getFileName() + "." + format.suffix + ".bak");
            Files.copy(file, bak, StandardCopyOption.REPLACE_EXISTING);
            OwnerOnly.restrict(bak);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Migrated the state file {} ({} entries) from the {} format to a SQLite database; nothing is emitted"
                     + " again. The original is kept as {}",
                    file, entries.size(), format.suffix, bak);
        }
        Files.deleteIfExists(lockFile);
    }
}
