package io.github.camelkantata.users.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.state.JdbcStateRepository;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code clusterNamespace}: the consumer's own leadership guard. A cluster service that keeps the route running after
 * its node lost the lead (as camel-zookeeper 4.18 does, CAMEL-24457) is played by a view whose local member stops being
 * leader in the middle of a delivery while nothing stops the route.
 */
class LeadershipGuardTest {

    /** A cluster service with one view whose leadership the test switches. */
    static final class SwitchedClusterService extends ServiceSupport implements CamelClusterService {
        final AtomicBoolean leader = new AtomicBoolean(true);
        final List<String> viewsAsked = Collections.synchronizedList(new ArrayList<>());
        final List<String> viewsReleased = Collections.synchronizedList(new ArrayList<>());
        private CamelContext context;
        private String id = "switched";

        @Override
        public CamelClusterView getView(String namespace) {
            viewsAsked.add(namespace);
            CamelClusterMember local = new CamelClusterMember() {
                @Override
                public boolean isLeader() {
                    return leader.get();
                }

                @Override
                public boolean isLocal() {
                    return true;
                }

                @Override
                public String getId() {
                    return id;
                }
            };
            return new CamelClusterView() {
                @Override
                public CamelClusterService getClusterService() {
                    return SwitchedClusterService.this;
                }

                @Override
                public String getNamespace() {
                    return namespace;
                }

                @Override
                public Optional<CamelClusterMember> getLeader() {
                    return leader.get() ? Optional.of(local) : Optional.empty();
                }

                @Override
                public CamelClusterMember getLocalMember() {
                    return local;
                }

                @Override
                public List<CamelClusterMember> getMembers() {
                    return List.of(local);
                }

                @Override
                public void addEventListener(CamelClusterEventListener listener) {
                }

                @Override
                public void removeEventListener(CamelClusterEventListener listener) {
                }

                @Override
                public void start() {
                }

                @Override
                public void stop() {
                }

                @Override
                public void setCamelContext(CamelContext camelContext) {
                }

                @Override
                public CamelContext getCamelContext() {
                    return context;
                }
            };
        }

        @Override
        public void releaseView(CamelClusterView view) {
            viewsReleased.add(view.getNamespace());
        }

        @Override
        public Collection<String> getNamespaces() {
            return List.copyOf(viewsAsked);
        }

        @Override
        public void startView(String namespace) {
        }

        @Override
        public void stopView(String namespace) {
        }

        @Override
        public boolean isLeader(String namespace) {
            return leader.get();
        }

        @Override
        public void setCamelContext(CamelContext camelContext) {
            this.context = camelContext;
        }

        @Override
        public CamelContext getCamelContext() {
            return context;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void setId(String id) {
            this.id = id;
        }
    }

    @Test
    void aNodeThatLostTheLeadStopsEmittingAndCommittingWhileItsRouteRuns() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(60).start()) {
            SwitchedClusterService cluster = new SwitchedClusterService();
            MemoryBulkStateRepository state = new MemoryBulkStateRepository();
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            CamelContext ctx = context(sandbox, cluster, state, received, 5);
            try {
                ctx.start();
                assertEquals(List.of("kantata-sync"), cluster.viewsAsked);
                KantataUsersConsumer consumer = (KantataUsersConsumer) ctx.getRoute("sync").getConsumer();
                consumer.run();
                // the route saw 5 users; the 5th was handed over before the lead was lost and completes (and commits)
                assertEquals(5, received.size(), "received " + received);
                assertEquals(5, state.getKeysByPrefix(consumer.getStateKeyPrefix() + "u.").size());

                // the route is still running, as with CAMEL-24457: further polls make no request and emit nothing
                long requests = sandbox.requests().stream().filter(r -> r.path().endsWith("/users")).count();
                consumer.run();
                consumer.run();
                assertTrue(ctx.getRouteController().getRouteStatus("sync").isStarted());
                assertEquals(requests, sandbox.requests().stream().filter(r -> r.path().endsWith("/users")).count());
                assertEquals(5, received.size());
                assertEquals(5, state.getKeysByPrefix(consumer.getStateKeyPrefix() + "u.").size());

                // started again as leader (the policy's restart): it resumes from the committed state
                cluster.leader.set(true);
                ctx.getRouteController().stopRoute("sync");
                ctx.getRouteController().startRoute("sync");
                consumer = (KantataUsersConsumer) ctx.getRoute("sync").getConsumer();
                consumer.run();
                assertTrue(received.size() > 5 + 40, "the rest arrived: " + received.size());
                assertEquals(received.size(), Set(received).size(), "no user twice");
            } finally {
                ctx.stop();
            }
            assertEquals(List.of("kantata-sync", "kantata-sync"), cluster.viewsReleased);
        }
    }

    @Test
    void clusterNamespaceWithoutAClusterServiceFailsAtStartNamingTheOption() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(5).start()) {
            CamelContext ctx = context(sandbox, null, new MemoryBulkStateRepository(), new ArrayList<>(), -1);
            try {
                Exception e = assertThrows(Exception.class, ctx::start);
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                    cause = cause.getCause();
                }
                assertTrue(cause.getMessage().contains("'clusterNamespace'") && cause.getMessage().contains("'kantata-sync'")
                        && cause.getMessage().contains("CamelClusterService"), cause.getMessage());
                assertEquals(0, sandbox.requests().size(), "no request before the error");
            } finally {
                ctx.stop();
            }
        }
    }

    @Test
    void aLeaderThatCannotReadItsTermHandsNothingOverUntilItCanAndIsNotDeposed() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("target", "leadership-guard", UUID.randomUUID() + ".db");
        java.nio.file.Files.createDirectories(file.getParent());
        org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        AtomicBoolean unreachable = new AtomicBoolean();
        javax.sql.DataSource ds = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { javax.sql.DataSource.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && unreachable.get()) {
                        throw new java.sql.SQLException("Connection refused (the test's unreachable database)");
                    }
                    try {
                        return method.invoke(sqlite, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        JdbcStateRepository repo = new JdbcStateRepository(ds, "guard");
        repo.start();
        CamelContext ctx = new DefaultCamelContext();
        SwitchedClusterService cluster = new SwitchedClusterService();
        ctx.addService(cluster);
        ctx.start();
        LeadershipGuard guard = new LeadershipGuard("ns");
        try {
            guard.start(ctx, repo);
            assertEquals(1, guard.term());
            assertTrue(guard.allowed());

            // the database goes away: once the term is due to be read again, nothing is handed over, on every call
            unreachable.set(true);
            Thread.sleep(LeadershipGuard.TERM_CHECK_MILLIS + 50);
            assertFalse(guard.allowed());
            assertFalse(guard.allowed(), "asked again while the term is unknown");
            assertFalse(guard.deposed(), "unknown is not deposed");

            // it comes back with this node's term still stored: the node leads on
            unreachable.set(false);
            assertTrue(guard.allowed());

            // a pause longer than the check interval: the first call after it reads the term, and sees the newer one
            JdbcStateRepository other = new JdbcStateRepository(sqlite, "guard");
            other.start();
            new io.github.camelkantata.users.state.JdbcFence(other, "ns").acquire();
            other.stop();
            Thread.sleep(LeadershipGuard.TERM_CHECK_MILLIS + 50);
            assertFalse(guard.allowed());
            assertTrue(guard.deposed());
        } finally {
            guard.stop();
            ctx.stop();
            repo.stop();
        }
    }

    private static java.util.Set<String> Set(List<String> l) {
        return new java.util.HashSet<>(l);
    }

    private static CamelContext context(
            KantataSandbox sandbox, SwitchedClusterService cluster, MemoryBulkStateRepository state, List<String> received,
            int loseLeadAt)
            throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        if (cluster != null) {
            ctx.addService(cluster);
        }
        ctx.getRegistry().bind("syncState", state);
        KantataUsersComponent component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(sandbox.token());
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        ctx.addComponent("kantata-users", component);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?startScheduler=false&perPage=10&stateRepository=#syncState"
                     + "&clusterNamespace=kantata-sync")
                        .routeId("sync")
                        .process(e -> {
                            received.add(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class));
                            if (received.size() == loseLeadAt) {
                                cluster.leader.set(false);
                            }
                        });
            }
        });
        return ctx;
    }
}
