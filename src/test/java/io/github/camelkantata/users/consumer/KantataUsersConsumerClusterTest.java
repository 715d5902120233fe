package io.github.camelkantata.users.consumer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.SandboxUser;
import io.github.camelkantata.users.state.JdbcStateRepository;
import io.github.camelkantata.users.state.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two nodes (CamelContexts) run the same consumer route under {@link ClusteredRoutePolicy} with a
 * {@link FileLockClusterService} and share a {@link JdbcStateRepository} on a real PostgreSQL server.
 * <p>
 * PostgreSQL as in {@code JdbcStateRepositoryTest}: {@code KANTATA_PG_URL} / {@code KANTATA_PG_USER} /
 * {@code KANTATA_PG_PASSWORD}; skipped when unreachable unless {@code CI} is set or {@code -Dkantata.pg.required=true}.
 */
class KantataUsersConsumerClusterTest {

    private static PGSimpleDataSource dataSource;

    private final String table = "kcl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final List<CamelContext> contexts = new ArrayList<>();
    private KantataSandbox sandbox;

    /** What one node's route received, as "type:id". */
    private final Map<String, List<String>> receivedBy = Map.of("a", Collections.synchronizedList(new ArrayList<>()),
            "b", Collections.synchronizedList(new ArrayList<>()));

    @BeforeAll
    static void connect() {
        PGSimpleDataSource ds = TestPostgres.dataSource("camel-kantata-users KantataUsersConsumerClusterTest");
        String unavailable = TestPostgres.unavailableReason(ds);
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
        dataSource = ds;
    }

    @AfterEach
    void cleanup() throws SQLException {
        for (CamelContext c : contexts) {
            c.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private CamelContext node(String name, Path lockRoot) throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId("node-" + name);
        cluster.setRoot(lockRoot.toString());
        cluster.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(200, TimeUnit.MILLISECONDS);
        ctx.addService(cluster);

        JdbcStateRepository state = new JdbcStateRepository(dataSource, "kantata-sync");
        state.setTableName(table);
        ctx.getRegistry().bind("syncState", state);

        KantataUsersComponent component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(sandbox.token());
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        ctx.addComponent("kantata-users", component);

        List<String> received = receivedBy.get(name);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                // query.node only tags this node's requests in the sandbox log; stateKeyPrefix keeps both nodes
                // on one namespace although their queries differ by that tag
                from("kantata-users:list?initialDelay=0&delay=100&perPage=15&emitRemoved=true"
                     + "&stateRepository=#syncState&stateKeyPrefix=hr-sync.&query.node=" + name)
                        .routeId("sync")
                        .routePolicy(ClusteredRoutePolicy.forNamespace(ctx, "kantata-users-sync"))
                        .process(e -> received.add(e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE) + ":"
                                                   + e.getMessage().getBody(User.class).getId()));
            }
        });
        contexts.add(ctx);
        return ctx;
    }

    private long pollsBy(String node) {
        return sandbox.requests().stream()
                .filter(r -> r.path().endsWith("/users") && node.equals(r.queryParam("node"))
                        && "1".equals(r.queryParam("page"))
                        && r.queryParam("only") == null)
                .count();
    }

    private static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void onlyTheLeaderPollsAndTheOtherTakesOverFromTheCommittedState(@TempDir Path lockRoot) throws Exception {
        sandbox = KantataSandbox.builder().users(60).start();
        Set<String> members = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                .map(SandboxUser::id).collect(Collectors.toSet());
        CamelContext a = node("a", lockRoot);
        CamelContext b = node("b", lockRoot);
        a.start();
        b.start();

        await("the first full sync", 30, () -> receivedBy.get("a").size() + receivedBy.get("b").size() >= members.size());
        String leader = receivedBy.get("a").isEmpty() ? "b" : "a";
        String follower = leader.equals("a") ? "b" : "a";
        CamelContext leaderCtx = leader.equals("a") ? a : b;
        // the leader keeps polling; give the follower the time of many lock intervals and poll delays
        long leaderPolls = pollsBy(leader);
        await("more leader polls", 10, () -> pollsBy(leader) >= leaderPolls + 5);
        assertEquals(0, pollsBy(follower), "only the leader polls");
        assertEquals(List.of(), receivedBy.get(follower));
        assertEquals(members.size(), receivedBy.get(leader).size());
        assertTrue(receivedBy.get(leader).stream().allMatch(s -> s.startsWith("new:")));

        leaderCtx.stop();
        long stoppedAt = System.nanoTime();
        List<String> ids = members.stream().sorted().toList();
        String renamed = ids.get(3);
        String disabled = ids.get(9);
        sandbox.data().update(renamed, Map.of("full_name", "Changed During Failover"));
        sandbox.data().disable(disabled);

        await("the follower to take over", 20, () -> pollsBy(follower) >= 1);
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
        await("the follower's first messages", 20, () -> receivedBy.get(follower).size() >= 2);
        long followerPolls = pollsBy(follower);
        await("more follower polls", 10, () -> pollsBy(follower) >= followerPolls + 3);

        assertEquals(Set.of("changed:" + renamed, "removed:" + disabled), Set.copyOf(receivedBy.get(follower)),
                "only what changed since the last committed state, not the whole account");
        assertEquals(2, receivedBy.get(follower).size());
        assertTrue(takeoverMillis < 20_000, "took over in " + takeoverMillis + " ms");
    }
}
