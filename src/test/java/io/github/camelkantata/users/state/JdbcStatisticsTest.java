package io.github.camelkantata.users.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first sync into a new PostgreSQL table: a pooled connection's prepared statement planned while the table was empty
 * keeps a generic plan that reads a page's states by scanning every row of the repository (state_key only filtered),
 * until the table is analyzed. The repository analyzes its table itself as it fills, so such a cached plan is made
 * again with the index on both columns.
 */
class JdbcStatisticsTest {

    private final String table = "kstats_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void aFillingTableIsAnalyzedSoCachedPlansUseTheWholeKey() throws Exception {
        PGSimpleDataSource ds = TestPostgres.dataSource("camel-kantata-users JdbcStatisticsTest");
        String unavailable = TestPostgres.unavailableReason(ds);
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
        JdbcStateRepository repo = new JdbcStateRepository(ds, "stats-test");
        repo.setTableName(table);
        repo.start();
        try (Connection session = ds.getConnection(); Statement st = session.createStatement()) {
            assertEquals(-1f, reltuples(session), 0f, "a new table has never been analyzed");
            // the statement a pooled connection keeps, planned generically while the table is empty
            st.execute("SET plan_cache_mode = force_generic_plan");
            st.execute("PREPARE page(varchar, varchar, varchar, varchar) AS SELECT state_key, state_value FROM " + table
                       + " WHERE repository = $1 AND state_key IN ($2, $3, $4)");
            assertEquals(2, explain(session).split("Filter").length, "planned on the empty table: " + explain(session));

            // a first sync: completed users written in batches, as the consumer does
            for (int batch = 0; batch < 3; batch++) {
                Map<String, String> rows = new LinkedHashMap<>();
                for (int i = 0; i < 500; i++) {
                    rows.put("p.u." + (batch * 500 + i), "{\"id\":" + (batch * 500 + i) + "}");
                }
                repo.setStates(rows);
            }

            assertTrue(reltuples(session) >= 1000, "analyzed after 1,000 rows: reltuples " + reltuples(session));
            String plan = explain(session);
            assertTrue(plan.contains("Index Cond") && plan.contains("state_key") && !plan.contains("Filter"),
                    "the cached generic plan is made again with the whole key: " + plan);
            assertEquals(3, repo.getStates(java.util.List.of("p.u.1", "p.u.700", "p.u.1400")).size());
        } finally {
            repo.stop();
            try (Connection con = ds.getConnection(); Statement st = con.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private float reltuples(Connection con) throws Exception {
        try (PreparedStatement ps = con.prepareStatement("SELECT reltuples FROM pg_class WHERE relname = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "table " + table);
                return rs.getFloat(1);
            }
        }
    }

    private static String explain(Connection con) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN EXECUTE page('stats-test', 'p.u.1', 'p.u.2', 'p.u.3')")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
