package io.github.camelkantata.users.state;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BulkStateRepository} (and so a Camel {@link org.apache.camel.spi.StateRepository}) that keeps its entries in
 * one relational table, through plain JDBC and any {@link DataSource}.
 * <p>
 * <b>One table.</b> All entries live in a single table (default {@value #DEFAULT_TABLE_NAME}):
 *
 * <pre>
 * (repository  VARCHAR(200) NOT NULL,
 *  state_key   VARCHAR(512) NOT NULL,
 *  state_value CLOB,          -- TEXT on PostgreSQL, LONGTEXT on MySQL/MariaDB, NVARCHAR(MAX) on SQL Server
 *  updated_at  TIMESTAMP,     -- DATETIME2 on SQL Server, where TIMESTAMP means rowversion
 *  PRIMARY KEY (repository, state_key))
 * </pre>
 *
 * The value type is chosen from {@link DatabaseMetaData#getDatabaseProductName()}: {@code TEXT} does not exist on
 * Oracle or Derby, and {@code CLOB} does not exist on PostgreSQL, MySQL or SQL Server. Tested on PostgreSQL, SQLite and
 * Apache Derby. On Oracle an empty string is stored as {@code NULL}, that is, as no entry. To create the table
 * yourself, use these types and set {@link #setCreateTableIfMissing(boolean)} to {@code false}.
 *
 * The {@code repository} column holds the {@linkplain #setRepositoryName(String) repository name}, so several consumers
 * (or several Camel applications) can share one table without seeing each other's keys: give each its own repository
 * name.
 * <p>
 * <b>Created if missing.</b> When the service starts it checks, through {@link DatabaseMetaData}, that the table exists
 * and creates it if not (unless {@link #setCreateTableIfMissing(boolean)} is {@code false}, in which case a missing
 * table fails the start). Concurrent creation by several nodes is tolerated.
 * <p>
 * <b>Writes.</b> {@link #setState(String, String)} writes one entry and {@link #setStates(Map)} many, as one unit, with
 * JDBC batches of {@link #setBatchSize(int) batchSize} statements; a {@code null} value deletes the key. On PostgreSQL
 * and SQLite an entry is written with {@code INSERT ... ON CONFLICT (repository, state_key) DO UPDATE}; on other
 * databases with an {@code UPDATE}, followed by an {@code INSERT} when no row was updated. If another node inserts the
 * same key in between, the INSERT fails on the primary key (SQLState {@code 23xxx}); the repository then rolls back to
 * a savepoint taken before it and writes those entries one by one, UPDATE again first, so the batch succeeds and the
 * later write wins.
 * <p>
 * <b>Transactions.</b> Every write runs in one method, the commit path, and is committed before the method returns: a
 * connection in auto-commit mode gets a transaction of the repository's own for each multi-statement write, and a
 * connection lent with auto-commit off (a pool with {@code autoCommit=false}, such as HikariCP's
 * {@code auto-commit=false}) has its writes committed too, because nobody else would and the pool would roll them back
 * on return. Only {@link #setJoinTransaction(boolean) joinTransaction=true} makes a write on such a connection join the
 * caller's transaction (Spring's {@code DataSourceUtils} or a {@code TransactionAwareDataSourceProxy} inside
 * {@code @Transactional}), to be committed by the caller; with it, a {@code DataSource} that lends an
 * {@code autoCommit=false} connection at start, outside any transaction, fails the start (nothing would ever be
 * committed: the consumer writes in {@code onComplete}, after a {@code transacted()} route's transaction ended). Only
 * {@link #start()}, when it creates the table, runs its DDL in auto-commit mode.
 * <p>
 * <b>Any DataSource.</b> A connection is taken from the {@code DataSource} for each call and closed (returned to the
 * pool) before the call returns; none is held between calls. Use a pooling {@code DataSource} (for example HikariCP) in
 * production. Errors are thrown as {@link RuntimeCamelException} whose message names the table and the operation, never
 * keys or values.
 * <p>
 * <b>SQLite.</b> The consumer's {@code stateFile} is a SQLite database served by this class over one connection (see
 * {@link StateFileLock}); there it is the file's only writer, so it also offers {@link #watch} and keeps a CRC32C
 * beside each row (column {@code crc}), checked when the file is opened and when a watch loads the entries.
 * <p>
 * <b>Cluster use.</b> All nodes that point at the same database and table, with the same repository name, share the
 * state: a value written by one node is visible to every other node as soon as the write returns, and nothing is cached
 * locally. Batches are written in key order, so concurrent batches from several nodes do not deadlock on each other,
 * and a key inserted concurrently never fails a batch (see Writes). {@link #getKeysByPrefix(String)} reads the keys
 * only, for the consumer's full poll.
 * <p>
 * This class is thread-safe. Configure it (table name, repository name, ...) before starting it.
 * <p>
 * Example, with the PostgreSQL driver's {@code PGSimpleDataSource}:
 *
 * <pre>{@code
 * PGSimpleDataSource ds = new PGSimpleDataSource();
 * ds.setUrl("jdbc:postgresql://db.example.com:5432/camel");
 * ds.setUser("camel");
 * ds.setPassword(System.getenv("CAMEL_DB_PASSWORD"));
 *
 * JdbcStateRepository state = new JdbcStateRepository(ds, "kantata-users-prod");
 * state.setTableName("KANTATA_STATE");     // optional, default CAMEL_KANTATA_STATE
 * camelContext.getRegistry().bind("kantataState", state);
 * // then refer to it as #kantataState wherever the consumer takes a state repository
 * }</pre>
 */
public class JdbcStateRepository extends ServiceSupport implements BulkStateRepository {

    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "CAMEL_KANTATA_STATE";
    /** The default repository name. */
    public static final String DEFAULT_REPOSITORY_NAME = "default";
    /** The default number of statements per JDBC batch. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The maximum length of a repository name (size of the {@code repository} column). */
    public static final int MAX_REPOSITORY_NAME_LENGTH = 200;
    /** The maximum length of a key (size of the {@code state_key} column). */
    public static final int MAX_KEY_LENGTH = 512;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateRepository.class);
    private static final Pattern SAFE_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Escape character for LIKE; not a backslash, which MySQL treats specially in string literals. */
    private static final char LIKE_ESCAPE = '!';
    /** Upper bound of bind parameters per IN list, whatever the batch size. */
    private static final int MAX_IN_LIST = 1000;

    private final DataSource dataSource;
    private volatile String tableName = DEFAULT_TABLE_NAME;
    private volatile String repositoryName = DEFAULT_REPOSITORY_NAME;
    private volatile boolean createTableIfMissing = true;
    private volatile int batchSize = DEFAULT_BATCH_SIZE;
    /** null until detected; TRUE if the database speaks PostgreSQL's INSERT ... ON CONFLICT. */
    private volatile Boolean postgres;
    /** The database product name, detected on first use. */
    private volatile String product;
    /** Test hook: the portable writes even on PostgreSQL. */
    private volatile boolean genericUpserts;
    /** Test hook: runs between the UPDATE and the INSERT of the portable upsert, as a concurrent node could. */
    volatile Runnable beforeInsertHook;
    /** Join a caller's transaction when a connection comes with autoCommit=false, instead of committing. */
    private volatile boolean joinTransaction;
    /**
     * The state file: this object is the only writer of its database (a single connection under SQLite's exclusive
     * lock), so it can report every write ({@link #watch}) and keeps a CRC32C beside each row.
     */
    private volatile boolean exclusive;
    /** Held by every write while {@link #exclusive}, so a watch's replay and the writes it reports are in order. */
    private final Object writeLock = new Object();
    private final Watches watches = new Watches();

    /**
     * Creates a repository using the {@value #DEFAULT_REPOSITORY_NAME} repository name.
     *
     * @param dataSource where to get connections from, not {@code null}
     */
    public JdbcStateRepository(DataSource dataSource) {
        this(dataSource, DEFAULT_REPOSITORY_NAME);
    }

    /**
     * Creates a repository.
     *
     * @param dataSource     where to get connections from, not {@code null}
     * @param repositoryName the name that separates this repository's rows from others in the same table
     */
    public JdbcStateRepository(DataSource dataSource, String repositoryName) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        setRepositoryName(repositoryName);
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Returns the data source connections are taken from.
     *
     * @return the data source
     */
    public DataSource getDataSource() {
        return dataSource;
    }

    /**
     * Returns the table name.
     *
     * @return the table name, default {@value #DEFAULT_TABLE_NAME}
     */
    public String getTableName() {
        return tableName;
    }

    /**
     * Sets the table holding the state. It is used unquoted in SQL, so the database applies its usual case folding.
     *
     * @param  tableName                a plain SQL identifier matching {@code [A-Za-z_][A-Za-z0-9_]{0,62}}
     * @throws IllegalArgumentException if the name is {@code null} or not such an identifier
     */
    public void setTableName(String tableName) {
        if (tableName == null || !SAFE_IDENTIFIER.matcher(tableName).matches()) {
            throw new IllegalArgumentException(
                    "Invalid tableName '" + tableName + "': it must be a plain SQL identifier of 1 to 63 characters,"
                                               + " starting with a letter or underscore followed by letters, digits or"
                                               + " underscores ([A-Za-z_][A-Za-z0-9_]{0,62})");
        }
        this.tableName = tableName;
    }

    /**
     * Returns the repository name.
     *
     * @return the repository name, default {@value #DEFAULT_REPOSITORY_NAME}
     */
    public String getRepositoryName() {
        return repositoryName;
    }

    /**
     * Sets the repository name stored in the {@code repository} column. Repositories with different names share the
     * table but not their entries, so several consumers can use one table; instances with the same name (for example on
     * several cluster nodes) share their entries.
     *
     * @param  repositoryName           a non-empty name of at most {@value #MAX_REPOSITORY_NAME_LENGTH} characters
     * @throws IllegalArgumentException if the name is {@code null}, empty or too long
     */
    public void setRepositoryName(String repositoryName) {
        if (repositoryName == null || repositoryName.isEmpty()
                || repositoryName.length() > MAX_REPOSITORY_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "Invalid repositoryName '" + repositoryName + "': it must be a non-empty string of at most "
                                               + MAX_REPOSITORY_NAME_LENGTH + " characters");
        }
        this.repositoryName = repositoryName;
    }

    /**
     * Returns whether a missing table is created on start.
     *
     * @return {@code true} (the default) if the table is created when missing
     */
    public boolean isCreateTableIfMissing() {
        return createTableIfMissing;
    }

    /**
     * Sets whether a missing table is created on start. When {@code false} and the table is missing, starting the
     * service fails.
     *
     * @param createTableIfMissing {@code true} to create the table when it does not exist
     */
    public void setCreateTableIfMissing(boolean createTableIfMissing) {
        this.createTableIfMissing = createTableIfMissing;
    }

    /**
     * Returns the batch size.
     *
     * @return the maximum number of statements per JDBC batch (and keys per {@code IN} list when reading)
     */
    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Sets the maximum number of statements sent per JDBC batch by {@link #setStates(Map)}, and of keys per query in
     * {@link #getStates(Collection)} (capped at 1000 there). Default {@value #DEFAULT_BATCH_SIZE}.
     *
     * @param  batchSize                at least 1
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Invalid batchSize " + batchSize + ": it must be at least 1");
        }
        this.batchSize = batchSize;
    }

    /**
     * Returns whether writes join a caller's transaction.
     *
     * @return {@code false} (the default): the repository commits its own writes
     */
    public boolean isJoinTransaction() {
        return joinTransaction;
    }

    /**
     * Sets whether a write made on a connection whose auto-commit is off joins that connection's transaction (the
     * caller's, for example Spring's {@code DataSourceUtils} inside {@code @Transactional}) instead of committing
     * itself. Default {@code false}: the repository commits every write before the method returns, whatever auto-commit
     * mode the pool lends connections in, which is what the consumer needs (it writes in {@code onComplete}, after a
     * {@code transacted()} route's transaction ended, so there is never a caller transaction there). With {@code true}
     * the start fails if the {@code DataSource} lends an auto-commit=false connection outside any transaction: such
     * writes would never be committed.
     *
     * @param joinTransaction {@code true} to join a caller's transaction
     */
    public void setJoinTransaction(boolean joinTransaction) {
        this.joinTransaction = joinTransaction;
    }

    /** The state file's repository: the only writer of its database, with row checksums and watches. */
    void exclusiveOwner() {
        this.exclusive = true;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Detects the database and creates the table if it is missing and {@link #isCreateTableIfMissing()}.
     */
    @Override
    protected void doStart() throws Exception {
        String table = tableName;
        try (Connection con = dataSource.getConnection()) {
            detectDialect(con);
            if (!con.getAutoCommit()) {
                if (joinTransaction) {
                    // no caller transaction exists here, and none exists where the consumer commits (onComplete): with
                    // such a pool, writes that join "the caller's transaction" are rolled back when the connection
                    // returns to the pool
                    throw new IllegalStateException(
                            "State table " + table + ": joinTransaction=true, but the DataSource"
                                                    + " lends connections with autoCommit=false outside any transaction,"
                                                    + " so the state would never be committed. Turn auto-commit on in"
                                                    + " the pool, or set joinTransaction=false (the default), with which"
                                                    + " the repository commits its own writes");
                }
                LOG.debug("State table {}: the DataSource lends connections with autoCommit=false; the repository"
                          + " commits its own writes (joinTransaction=false)",
                        table);
            }
            if (tableExists(con, table)) {
                LOG.debug("State table {} exists", table);
                if (exclusive) {
                    requireChecksumColumn(con, table);
                }
                return;
            }
            if (!createTableIfMissing) {
                throw new IllegalStateException(
                        "State table " + table + " does not exist and createTableIfMissing is false");
            }
            createTable(con, table);
        } catch (SQLException e) {
            throw failure("checking for or creating the table", e);
        }
    }

    /**
     * Nothing to release: no connection is held between calls, and the state stays in the table.
     */
    @Override
    protected void doStop() throws Exception {
        // what a stopped repository holds may change unseen before it starts again
        watches.endAll();
    }

    /**
     * Test hook: use the portable UPDATE-then-INSERT writes even on PostgreSQL.
     */
    void useGenericUpserts() {
        genericUpserts = true;
    }

    private void detectDialect(Connection con) throws SQLException {
        if (postgres == null) {
            String name = con.getMetaData().getDatabaseProductName();
            product = name == null ? "" : name;
            String p = product.toLowerCase(Locale.ROOT);
            // both speak INSERT ... ON CONFLICT (repository, state_key) DO UPDATE ... EXCLUDED (SQLite since 3.24)
            postgres = p.contains("postgresql") || p.contains("sqlite");
            LOG.debug("State table {} on {}: using {} upserts", tableName, product,
                    postgres ? "INSERT ... ON CONFLICT" : "UPDATE-then-INSERT");
        }
    }

    /**
     * The column types that differ between databases. Keys are VARCHAR everywhere (the primary key must be comparable
     * and indexable); values need a type without a small length limit, and {@code TEXT} exists only on some databases,
     * {@code CLOB} only on others.
     *
     * @param  productName the database product name from {@link DatabaseMetaData#getDatabaseProductName()}
     * @return             {value type, timestamp type}
     */
    static String[] columnTypes(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return new String[] { "TEXT", "TIMESTAMP" };
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return new String[] { "LONGTEXT", "TIMESTAMP" };
        }
        if (p.contains("sqlite")) {
            return new String[] { "TEXT", "TIMESTAMP" };
        }
        if (p.contains("microsoft") || p.contains("sql server")) {
            // TIMESTAMP is rowversion there, not a point in time
            return new String[] { "NVARCHAR(MAX)", "DATETIME2" };
        }
        // Oracle, Derby, H2, DB2, HSQLDB and the SQL standard
        return new String[] { "CLOB", "TIMESTAMP" };
    }

    /** Whether to write with PostgreSQL's INSERT ... ON CONFLICT. */
    private boolean isPostgres(Connection con) throws SQLException {
        detectDialect(con);
        return postgres && !genericUpserts;
    }

    private static boolean tableExists(Connection con, String table) throws SQLException {
        DatabaseMetaData md = con.getMetaData();
        String folded = md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT)
                : md.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
        String schema = null;
        try {
            schema = con.getSchema();
        } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
            // old driver: search all schemas
        }
        String escape = md.getSearchStringEscape();
        // the folded name first, then the other spellings for databases that keep the case as written
        for (String name : new LinkedHashSet<>(
                List.of(folded, table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)))) {
            String pattern = escape == null || escape.isEmpty()
                    ? name : name.replace(escape, escape + escape).replace("_", escape + "_");
            try (ResultSet rs = md.getTables(con.getCatalog(), schema, pattern, null)) {
                while (rs.next()) {
                    if (name.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private void createTable(Connection con, String table) throws SQLException {
        detectDialect(con);
        boolean pg = postgres;
        String[] types = columnTypes(product);
        String ddl = "CREATE TABLE " + (pg ? "IF NOT EXISTS " : "") + table + " ("
                     + "repository VARCHAR(" + MAX_REPOSITORY_NAME_LENGTH + ") NOT NULL, "
                     + "state_key VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL, "
                     + "state_value " + types[0] + ", "
                     + "updated_at " + types[1] + ", "
                     + (exclusive ? "crc INTEGER, " : "")
                     + "PRIMARY KEY (repository, state_key))";
        boolean autoCommit = con.getAutoCommit();
        try (Statement st = con.createStatement()) {
            if (!autoCommit) {
                con.setAutoCommit(true);
            }
            st.execute(ddl);
            LOG.info("Created state table {}", table);
        } catch (SQLException e) {
            // another node may have created it at the same moment
            if (tableExists(con, table)) {
                LOG.debug("State table {} was created concurrently", table);
            } else {
                throw e;
            }
        } finally {
            if (!autoCommit) {
                con.setAutoCommit(false);
            }
        }
    }

    // ------------------------------------------------------------------ single-entry API

    /**
     * Stores a value durably (committed before this method returns), or deletes the key if {@code value} is
     * {@code null}.
     *
     * @param  key                      the key, not {@code null}, at most {@value #MAX_KEY_LENGTH} characters
     * @param  value                    the value, or {@code null} to delete the key
     * @throws IllegalArgumentException if the key is {@code null} or too long
     * @throws RuntimeCamelException    if the database operation fails
     */
    @Override
    public void setState(String key, String value) {
        requireKey(key);
        if (value == null) {
            removeState(key);
            return;
        }
        String table = tableName;
        String repo = repositoryName;
        TreeMap<String, String> one = new TreeMap<>();
        one.put(key, value);
        synchronized (writeMonitor()) {
            try (Connection con = dataSource.getConnection()) {
                if (isPostgres(con)) {
                    // one statement: atomic and safe from concurrent writers as it is
                    writeUnit(con, true, () -> {
                        try (PreparedStatement ps = con.prepareStatement(upsertSql(table))) {
                            bindUpsert(ps, repo, key, value);
                            ps.executeUpdate();
                        }
                    });
                } else {
                    writeUnit(con, false, () -> batchUpdateThenInsert(con, table, repo, one, 1));
                }
            } catch (SQLException e) {
                throw failure("setState", e);
            }
            written(one);
        }
    }

    /**
     * A check run first inside the transaction of every write of this repository (setState, removeState, setStates), on
     * the write's own connection: it throws to reject the write, which is then rolled back. {@link JdbcFence} uses it
     * to refuse the writes of a deposed cluster leader.
     */
    @FunctionalInterface
    public interface WriteFence {
        /**
         * @param  con          the write's connection, inside its transaction
         * @throws SQLException if the check cannot be made (the write is rolled back)
         */
        void check(Connection con) throws SQLException;
    }

    private volatile WriteFence writeFence;

    /**
     * Sets (or, with {@code null}, removes) the check every write runs in its transaction first; see
     * {@link WriteFence}.
     *
     * @param writeFence the check, or {@code null}
     */
    public void setWriteFence(WriteFence writeFence) {
        this.writeFence = writeFence;
    }

    /** @return the check every write runs first, or {@code null} */
    public WriteFence getWriteFence() {
        return writeFence;
    }

    private void fence(Connection con) throws SQLException {
        WriteFence f = writeFence;
        if (f != null) {
            f.check(con);
        }
    }

    /** Work on a connection that may throw SQLException. */
    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    /**
     * The commit path: every write of this repository runs {@code work} here, as one unit, and is committed before this
     * method returns.
     * <ul>
     * <li>A connection in auto-commit mode gets a transaction of its own, committed or rolled back here ({@code single}
     * work, one statement, needs none and runs as it is).</li>
     * <li>A connection lent with auto-commit off (a pool with {@code autoCommit=false}, HikariCP's
     * {@code auto-commit=false}): the work runs in the connection's transaction and is committed here, because nobody
     * else would; the pool would roll it back on return.</li>
     * <li>Only with {@link #setJoinTransaction(boolean) joinTransaction=true} does such a connection count as the
     * caller's transaction (Spring's {@code DataSourceUtils} inside {@code @Transactional}): the work joins it and is
     * neither committed nor rolled back here; a failure is thrown to the caller, whose transaction manager
     * decides.</li>
     * </ul>
     */
    private void writeUnit(Connection con, boolean single, SqlWork work) throws SQLException {
        boolean autoCommit = con.getAutoCommit();
        if (!autoCommit && joinTransaction) {
            fence(con);
            work.run();
            return;
        }
        if (autoCommit && single && writeFence == null) {
            // one statement commits by itself; with a fence it needs a transaction around the check and the write
            work.run();
            return;
        }
        if (autoCommit) {
            con.setAutoCommit(false);
        }
        try {
            // a deposed leader's write is refused inside the same transaction (JdbcFence)
            fence(con);
            work.run();
            con.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                con.rollback();
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            throw e;
        } finally {
            if (autoCommit) {
                try {
                    con.setAutoCommit(true);
                } catch (SQLException ignore) {
                    // the connection is being closed anyway
                }
            }
        }
    }

    /** Writes of the state file's repository hold one lock, so a watch sees them in commit order. */
    private Object writeMonitor() {
        return exclusive ? writeLock : new Object();
    }

    /** Reports committed writes to the watches (the state file's repository only). */
    private void written(Map<String, String> entries) {
        if (exclusive && !watches.isEmpty()) {
            entries.forEach(watches::written);
        }
    }

    /**
     * Returns the value stored for a key.
     *
     * @param  key                      the key, not {@code null}
     * @return                          the value, or {@code null} if there is none
     * @throws IllegalArgumentException if the key is {@code null}
     * @throws RuntimeCamelException    if the database operation fails
     */
    @Override
    public String getState(String key) {
        requireKey(key);
        String sql = "SELECT state_value FROM " + tableName + " WHERE repository = ? AND state_key = ?";
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, repositoryName);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure("getState", e);
        }
    }

    /**
     * Deletes one key durably; does nothing if it does not exist.
     *
     * @param  key                      the key, not {@code null}
     * @throws IllegalArgumentException if the key is {@code null}
     * @throws RuntimeCamelException    if the database operation fails
     */
    @Override
    public void removeState(String key) {
        requireKey(key);
        synchronized (writeMonitor()) {
            try (Connection con = dataSource.getConnection()) {
                writeUnit(con, true, () -> {
                    try (PreparedStatement ps = con.prepareStatement(deleteSql(tableName))) {
                        ps.setString(1, repositoryName);
                        ps.setString(2, key);
                        ps.executeUpdate();
                    }
                });
            } catch (SQLException e) {
                throw failure("removeState", e);
            }
            Map<String, String> one = new HashMap<>();
            one.put(key, null);
            written(one);
        }
    }

    /**
     * Deletes all entries of this repository (rows with this repository name only; other repositories in the same table
     * are untouched).
     *
     * @throws RuntimeCamelException if the database operation fails
     */
    public void clear() {
        String sql = "DELETE FROM " + tableName + " WHERE repository = ?";
        synchronized (writeMonitor()) {
            Set<String> gone = exclusive && !watches.isEmpty() ? getKeysByPrefix("") : Set.of();
            try (Connection con = dataSource.getConnection()) {
                writeUnit(con, true, () -> {
                    try (PreparedStatement ps = con.prepareStatement(sql)) {
                        ps.setString(1, repositoryName);
                        int n = ps.executeUpdate();
                        LOG.debug("Cleared {} entries of repository {} in state table {}", n, repositoryName, tableName);
                    }
                });
            } catch (SQLException e) {
                throw failure("clear", e);
            }
            Map<String, String> deleted = new HashMap<>();
            gone.forEach(k -> deleted.put(k, null));
            written(deleted);
        }
    }

    // ------------------------------------------------------------------ bulk API

    /**
     * Writes all entries in one transaction, using JDBC batches of {@link #getBatchSize()} statements; entries with a
     * {@code null} value are deleted. On PostgreSQL entries are written in key order, so concurrent batches do not
     * deadlock; elsewhere deletes come first, then updates, then inserts of new keys. On failure the transaction is
     * rolled back and nothing is written.
     *
     * @param  entries                  the entries; {@code null} or empty does nothing
     * @throws IllegalArgumentException if a key is {@code null} or too long
     * @throws RuntimeCamelException    if the database operation fails
     */
    @Override
    public void setStates(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        // sorted, so concurrent batches lock rows in the same order
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            requireKey(e.getKey());
            sorted.put(e.getKey(), e.getValue());
        }
        String table = tableName;
        String repo = repositoryName;
        int size = batchSize;
        synchronized (writeMonitor()) {
            writeBatch(entries.size(), sorted, table, repo, size);
            written(sorted);
        }
        refreshStatistics(sorted.size());
    }

    /** Rows written by setStates since PostgreSQL last analyzed the table for us, and when to do it next. */
    private final java.util.concurrent.atomic.AtomicLong writtenSinceAnalyze = new java.util.concurrent.atomic.AtomicLong();
    private volatile long nextAnalyzeAt = FIRST_ANALYZE_AT;
    private volatile boolean analyzeRefused;
    static final long FIRST_ANALYZE_AT = 1_000;

    /**
     * PostgreSQL plans a pooled connection's prepared statement once for all parameter values (a generic plan after
     * five executions). A plan made while the table was empty (a first sync) reads the state of a page by scanning
     * every row of the repository: measured 470 ms per page of 200 at 80,000 rows instead of 0.5 ms, until autovacuum
     * analyzes the table, which can take minutes into the sync. So the repository runs {@code ANALYZE} on its table
     * itself when it has written 1,000 rows, then 2,000 more, 4,000 more and so on (about seven times in a first sync
     * of 100,000 users, each a sample of at most 30,000 rows); ANALYZE makes PostgreSQL plan those statements again.
     * Without the privilege (not the table's owner) it logs once at DEBUG and leaves it to autovacuum.
     */
    private void refreshStatistics(int rows) {
        if (!Boolean.TRUE.equals(postgres) || analyzeRefused || joinTransaction) {
            return;
        }
        long written = writtenSinceAnalyze.addAndGet(rows);
        long due = nextAnalyzeAt;
        if (written < due) {
            return;
        }
        synchronized (writtenSinceAnalyze) {
            if (nextAnalyzeAt != due) {
                return;
            }
            writtenSinceAnalyze.set(0);
            nextAnalyzeAt = due * 2;
        }
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute("ANALYZE " + tableName);
            if (!con.getAutoCommit()) {
                con.commit();
            }
        } catch (SQLException e) {
            analyzeRefused = true;
            LOG.debug("ANALYZE {} not possible ({}): the table's statistics are left to autovacuum", tableName,
                    e.getMessage());
        }
    }

    private void writeBatch(int count, TreeMap<String, String> sorted, String table, String repo, int size) {
        for (int attempt = 1;; attempt++) {
            boolean own = true;
            try (Connection con = dataSource.getConnection()) {
                own = con.getAutoCommit() || !joinTransaction;
                boolean pg = isPostgres(con);
                writeUnit(con, false, () -> {
                    if (pg) {
                        batchUpsertOrDelete(con, table, repo, sorted, size);
                    } else {
                        TreeMap<String, String> upserts = new TreeMap<>();
                        List<String> deletes = new ArrayList<>();
                        sorted.forEach((k, v) -> {
                            if (v == null) {
                                deletes.add(k);
                            } else {
                                upserts.put(k, v);
                            }
                        });
                        batchDelete(con, table, repo, deletes, size);
                        batchUpdateThenInsert(con, table, repo, upserts, size);
                    }
                });
                return;
            } catch (SQLException e) {
                // a deadlock or lock timeout between nodes (SQLState class 40) rolled our own transaction back: run it
                // again. Inside the caller's transaction the caller decides, so it is reported.
                if (own && attempt < MAX_TRANSIENT_ATTEMPTS && isTransactionRollback(e)) {
                    LOG.debug("setStates of {} entries rolled back ({}), attempt {}: retrying", count,
                            e.getSQLState(), attempt);
                    try {
                        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 50L * attempt));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw failure("setStates of " + count + " entries", e);
                    }
                    continue;
                }
                throw failure("setStates of " + count + " entries", e);
            }
        }
    }

    private static final int MAX_TRANSIENT_ATTEMPTS = 5;

    /**
     * SQLState class 40 (transaction rollback: deadlock, serialization failure, lock timeout) anywhere in the chain.
     */
    private static boolean isTransactionRollback(SQLException e) {
        return hasSqlStateClass(e, "40");
    }

    /**
     * PostgreSQL: upserts and deletes in key order, switching between the two batched statements as the kind of entry
     * changes.
     */
    private void batchUpsertOrDelete(
            Connection con, String table, String repo, TreeMap<String, String> sorted, int size)
            throws SQLException {
        try (PreparedStatement del = con.prepareStatement(deleteSql(table));
             PreparedStatement ups = con.prepareStatement(upsertSql(table))) {
            PreparedStatement pending = null;
            int n = 0;
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                PreparedStatement ps = e.getValue() == null ? del : ups;
                if (pending != null && pending != ps) {
                    pending.executeBatch();
                    n = 0;
                }
                if (ps == del) {
                    ps.setString(1, repo);
                    ps.setString(2, e.getKey());
                } else {
                    bindUpsert(ps, repo, e.getKey(), e.getValue());
                }
                ps.addBatch();
                pending = ps;
                if (++n == size) {
                    ps.executeBatch();
                    pending = null;
                    n = 0;
                }
            }
            if (pending != null) {
                pending.executeBatch();
            }
        }
    }

    private static void batchDelete(Connection con, String table, String repo, List<String> keys, int size)
            throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = con.prepareStatement(deleteSql(table))) {
            int n = 0;
            for (String key : keys) {
                ps.setString(1, repo);
                ps.setString(2, key);
                ps.addBatch();
                if (++n % size == 0) {
                    ps.executeBatch();
                }
            }
            if (n % size != 0) {
                ps.executeBatch();
            }
        }
    }

    private void batchUpdateThenInsert(
            Connection con, String table, String repo, Map<String, String> upserts, int size)
            throws SQLException {
        if (upserts.isEmpty()) {
            return;
        }
        // 1) UPDATE all in batches; remember the keys no row was updated for (or whose count is unknown)
        List<Map.Entry<String, String>> chunk = new ArrayList<>(Math.min(size, upserts.size()));
        List<Map.Entry<String, String>> missing = new ArrayList<>();
        List<Map.Entry<String, String>> unknown = new ArrayList<>();
        try (PreparedStatement ps = con.prepareStatement(updateSql(table))) {
            for (Map.Entry<String, String> e : upserts.entrySet()) {
                bindUpdate(ps, repo, e.getKey(), e.getValue());
                ps.addBatch();
                chunk.add(e);
                if (chunk.size() == size) {
                    collectNotUpdated(ps.executeBatch(), chunk, missing, unknown);
                }
            }
            if (!chunk.isEmpty()) {
                collectNotUpdated(ps.executeBatch(), chunk, missing, unknown);
            }
        }
        // drivers that report SUCCESS_NO_INFO: find out which of those keys exist
        if (!unknown.isEmpty()) {
            List<String> keys = new ArrayList<>(unknown.size());
            unknown.forEach(e -> keys.add(e.getKey()));
            Map<String, String> existing = readKeys(con, table, repo, keys);
            for (Map.Entry<String, String> e : unknown) {
                if (!existing.containsKey(e.getKey())) {
                    missing.add(e);
                }
            }
        }
        // 2) INSERT the rest in batches. Another node may insert one of these keys after our UPDATE found nothing:
        // then the batch fails on the primary key, and those entries are written one by one instead.
        if (!missing.isEmpty()) {
            Runnable hook = beforeInsertHook;
            if (hook != null) {
                hook.run();
            }
            Savepoint sp = savepoint(con);
            try (PreparedStatement ps = con.prepareStatement(insertSql(table))) {
                int n = 0;
                for (Map.Entry<String, String> e : missing) {
                    bindInsert(ps, repo, e.getKey(), e.getValue());
                    ps.addBatch();
                    if (++n % size == 0) {
                        ps.executeBatch();
                    }
                }
                if (n % size != 0) {
                    ps.executeBatch();
                }
            } catch (SQLException e) {
                if (!isIntegrityViolation(e)) {
                    throw e;
                }
                // PostgreSQL aborts the transaction on an error: go back to before the batch where possible; on the
                // others a failed statement changes nothing, and rows the batch did insert are updated below
                rollbackTo(con, sp, e);
                LOG.debug("State table {}: keys inserted concurrently by another writer; writing {} entries one by one",
                        table, missing.size());
                for (Map.Entry<String, String> m : missing) {
                    upsertOne(con, table, repo, m.getKey(), m.getValue());
                }
            }
        }
    }

    /** UPDATE, else INSERT, else (inserted meanwhile by another writer) UPDATE again: ours is the later write. */
    private static void upsertOne(Connection con, String table, String repo, String key, String value)
            throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (PreparedStatement upd = con.prepareStatement(updateSql(table))) {
                bindUpdate(upd, repo, key, value);
                if (upd.executeUpdate() > 0) {
                    return;
                }
            }
            Savepoint sp = savepoint(con);
            try (PreparedStatement ins = con.prepareStatement(insertSql(table))) {
                bindInsert(ins, repo, key, value);
                ins.executeUpdate();
                return;
            } catch (SQLException e) {
                // inserted concurrently; only a concurrent delete of that key can make the UPDATE miss again,
                // hence a few attempts rather than one
                if (!isIntegrityViolation(e) || attempt == 5) {
                    throw e;
                }
                rollbackTo(con, sp, e);
            }
        }
    }

    private static Savepoint savepoint(Connection con) throws SQLException {
        try {
            return con.getMetaData().supportsSavepoints() ? con.setSavepoint() : null;
        } catch (SQLFeatureNotSupportedException e) {
            return null;
        }
    }

    private static void rollbackTo(Connection con, Savepoint sp, SQLException cause) throws SQLException {
        if (sp == null) {
            return;
        }
        try {
            con.rollback(sp);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            throw cause;
        }
    }

    private static void collectNotUpdated(
            int[] counts, List<Map.Entry<String, String>> chunk,
            List<Map.Entry<String, String>> missing, List<Map.Entry<String, String>> unknown) {
        for (int i = 0; i < chunk.size(); i++) {
            int c = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
            if (c == 0) {
                missing.add(chunk.get(i));
            } else if (c < 0) {
                unknown.add(chunk.get(i));
            }
        }
        chunk.clear();
    }

    /**
     * Reads the values of the given keys, with one query per {@link #getBatchSize()} keys (at most 1000).
     *
     * @param  keys                     the keys; {@code null} elements are not allowed
     * @return                          a new map of the keys that have a value
     * @throws IllegalArgumentException if a key is {@code null}
     * @throws RuntimeCamelException    if the database operation fails
     */
    @Override
    public Map<String, String> getStates(Collection<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return new HashMap<>();
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        for (String key : distinct) {
            requireKey(key);
        }
        try (Connection con = dataSource.getConnection()) {
            return readKeys(con, tableName, repositoryName, distinct);
        } catch (SQLException e) {
            throw failure("getStates of " + distinct.size() + " keys", e);
        }
    }

    private Map<String, String> readKeys(Connection con, String table, String repo, List<String> keys)
            throws SQLException {
        Map<String, String> result = new HashMap<>(Math.max(16, keys.size() * 2));
        int chunk = Math.min(batchSize, MAX_IN_LIST);
        for (int from = 0; from < keys.size(); from += chunk) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + chunk));
            StringBuilder sql = new StringBuilder("SELECT state_key, state_value FROM ").append(table)
                    .append(" WHERE repository = ? AND state_key IN (");
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
            try (PreparedStatement ps = con.prepareStatement(sql.toString())) {
                ps.setString(1, repo);
                for (int i = 0; i < part.size(); i++) {
                    ps.setString(i + 2, part.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String value = rs.getString(2);
                        if (value != null) {
                            result.put(rs.getString(1), value);
                        }
                    }
                }
            }
        }
        return result;
    }

    /**
     * Reads every entry of this repository whose key starts with the given prefix (case-sensitive).
     *
     * @param  keyPrefix             the prefix; {@code null} or empty returns all entries of this repository
     * @return                       a new map of the matching entries
     * @throws RuntimeCamelException if the database operation fails
     */
    @Override
    public Map<String, String> getStatesByPrefix(String keyPrefix) {
        Map<String, String> result = new HashMap<>();
        readByPrefix("getStatesByPrefix", "state_key, state_value", keyPrefix, rs -> {
            String value = rs.getString(2);
            if (value != null) {
                result.put(rs.getString(1), value);
            }
        });
        return result;
    }

    /**
     * Reads the keys of this repository that start with the given prefix, without their values: what the consumer's
     * full poll needs to find users that disappeared.
     *
     * @param  keyPrefix             the prefix; {@code null} or empty returns all keys of this repository
     * @return                       a new set of the matching keys
     * @throws RuntimeCamelException if the database operation fails
     */
    @Override
    public Set<String> getKeysByPrefix(String keyPrefix) {
        Set<String> result = new HashSet<>();
        readByPrefix("getKeysByPrefix", "state_key", keyPrefix, rs -> result.add(rs.getString(1)));
        return result;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Only the state file's repository ({@code stateFile}) offers it: it is the one writer of its database. A shared
     * database is written by other nodes too, so a repository bound on a {@code DataSource} returns {@code null}. The
     * current entries are read once, each checked against its checksum; the watch ends when this repository stops.
     */
    @Override
    public StateWatch watch(String keyPrefix, java.util.function.BiConsumer<String, String> listener) {
        if (!exclusive) {
            return null;
        }
        synchronized (writeLock) {
            forEachVerified(keyPrefix, listener);
            return watches.add(keyPrefix, listener);
        }
    }

    /**
     * Reads every entry under the prefix and checks it against the CRC32C stored with it (the state file's repository
     * only).
     *
     * @throws CorruptStateException if a row does not match its checksum
     */
    void forEachVerified(String keyPrefix, java.util.function.BiConsumer<String, String> listener) {
        int[] bad = new int[1];
        String[] firstBad = new String[1];
        readByPrefix("reading the state", "state_key, state_value, crc", keyPrefix, rs -> {
            String key = rs.getString(1);
            String value = rs.getString(2);
            int stored = rs.getInt(3);
            boolean missing = rs.wasNull();
            if (value == null) {
                return;
            }
            if (missing || stored != crc(key, value)) {
                if (bad[0]++ == 0) {
                    firstBad[0] = key;
                }
                return;
            }
            listener.accept(key, value);
        });
        if (bad[0] > 0) {
            throw new CorruptStateException(
                    bad[0] + " entries of state table " + tableName
                                            + " do not match their checksum (the first one: key " + firstBad[0] + ")");
        }
    }

    /** A state file whose rows do not match their checksums: refused, never silently re-emitted or dropped. */
    static final class CorruptStateException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CorruptStateException(String message) {
            super(message);
        }
    }

    private void requireChecksumColumn(Connection con, String table) throws SQLException {
        try (Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT crc FROM " + table + " WHERE 1 = 0")) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "State table " + table + " has no crc column: it was not written by the"
                                            + " kantata-users state file",
                    e);
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code SELECT columns} over this repository's rows whose key starts with the prefix (the first column must
     * be {@code state_key}) and hands each matching row to {@code reader}.
     */
    private void readByPrefix(String operation, String columns, String keyPrefix, RowReader reader) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        String sql = "SELECT " + columns + " FROM " + tableName + " WHERE repository = ?"
                     + (prefix.isEmpty() ? "" : " AND state_key LIKE ? ESCAPE '" + LIKE_ESCAPE + "'");
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, repositoryName);
            if (!prefix.isEmpty()) {
                ps.setString(2, escapeLike(prefix) + "%");
            }
            ps.setFetchSize(batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // re-check: some databases compare case-insensitively
                    if (rs.getString(1).startsWith(prefix)) {
                        reader.read(rs);
                    }
                }
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private String upsertSql(String table) {
        if (exclusive) {
            return "INSERT INTO " + table + " (repository, state_key, state_value, updated_at, crc)"
                   + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, ?)"
                   + " ON CONFLICT (repository, state_key) DO UPDATE"
                   + " SET state_value = EXCLUDED.state_value, updated_at = EXCLUDED.updated_at, crc = EXCLUDED.crc";
        }
        return "INSERT INTO " + table + " (repository, state_key, state_value, updated_at)"
               + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)"
               + " ON CONFLICT (repository, state_key) DO UPDATE"
               + " SET state_value = EXCLUDED.state_value, updated_at = EXCLUDED.updated_at";
    }

    private static String updateSql(String table) {
        return "UPDATE " + table + " SET state_value = ?, updated_at = CURRENT_TIMESTAMP"
               + " WHERE repository = ? AND state_key = ?";
    }

    private static String insertSql(String table) {
        return "INSERT INTO " + table + " (repository, state_key, state_value, updated_at)"
               + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)";
    }

    private static String deleteSql(String table) {
        return "DELETE FROM " + table + " WHERE repository = ? AND state_key = ?";
    }

    private void bindUpsert(PreparedStatement ps, String repo, String key, String value) throws SQLException {
        ps.setString(1, repo);
        ps.setString(2, key);
        ps.setString(3, value);
        if (exclusive) {
            ps.setInt(4, crc(key, value));
        }
    }

    private static void bindInsert(PreparedStatement ps, String repo, String key, String value) throws SQLException {
        ps.setString(1, repo);
        ps.setString(2, key);
        ps.setString(3, value);
    }

    /** The checksum kept beside a row of the state file: CRC32C of the key, a NUL and the value, in UTF-8. */
    static int crc(String key, String value) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        c.update(0);
        c.update(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) c.getValue();
    }

    private static void bindUpdate(PreparedStatement ps, String repo, String key, String value) throws SQLException {
        ps.setString(1, value);
        ps.setString(2, repo);
        ps.setString(3, key);
    }

    private static String escapeLike(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == LIKE_ESCAPE || c == '%' || c == '_') {
                sb.append(LIKE_ESCAPE);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** SQLState class 23 (integrity constraint violation), here a duplicate primary key, anywhere in the chain. */
    private static boolean isIntegrityViolation(SQLException e) {
        return hasSqlStateClass(e, "23");
    }

    /** Whether the exception or one chained to it has an SQLState of the given two-character class. */
    private static boolean hasSqlStateClass(SQLException e, String stateClass) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && state.startsWith(stateClass)) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }

    private static void requireKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("State key must not be null");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "State key is " + key.length() + " characters long; at most " + MAX_KEY_LENGTH + " are allowed");
        }
    }

    private RuntimeCamelException failure(String operation, SQLException e) {
        // keys and values are deliberately left out of the message; the cause has the driver's details
        return new RuntimeCamelException(
                "State table " + tableName + " (repository '" + repositoryName + "'): " + operation
                                         + " failed with SQLState " + e.getSQLState() + ", error code "
                                         + e.getErrorCode(),
                e);
    }

    /**
     * Describes this repository by table and repository name.
     *
     * @return for example {@code JdbcStateRepository[table=CAMEL_KANTATA_STATE, repository=default]}
     */
    @Override
    public String toString() {
        return "JdbcStateRepository[table=" + tableName + ", repository=" + repositoryName + "]";
    }
}
