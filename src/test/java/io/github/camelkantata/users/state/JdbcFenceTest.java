package io.github.camelkantata.users.state;

import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JdbcFence}: a node that took an older leader term can no longer write, by any write method, and what it tried
 * is rolled back; the node with the newest term writes as before. On Derby (portable SQL) and PostgreSQL (the
 * {@code FOR SHARE} read), each node with its own repository object on the same table, as two JVMs would.
 */
class JdbcFenceTest {

    private final String table = "kfence_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void derby() throws Exception {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:kantata-fence");
        ds.setCreateDatabase("create");
        olderTermCannotWrite(ds);
    }

    /** SQLite (a stateFile, or a JDBC repository on a SQLite file) has no FOR UPDATE: its write lock is the fence. */
    @Test
    void sqlite() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("target", "fence", table + ".db").toAbsolutePath();
        java.nio.file.Files.createDirectories(file.getParent());
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        olderTermCannotWrite(ds);
    }

    @Test
    void postgres() throws Exception {
        PGSimpleDataSource ds = TestPostgres.dataSource("camel-kantata-users JdbcFenceTest");
        String unavailable = TestPostgres.unavailableReason(ds);
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
        try {
            olderTermCannotWrite(ds);
        } finally {
            try (Connection con = ds.getConnection(); Statement st = con.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private void olderTermCannotWrite(DataSource ds) throws Exception {
        JdbcStateRepository a = repo(ds);
        JdbcStateRepository b = repo(ds);
        JdbcFence fenceA = new JdbcFence(a, "ns");
        assertEquals(1, fenceA.acquire());
        a.setState("p.u.1", "a1");
        assertTrue(fenceA.isCurrent());

        JdbcFence fenceB = new JdbcFence(b, "ns");
        assertEquals(2, fenceB.acquire());
        assertFalse(fenceA.isCurrent());

        // every write of the deposed node is refused and rolled back
        assertThrows(JdbcFence.FencedException.class, () -> a.setState("p.u.1", "a-late"));
        assertThrows(JdbcFence.FencedException.class, () -> a.setState("p.u.2", "a-late"));
        assertThrows(JdbcFence.FencedException.class, () -> a.removeState("p.u.1"));
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("p.u.1", "a-late");
        batch.put("p.u.3", "a-late");
        assertThrows(JdbcFence.FencedException.class, () -> a.setStates(batch));
        assertEquals("a1", b.getState("p.u.1"));
        assertNull(b.getState("p.u.2"));
        assertNull(b.getState("p.u.3"));

        // the leader writes
        b.setState("p.u.1", "b1");
        b.setStates(Map.of("p.u.2", "b2", "p.u.3", "b3"));
        b.removeState("p.u.3");
        assertEquals(Map.of("p.u.1", "b1", "p.u.2", "b2"), b.getStatesByPrefix("p."));
        // the term row is outside every consumer's prefix
        assertEquals("2", b.getState(JdbcFence.TERM_KEY_PREFIX + "ns"));
        a.stop();
        b.stop();
    }

    private JdbcStateRepository repo(DataSource ds) {
        JdbcStateRepository r = new JdbcStateRepository(ds, "fence-test");
        r.setTableName(table);
        r.start();
        return r;
    }
}
