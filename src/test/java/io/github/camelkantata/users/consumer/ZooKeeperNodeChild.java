package io.github.camelkantata.users.consumer;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.state.JdbcStateRepository;
import io.github.camelkantata.users.state.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.PropertyBindingSupport;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One node of {@link ZooKeeperClusterTest}, in its own JVM: a consumer route over a {@code ZooKeeperClusterService}
 * (camel-zookeeper, reached by class name: its jar is on the test class path but not on the compile path) and a
 * {@link JdbcStateRepository} on the shared PostgreSQL. On Camel lines with {@code master:} (camel-master on the class
 * path) the route is {@code master:<namespace>:kantata-users:list...}; otherwise it runs under
 * {@code ClusteredRoutePolicy.forNamespace}. Both set {@code clusterNamespace}, the component's own guard.
 * <p>
 * Every exchange the route receives appends one line {@code <node> <epoch micros> <change type> <id> <full name>} to
 * the emission log, one unbuffered write each, so a line is there once the route saw the user, however the JVM ends.
 * <p>
 * Arguments: node id, ZooKeeper connect string, sandbox base URL, token, state table, emission log, stop file, session
 * timeout ms.
 */
public final class ZooKeeperNodeChild {

    static final String NAMESPACE = "kantata-sync";
    static final String PREFIX = "zk.";

    private ZooKeeperNodeChild() {
    }

    static boolean hasMaster() {
        try {
            Class.forName("org.apache.camel.component.master.MasterComponent");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        String node = args[0];
        Path stop = Path.of(args[6]);
        try (FileOutputStream emissions = new FileOutputStream(args[5], true)) {
            CamelContext ctx = new DefaultCamelContext();
            ctx.getShutdownStrategy().setTimeout(5);
            CamelClusterService cluster = (CamelClusterService) Class
                    .forName("org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService")
                    .getDeclaredConstructor().newInstance();
            PropertyBindingSupport.build().withIgnoreCase(true).withRemoveParameters(false)
                    .bind(ctx, cluster, Map.of("id", node, "nodes", args[1], "basePath", "/camel/cluster",
                            "sessionTimeout", Long.parseLong(args[7]), "connectionTimeout", 3000L));
            ctx.addService(cluster);

            PGSimpleDataSource ds = TestPostgres.dataSource("kantata zk node " + node);
            // a frozen leader's open transaction would hold the leader-term row (JdbcFence) and keep its successor from
            // taking a term: the server ends such a transaction (docs/SYNCING.md recommends this setting)
            ds.setOptions("-c idle_in_transaction_session_timeout=2000");
            // pooled, as in production: a connection per write costs more than the write
            com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
            pool.setDataSource(ds);
            pool.setMaximumPoolSize(4);
            JdbcStateRepository state = new JdbcStateRepository(pool, "kantata-sync");
            state.setTableName(args[4]);
            ctx.getRegistry().bind("syncState", state);

            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(args[3]);
            component.getConfiguration().setBaseUrl(args[2]);
            ctx.addComponent("kantata-users", component);
            String uri = "kantata-users:list?initialDelay=0&delay=200&perPage=200&stateRepository=#syncState"
                         + "&stateKeyPrefix=" + PREFIX
                         // the control experiment: KANTATA_ZK_NO_GUARD=1 runs the nodes without the component's guard
                         + ("1".equals(System.getenv("KANTATA_ZK_NO_GUARD")) ? "" : "&clusterNamespace=" + NAMESPACE);
            boolean master = hasMaster();
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() throws Exception {
                    var route = from(master ? "master:" + NAMESPACE + ":" + uri : uri).routeId("sync");
                    if (!master) {
                        route.routePolicy((RoutePolicy) Class.forName("org.apache.camel.impl.cluster.ClusteredRoutePolicy")
                                .getMethod("forNamespace", CamelContext.class, String.class).invoke(null, ctx, NAMESPACE));
                    }
                    route.process(e -> {
                        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                        User u = e.getMessage().getBody(User.class);
                        String line = node + " " + micros + " " + e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE)
                                      + " " + e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID) + " "
                                      + (u == null || u.getFullName() == null ? "-" : u.getFullName().replace(' ', '_')) + "\n";
                        synchronized (emissions) {
                            emissions.write(line.getBytes(StandardCharsets.UTF_8));
                        }
                    });
                }
            });
            ctx.start();
            System.out.println("node " + node + " started (" + (master ? "master:" : "ClusteredRoutePolicy") + ")");
            System.out.flush();
            while (!Files.exists(stop)) {
                Thread.sleep(50);
            }
            ctx.stop();
        }
    }
}
