package io.github.camelkantata.users.state;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract of {@link JdbcStateRepository}, run against real databases (no mocks): PostgreSQL in
 * {@link JdbcStateRepositoryTest} and embedded Apache Derby, which has neither {@code TEXT} nor PostgreSQL's upsert, in
 * {@link JdbcStateRepositoryDerbyTest}. A subclass sets the static data sources in its {@code @BeforeAll}.
 * <p>
 * Every test uses its own table, named uniquely per run, and drops it afterwards.
 */
abstract class AbstractJdbcStateRepositoryTest {

    private static final String RUN_ID = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final AtomicInteger TABLE_COUNTER = new AtomicInteger();

    /** Where the tests run; null when the database is unavailable. */
    static DataSource dataSource;
    /** A second, separate DataSource on the same database, as another cluster node would have. */
    static DataSource otherDataSource;
    /** Why the database is unavailable, or null. */
    static String unavailable;
    /** The column names and type names (lower case) the created table must have. */
    static Map<String, String> expectedColumns;

    private String table;
    private final List<JdbcStateRepository> started = new ArrayList<>();

    @AfterAll
    static void cleanup() {
        dataSource = null;
        otherDataSource = null;
        unavailable = null;
    }

    @BeforeEach
    void newTable() throws SQLException {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
        table = "kst_" + RUN_ID + "_" + TABLE_COUNTER.incrementAndGet();
        dropTable(table);
    }

    @AfterEach
    void dropIt() throws SQLException {
        if (dataSource == null) {
            return;
        }
        for (JdbcStateRepository repo : started) {
            repo.stop();
        }
        dropTable(table);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void createsTableWhenMissing() throws Exception {
        assertFalse(tableExists(table));

        JdbcStateRepository repo = repository("default");
        assertTrue(tableExists(table), "table created on start");
        assertPrimaryKey(table);
        repo.setState("k", "v");
        assertEquals("v", repo.getState("k"));

        // a second instance on the existing table starts fine and does not recreate it
        JdbcStateRepository again = repository("default");
        assertEquals("v", again.getState("k"));

        // created case-insensitively: an upper-case spelling of the same table is found, not re-created
        JdbcStateRepository upper = new JdbcStateRepository(dataSource, "default");
        upper.setTableName(table.toUpperCase(Locale.ROOT));
        upper.setCreateTableIfMissing(false);
        upper.start();
        started.add(upper);
        assertEquals("v", upper.getState("k"));
    }

    @Test
    void missingTableFailsStartWhenCreationDisabled() throws Exception {
        JdbcStateRepository repo = new JdbcStateRepository(dataSource);
        repo.setTableName(table);
        repo.setCreateTableIfMissing(false);
        Exception e = assertThrows(Exception.class, repo::start);
        assertTrue(e.getMessage().contains(table) && e.getMessage().contains("createTableIfMissing"),
                e.getMessage());
        assertFalse(tableExists(table));
    }

    @Test
    void setGetOverwriteDelete() throws Exception {
        JdbcStateRepository repo = repository("r1");
        assertNull(repo.getState("user.1"));

        repo.setState("user.1", "2024-01-01T00:00:00Z");
        assertEquals("2024-01-01T00:00:00Z", repo.getState("user.1"));

        repo.setState("user.1", "2024-02-02T00:00:00Z");
        assertEquals("2024-02-02T00:00:00Z", repo.getState("user.1"));
        assertEquals(1, countRows(table, "r1"));

        repo.removeState("user.1");
        assertNull(repo.getState("user.1"));
        assertEquals(0, countRows(table, "r1"));
        repo.removeState("user.1"); // deleting a missing key is fine

        // values: empty, long and non-ASCII survive unchanged
        String big = "x".repeat(100_000);
        repo.setState("empty", "");
        repo.setState("big", big);
        repo.setState("unicode", "Zoë – 東京 ✓");
        assertEquals("", repo.getState("empty"));
        assertEquals(big, repo.getState("big"));
        assertEquals("Zoë – 東京 ✓", repo.getState("unicode"));

        // updated_at is maintained
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE updated_at IS NULL")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void nullValueDeletes() throws Exception {
        JdbcStateRepository repo = repository("r1");
        repo.setState("a", "1");
        repo.setState("b", "2");
        repo.setState("c", "3");

        repo.setState("a", null);
        assertNull(repo.getState("a"));

        Map<String, String> batch = new HashMap<>();
        batch.put("b", null);
        batch.put("d", "4");
        repo.setStates(batch);
        assertEquals(Map.of("c", "3", "d", "4"), repo.getStatesByPrefix(""));
        assertEquals(2, countRows(table, "r1"));
    }

    @Test
    void batchOf5000InOneCall() throws Exception {
        JdbcStateRepository repo = repository("bulk");
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < 5000; i++) {
            entries.put("user." + i, "v" + i);
        }
        entries.put("other.1", "x");
        // LIKE wildcards in keys and prefixes are taken literally
        entries.put("us_r.1", "wild");
        entries.put("user%", "percent");

        long t0 = System.nanoTime();
        repo.setStates(entries);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 60_000, "5000 entries took " + ms + " ms");
        assertEquals(5003, countRows(table, "bulk"));

        Map<String, String> users = repo.getStatesByPrefix("user.");
        assertEquals(5000, users.size());
        for (int i = 0; i < 5000; i++) {
            assertEquals("v" + i, users.get("user." + i));
        }
        assertEquals(Map.of("us_r.1", "wild"), repo.getStatesByPrefix("us_"));
        assertEquals(Map.of("user%", "percent"), repo.getStatesByPrefix("user%"));
        assertEquals(5003, repo.getStatesByPrefix(null).size());
        assertEquals(Map.of(), repo.getStatesByPrefix("USER."), "prefix match is case-sensitive");

        // getStates: more keys than one IN list, missing keys absent, duplicates ignored
        List<String> keys = new ArrayList<>(entries.keySet());
        keys.add("user.missing");
        keys.add("user.1");
        Map<String, String> read = repo.getStates(keys);
        assertEquals(5003, read.size());
        assertFalse(read.containsKey("user.missing"));
        assertEquals("v4999", read.get("user.4999"));

        // overwrite half and delete the other half in one call
        Map<String, String> update = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            update.put("user." + i, i % 2 == 0 ? "w" + i : null);
        }
        repo.setStates(update);
        users = repo.getStatesByPrefix("user.");
        assertEquals(2500, users.size());
        assertEquals("w4998", users.get("user.4998"));
        assertNull(users.get("user.4999"));
    }

    @Test
    void smallBatchSizeAndGenericUpsertPath() throws Exception {
        // the UPDATE-then-INSERT writes used for non-PostgreSQL databases, exercised on PostgreSQL
        JdbcStateRepository repo = repository("generic", r -> {
            r.setBatchSize(7);
            r.useGenericUpserts();
        });
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            entries.put("k." + i, "a" + i);
        }
        repo.setStates(entries);
        for (int i = 0; i < 100; i += 3) {
            entries.put("k." + i, i % 2 == 0 ? null : "b" + i);
        }
        entries.put("k.new", "n");
        repo.setStates(entries);

        Map<String, String> all = repo.getStatesByPrefix("k.");
        for (int i = 0; i < 100; i++) {
            String expected = i % 3 != 0 ? "a" + i : i % 2 == 0 ? null : "b" + i;
            assertEquals(expected, all.get("k." + i), "k." + i);
        }
        assertEquals("n", all.get("k.new"));
        assertEquals(all, repo.getStates(entries.keySet()));

        repo.setState("single", "1");
        repo.setState("single", "2");
        assertEquals("2", repo.getState("single"));
    }

    @Test
    void repositoriesAreIsolatedInOneTable() throws Exception {
        JdbcStateRepository a = repository("consumer-a");
        JdbcStateRepository b = repository("consumer-b");

        a.setState("user.1", "A");
        b.setState("user.1", "B");
        b.setStates(Map.of("user.2", "B2"));

        assertEquals("A", a.getState("user.1"));
        assertEquals("B", b.getState("user.1"));
        assertNull(a.getState("user.2"));
        assertEquals(Map.of("user.1", "A"), a.getStatesByPrefix("user."));
        assertEquals(Map.of("user.1", "B", "user.2", "B2"), b.getStatesByPrefix("user."));
        assertEquals(Map.of("user.1", "A"), a.getStates(List.of("user.1", "user.2")));

        a.clear();
        assertEquals(Map.of(), a.getStatesByPrefix(""));
        assertEquals(2, b.getStatesByPrefix("").size(), "clear() only removes its own repository's rows");
        a.removeState("user.2");
        assertEquals("B2", b.getState("user.2"));
    }

    @Test
    void instancesOnTheSameTableShareState() throws Exception {
        // two "cluster nodes": separate instances and separate DataSource objects, same table and name
        JdbcStateRepository node1 = repository("shared");
        JdbcStateRepository node2 = new JdbcStateRepository(otherDataSource, "shared");
        node2.setTableName(table);
        node2.start();
        started.add(node2);

        node1.setState("user.1", "from-node1");
        assertEquals("from-node1", node2.getState("user.1"));

        node2.setStates(Map.of("user.1", "from-node2", "user.2", "x"));
        assertEquals("from-node2", node1.getState("user.1"));
        assertEquals(Map.of("user.1", "from-node2", "user.2", "x"), node1.getStatesByPrefix("user."));

        node1.removeState("user.2");
        assertNull(node2.getState("user.2"));
    }

    @Test
    void concurrentWritersLoseNoWrite() throws Exception {
        JdbcStateRepository repo = repository("concurrent");
        JdbcStateRepository other = repository("concurrent"); // a second instance, as on another node
        int threads = 4;
        int perThread = 80;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                JdbcStateRepository target = t % 2 == 0 ? repo : other;
                futures.add(pool.submit(() -> {
                    go.await();
                    Map<String, String> batch = new HashMap<>();
                    for (int i = 0; i < perThread; i++) {
                        String key = "t" + thread + "." + i;
                        if (i % 2 == 0) {
                            target.setState(key, "v" + i);
                        } else {
                            batch.put(key, "v" + i);
                            if (batch.size() == 15) {
                                target.setStates(batch);
                                batch.clear();
                            }
                        }
                        // everyone also writes the same hot keys (overlapping batches, in varying order)
                        if (i % 20 == 0) {
                            Map<String, String> hot = new HashMap<>();
                            for (int h = 0; h < 20; h++) {
                                hot.put("hot." + h, "t" + thread);
                            }
                            target.setStates(hot);
                            target.setState("hot.single", "t" + thread);
                        }
                    }
                    target.setStates(batch);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, String> all = repo.getStatesByPrefix("t");
        assertEquals(threads * perThread, all.size());
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertEquals("v" + i, all.get("t" + t + "." + i), "t" + t + "." + i);
            }
        }
        Map<String, String> hot = repo.getStatesByPrefix("hot.");
        assertEquals(21, hot.size());
        // each hot batch is one transaction, so all 20 batched hot keys carry the same writer
        assertEquals(1, hot.entrySet().stream().filter(e -> !e.getKey().equals("hot.single"))
                .map(Map.Entry::getValue).distinct().count(), hot.toString());
    }

    @Test
    void invalidTableNameRejected() {
        JdbcStateRepository repo = new JdbcStateRepository(dataSource);
        for (String bad : new String[] {
                "", "1abc", "a-b", "state table", "x; DROP TABLE y", "\"quoted\"", "schema.table", "tëst",
                "a".repeat(64), null }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repo.setTableName(bad),
                    String.valueOf(bad));
            assertTrue(e.getMessage().contains("tableName"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("[A-Za-z_][A-Za-z0-9_]{0,62}"), e.getMessage());
        }
        assertEquals(JdbcStateRepository.DEFAULT_TABLE_NAME, repo.getTableName());
        repo.setTableName("_" + "a".repeat(62));
        repo.setTableName("Camel_State_2");
        assertEquals("Camel_State_2", repo.getTableName());
    }

    @Test
    void otherOptionsValidated() {
        JdbcStateRepository repo = new JdbcStateRepository(dataSource);
        assertEquals("default", repo.getRepositoryName());
        assertEquals(500, repo.getBatchSize());
        assertTrue(repo.isCreateTableIfMissing());
        assertThrows(IllegalArgumentException.class, () -> repo.setBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> repo.setRepositoryName(""));
        assertThrows(IllegalArgumentException.class, () -> repo.setRepositoryName("r".repeat(201)));
        assertThrows(NullPointerException.class, () -> new JdbcStateRepository(null));
        assertThrows(IllegalArgumentException.class, () -> repo.getState(null));
        assertThrows(IllegalArgumentException.class, () -> repo.setState("k".repeat(513), "v"));
        Map<String, String> withNullKey = new HashMap<>();
        withNullKey.put(null, "v");
        assertThrows(IllegalArgumentException.class, () -> repo.setStates(withNullKey));
        assertEquals("JdbcStateRepository[table=CAMEL_KANTATA_STATE, repository=default]", repo.toString());
    }

    @Test
    void restartKeepsState() throws Exception {
        JdbcStateRepository repo = repository("restart");
        repo.setState("user.1", "a");
        repo.setStates(Map.of("user.2", "b", "user.3", "c"));

        repo.stop();
        repo.start();
        assertEquals("a", repo.getState("user.1"));
        assertEquals(3, repo.getStatesByPrefix("user.").size());

        // and a brand-new instance (as after a JVM restart) sees it too
        JdbcStateRepository fresh = repository("restart");
        assertEquals(Map.of("user.1", "a", "user.2", "b", "user.3", "c"), fresh.getStatesByPrefix("user."));
    }

    @Test
    void sqlErrorsAreWrappedWithoutValues() throws Exception {
        // never started, so its table does not exist
        JdbcStateRepository repo = new JdbcStateRepository(dataSource, "err");
        repo.setTableName(table);
        RuntimeCamelException e = assertThrows(RuntimeCamelException.class, () -> repo.getState("secret-key"));
        assertTrue(e.getMessage().contains(table) && e.getMessage().contains("getState"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-key"), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);

        e = assertThrows(RuntimeCamelException.class, () -> repo.setStates(Map.of("k", "secret-value")));
        assertTrue(e.getMessage().contains(table) && e.getMessage().contains("setStates"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-value"), e.getMessage());
    }

    @Test
    void emptyInputsAreNoOps() throws Exception {
        JdbcStateRepository repo = repository("empty");
        repo.setStates(Map.of());
        repo.setStates(null);
        assertEquals(Map.of(), repo.getStates(List.of()));
        assertEquals(Map.of(), repo.getStates(null));
        assertEquals(Map.of(), repo.getStates(Collections.singleton("nope")));
    }

    /**
     * With joinTransaction=true, a connection in a transaction (autoCommit=false, as Spring's DataSourceUtils or
     * TransactionAwareDataSourceProxy hand out inside one) is the caller's: writes join it, and are neither committed
     * nor rolled back by the repository.
     */
    @Test
    void writesJoinTheCallersTransactionAndNeverCommitIt() throws Exception {
        JdbcStateRepository plain = repository("tx");
        try (Connection con = dataSource.getConnection()) {
            JdbcStateRepository inTx = new JdbcStateRepository(joining(con), "tx");
            inTx.setTableName(table);
            inTx.setJoinTransaction(true);
            inTx.start();
            started.add(inTx);
            // the caller's transaction begins after the start, as Spring's would around a call
            con.setAutoCommit(false);

            inTx.setState("a", "1");
            inTx.setStates(Map.of("b", "2", "c", "3"));
            Map<String, String> mixed = new HashMap<>();
            mixed.put("c", null);
            mixed.put("d", "4");
            inTx.setStates(mixed);
            inTx.removeState("b");
            assertFalse(con.getAutoCommit(), "the caller's auto-commit mode is left alone");
            assertEquals(Map.of("a", "1", "d", "4"), inTx.getStatesByPrefix(""), "the transaction sees its writes");
            con.rollback();
            assertEquals(Map.of(), plain.getStatesByPrefix(""), "nothing was committed behind the caller's back");

            inTx.setState("e", "5");
            inTx.setStates(Map.of("f", "6"));
            con.commit();
            assertEquals(Map.of("e", "5", "f", "6"), plain.getStatesByPrefix(""), "committed by the caller");
            con.setAutoCommit(true);
        }
    }

    /**
     * Another node inserts a key after this one's UPDATE found no row and before its INSERT: the batch must not fail on
     * the duplicate key (and so roll back) but overwrite it, on every database, in or out of a caller's transaction.
     */
    @Test
    void aKeyInsertedByAnotherNodeDuringAPortableUpsertIsOverwrittenNotFailed() throws Exception {
        JdbcStateRepository repo = repository("race", JdbcStateRepository::useGenericUpserts);
        repo.beforeInsertHook = otherNodeInserts("race", "k1");
        repo.setStates(Map.of("k1", "mine", "k2", "also mine"));
        assertEquals(Map.of("k1", "mine", "k2", "also mine"), repo.getStatesByPrefix(""));

        repo.beforeInsertHook = otherNodeInserts("race", "k3");
        repo.setState("k3", "mine 3");
        assertEquals("mine 3", repo.getState("k3"));

        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            JdbcStateRepository inTx = new JdbcStateRepository(joining(con), "race");
            inTx.setTableName(table);
            inTx.useGenericUpserts();
            inTx.start();
            started.add(inTx);
            inTx.beforeInsertHook = otherNodeInserts("race", "k4");
            inTx.setStates(Map.of("k4", "mine 4", "k5", "mine 5"));
            con.commit();
            con.setAutoCommit(true);
        }
        assertEquals(Map.of("k1", "mine", "k2", "also mine", "k3", "mine 3", "k4", "mine 4", "k5", "mine 5"),
                repo.getStatesByPrefix(""));
    }

    @Test
    void keysCanBeReadWithoutValues() throws Exception {
        JdbcStateRepository repo = repository("keys");
        repo.setStates(Map.of("u.1", "x".repeat(5000), "u.2", "y", "u_3", "z", "meta.a", "1"));
        assertEquals(java.util.Set.of("u.1", "u.2"), repo.getKeysByPrefix("u."));
        assertEquals(java.util.Set.of("u.1", "u.2", "u_3", "meta.a"), repo.getKeysByPrefix(""));
        assertEquals("x".repeat(5000), repo.getState("u.1"), "a long value survives the value column type");
    }

    /** A one-shot hook that inserts the key through a separate connection, committed, as another node would. */
    private Runnable otherNodeInserts(String repository, String key) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.getAndSet(true)) {
                return;
            }
            try (Connection other = otherDataSource.getConnection();
                 java.sql.PreparedStatement ps = other.prepareStatement(
                         "INSERT INTO " + table + " (repository, state_key, state_value) VALUES (?, ?, ?)")) {
                ps.setString(1, repository);
                ps.setString(2, key);
                ps.setString(3, "theirs");
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * A DataSource that hands out the caller's connection, whose close() does nothing: what a transaction-aware
     * DataSource does inside a transaction.
     */
    /**
     * A pool that lends autoCommit=false connections and rolls back what was not committed when one returns (HikariCP
     * with {@code auto-commit=false}), with no transaction manager: the repository commits its own writes, so they
     * persist. Before, it took such a connection for the caller's transaction and never committed.
     */
    @Test
    void aPoolLendingAutoCommitFalseConnectionsStillPersistsEveryWrite() throws Exception {
        JdbcStateRepository plain = repository("pool");
        JdbcStateRepository pooled = new JdbcStateRepository(rollbackOnReturnPool(dataSource), "pool");
        pooled.setTableName(table);
        pooled.start();
        started.add(pooled);
        pooled.setState("a", "1");
        pooled.setStates(Map.of("b", "2", "c", "3"));
        pooled.removeState("c");
        assertEquals(Map.of("a", "1", "b", "2"), plain.getStatesByPrefix(""), "committed, not rolled back on return");
    }

    /**
     * joinTransaction=true on such a pool could never persist what the consumer writes: it fails at start, saying why.
     */
    @Test
    void joinTransactionOnAPoolLendingAutoCommitFalseConnectionsFailsAtStart() {
        JdbcStateRepository pooled = new JdbcStateRepository(rollbackOnReturnPool(dataSource), "pool");
        pooled.setTableName(table);
        pooled.setJoinTransaction(true);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, pooled::start);
        assertTrue(String.valueOf(e.getMessage()).contains("autoCommit=false")
                && String.valueOf(e.getMessage()).contains("never be committed"), e.getMessage());
    }

    static DataSource rollbackOnReturnPool(DataSource real) {
        return RollbackOnReturnPool.wrap(real);
    }

    private static DataSource joining(Connection con) {
        Connection handle = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                AbstractJdbcStateRepositoryTest.class.getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(con, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
                AbstractJdbcStateRepositoryTest.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return handle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    // ------------------------------------------------------------------ helpers

    private JdbcStateRepository repository(String name) {
        return repository(name, r -> {
        });
    }

    private JdbcStateRepository repository(String name, java.util.function.Consumer<JdbcStateRepository> config) {
        JdbcStateRepository repo = new JdbcStateRepository(dataSource, name);
        repo.setTableName(table);
        config.accept(repo);
        repo.start();
        started.add(repo);
        return repo;
    }

    private static void dropTable(String name) throws SQLException {
        if (dataSource == null || name == null) {
            return;
        }
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute("DROP TABLE " + name); // no IF EXISTS on every database
        } catch (SQLException e) {
            // did not exist
        }
    }

    /** The name as the database stores it: PostgreSQL folds to lower case, Derby to upper case. */
    private static String stored(Connection con, String name) throws SQLException {
        return con.getMetaData().storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    private static boolean tableExists(String name) throws SQLException {
        try (Connection con = dataSource.getConnection();
             ResultSet rs = con.getMetaData().getTables(null, null, stored(con, name), null)) {
            return rs.next();
        }
    }

    private static void assertPrimaryKey(String name) throws SQLException {
        try (Connection con = dataSource.getConnection()) {
            DatabaseMetaData md = con.getMetaData();
            List<String> pk = new ArrayList<>();
            try (ResultSet rs = md.getPrimaryKeys(null, null, stored(con, name))) {
                while (rs.next()) {
                    pk.add(rs.getShort("KEY_SEQ") - 1, rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertEquals(List.of("repository", "state_key"), pk);
            Map<String, String> columns = new HashMap<>();
            try (ResultSet rs = md.getColumns(null, null, stored(con, name), null)) {
                while (rs.next()) {
                    columns.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                            rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertEquals(expectedColumns, columns);
        }
    }

    private static int countRows(String name, String repository) throws SQLException {
        try (Connection con = dataSource.getConnection();
             java.sql.PreparedStatement ps = con.prepareStatement(
                     "SELECT count(*) FROM " + name + " WHERE repository = ?")) {
            ps.setString(1, repository);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
