package io.github.camelkantata.users.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.state.TestPostgres;
import org.apache.curator.test.TestingServer;

/**
 * examples/cluster: a ZooKeeper server (curator-test, in this JVM), a sandbox account, and three consumer nodes in
 * their own JVMs ({@link ZooKeeperNodeChild}: ClusteredRoutePolicy over ZooKeeperClusterService, a JdbcStateRepository
 * on the PostgreSQL of scripts/postgres.sh, {@code clusterNamespace} set). Prints which node emits, kills the leader
 * with SIGKILL in the middle of its first sync, shows another node taking over from the committed state, and stops once
 * every user arrived.
 * <p>
 * Argument: the number of users (default 3,000).
 */
public final class ClusterExampleMain {

    private ClusterExampleMain() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        Path dir = Path.of("target", "examples", "cluster").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        String table = "kantata_cluster_example";
        var ds = TestPostgres.dataSource("camel-kantata-users cluster example");
        try (var con = ds.getConnection(); var st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
        Map<String, Process> nodes = new LinkedHashMap<>();
        try (TestingServer zk = new TestingServer(true);
             KantataSandbox sandbox = KantataSandbox.builder().users(users).start()) {
            System.out.println("ZooKeeper at " + zk.getConnectString() + ", sandbox at " + sandbox.baseUrl() + ", state table "
                               + table + " on " + ds.getUrl());
            for (String n : List.of("node-1", "node-2", "node-3")) {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ProcessBuilder pb = new ProcessBuilder(
                        java, "-Xmx256m", "-Dsun.net.httpserver.nodelay=true",
                        "-DKANTATA_PG_URL=" + ds.getUrl(), "-DKANTATA_PG_USER=" + ds.getUser(), "-cp",
                        System.getProperty("java.class.path"), ZooKeeperNodeChild.class.getName(), n, zk.getConnectString(),
                        sandbox.baseUrl(), sandbox.token(), table, dir.resolve(n + ".emitted").toString(),
                        dir.resolve("stop").toString(), "4000");
                pb.redirectErrorStream(true);
                pb.redirectOutput(dir.resolve(n + ".out").toFile());
                nodes.put(n, pb.start());
            }
            System.out.println("three nodes started; logs in " + dir);
            long active = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
            boolean done = false;
            String killed = null;
            long killedAt = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                Map<String, Integer> counts = new LinkedHashMap<>();
                Set<String> ids = new HashSet<>();
                for (String n : nodes.keySet()) {
                    List<String> lines = lines(dir.resolve(n + ".emitted"));
                    counts.put(n, lines.size());
                    for (String l : lines) {
                        ids.add(l.split(" ")[3]);
                    }
                }
                System.out.println("emitted so far: " + counts + " (" + ids.size() + " of " + active + " users)");
                if (killed == null) {
                    for (Map.Entry<String, Integer> c : counts.entrySet()) {
                        if (c.getValue() >= active / 3) {
                            killed = c.getKey();
                            nodes.get(killed).destroyForcibly();
                            killedAt = System.nanoTime();
                            System.out.println(">>> kill -9 " + killed + ", the leader, in the middle of its first sync");
                        }
                    }
                } else if (ids.size() >= active) {
                    System.out.println(">>> every user arrived; " + killed + " was killed "
                                       + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt) + " s ago");
                    done = true;
                    break;
                }
            }
            Map<String, Integer> repeats = new HashMap<>();
            for (String n : nodes.keySet()) {
                for (String l : lines(dir.resolve(n + ".emitted"))) {
                    repeats.merge(l.split(" ", 3)[2], 1, Integer::sum);
                }
            }
            System.out.println("users emitted more than once (in flight on the killed leader): "
                               + repeats.values().stream().filter(v -> v > 1).count());
            if (!done) {
                throw new IllegalStateException("not every user arrived within 3 minutes; see the node logs in " + dir);
            }
        } finally {
            Files.writeString(dir.resolve("stop"), "stop");
            for (Process p : nodes.values()) {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static List<String> lines(Path f) throws Exception {
        if (!Files.exists(f)) {
            return new ArrayList<>();
        }
        String t = Files.readString(f);
        int end = t.lastIndexOf('\n');
        return end < 0 ? new ArrayList<>() : new ArrayList<>(List.of(t.substring(0, end).split("\n")));
    }
}
