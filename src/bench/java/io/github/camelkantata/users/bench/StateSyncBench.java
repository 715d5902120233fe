package io.github.camelkantata.users.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.state.JdbcStateRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Section "state" of the harness: the consumer's first sync of an account into a {@link JdbcStateRepository} on
 * PostgreSQL, through a {@link LatencyProxy} that adds 0 or 2 ms per database round trip and counts the round trips.
 * Reports users/s and round trips per user. It measures whatever the repository and the consumer do at the time it
 * runs, so the same command gives the figures before and after a change in how the state is written.
 * <p>
 * PostgreSQL: {@code KANTATA_PG_URL} / {@code KANTATA_PG_USER} / {@code KANTATA_PG_PASSWORD} (system property or
 * environment), default the server of {@code scripts/postgres.sh}; the section is skipped with a line when it is not
 * reachable.
 */
final class StateSyncBench {

    private StateSyncBench() {
    }

    static void run(boolean smoke, int users, Consumer<String> line, java.util.Map<String, Double> figures) throws Exception {
        String url = setting("KANTATA_PG_URL", "jdbc:postgresql://127.0.0.1:55432/kantata");
        URI u = URI.create(url.substring("jdbc:".length()));
        int n = smoke ? 400 : users;
        line.accept("\n## state: first sync of " + n
                    + " users into PostgreSQL (JdbcStateRepository), users/s and database round trips\n");
        PGSimpleDataSource direct = dataSource(url);
        try (Connection con = direct.getConnection()) {
            con.isValid(5);
        } catch (Exception e) {
            line.accept("**NOT RUN**: PostgreSQL not reachable at " + url + " (" + e.getMessage()
                        + "); run scripts/postgres.sh start");
            return;
        }
        line.accept("| added latency per round trip | users | time s | users/s | round trips | round trips per user |");
        line.accept("|---:|---:|---:|---:|---:|---:|");
        // at 2 ms a round trip per user makes 100,000 users last minutes: -Dbench.state.users.2ms=N measures fewer there
        int nSlow = smoke ? n : Integer.getInteger("bench.state.users.2ms", n);
        {
            for (long latencyMicros : new long[] { 0, 2000 }) {
                int limit = latencyMicros == 0 ? n : nSlow;
                try (ServerProcess server = new ServerProcess(limit, 0);
                     LatencyProxy proxy = new LatencyProxy(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), latencyMicros)) {
                    String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + u.getPath()
                                     + (u.getQuery() == null ? "" : "?" + u.getQuery());
                    PGSimpleDataSource ds = dataSource(proxied);
                    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
                    pool.setDataSource(ds);
                    pool.setMaximumPoolSize(4);
                    String table = "kbench_" + Long.toHexString(System.nanoTime());
                    JdbcStateRepository repo = new JdbcStateRepository(pool, "bench");
                    repo.setTableName(table);
                    CamelContext ctx = new DefaultCamelContext();
                    try {
                        ctx.getRegistry().bind("state", repo);
                        KantataUsersComponent component = new KantataUsersComponent();
                        ctx.addComponent("kantata-users", component);
                        AtomicInteger emitted = new AtomicInteger();
                        ctx.addRoutes(new RouteBuilder() {
                            @Override
                            public void configure() {
                                from("kantata-users:list?baseUrl=" + server.baseUrl() + "&accessToken=" + server.token
                                     + "&startScheduler=false&perPage=200&stateRepository=#state&stateKeyPrefix=bench.")
                                        .routeId("bench-state").process(e -> emitted.incrementAndGet());
                            }
                        });
                        ctx.start();
                        Runnable poll = (Runnable) ctx.getRoute("bench-state").getConsumer();
                        proxy.resetCount();
                        long t0 = System.nanoTime();
                        poll.run();
                        double s = (System.nanoTime() - t0) / 1e9;
                        long trips = proxy.roundTrips();
                        double rate = emitted.get() / s;
                        String k = latencyMicros == 0 ? "" : (latencyMicros / 1000) + "ms.";
                        figures.put("state." + k + "users.per.s", rate);
                        figures.put("state." + k + "round.trips.per.user", (double) trips / Math.max(1, emitted.get()));
                        line.accept(
                                String.format(Locale.ROOT, "| %d ms | %,d | %.1f | %,.0f | %,d | %.2f |", latencyMicros / 1000,
                                        emitted.get(), s, rate, trips, (double) trips / Math.max(1, emitted.get())));
                    } finally {
                        ctx.stop();
                        repo.stop();
                        pool.close();
                        try (Connection con = direct.getConnection(); Statement st = con.createStatement()) {
                            st.execute("DROP TABLE IF EXISTS " + table);
                        }
                    }
                }
            }
        }
        line.accept("\nGoal (issue 21): at least 5,000 users/s at 0 ms and 2,000 users/s at 2 ms.");
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(setting("KANTATA_PG_USER", "postgres"));
        String password = setting("KANTATA_PG_PASSWORD", null);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setApplicationName("camel-kantata-users StateSyncBench");
        return ds;
    }

    private static String setting(String name, String def) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? def : v;
    }
}
