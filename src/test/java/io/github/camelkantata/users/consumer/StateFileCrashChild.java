package io.github.camelkantata.users.consumer;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.state.JdbcStateRepository;
import io.github.camelkantata.users.state.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The consumer JVM of {@link KantataUsersConsumerCrashTest}: syncs a sandbox with {@code stateFile} (or, given
 * {@code pg:<repository name>}, a JdbcStateRepository on the PostgreSQL of scripts/postgres.sh) and appends
 * {@code <change type> <user id>} to a log for every exchange its route processed, one unbuffered write per line, so a
 * line is in the log once the route saw the user, whenever the JVM is killed. Polls until a poll emits nothing, prints
 * what it wrote, then waits for a stop file before stopping (so the test can check that the file is locked meanwhile).
 * <p>
 * Arguments: base URL, token, state file, seen log, stop file.
 */
public final class StateFileCrashChild {

    private StateFileCrashChild() {
    }

    /** The bytes this JVM passed to write calls (Linux), the seen log included. */
    static long wchar() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String token = args[1];
        String stateFile = args[2];
        Path stopFile = Path.of(args[4]);
        AtomicInteger seen = new AtomicInteger();
        try (FileOutputStream seenLog = new FileOutputStream(args[3], true)) {
            CamelContext context = new DefaultCamelContext();
            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(token);
            component.getConfiguration().setBaseUrl(baseUrl);
            context.addComponent("kantata-users", component);
            String stateOption = "stateFile=" + stateFile;
            if (stateFile.startsWith("pg:")) {
                JdbcStateRepository repo = new JdbcStateRepository(
                        TestPostgres.dataSource("crash-child"),
                        stateFile.substring(3));
                context.getRegistry().bind("pgState", repo);
                stateOption = "stateRepository=#pgState";
            }
            String state = stateOption;
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kantata-users:list?startScheduler=false&perPage=200&stateKeyPrefix=crash.&" + state)
                            .routeId("sync")
                            .process(e -> {
                                String line = e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE) + " "
                                              + e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID) + "\n";
                                synchronized (seenLog) {
                                    seenLog.write(line.getBytes(StandardCharsets.UTF_8));
                                }
                                seen.incrementAndGet();
                            });
                }
            });
            context.start();
            KantataUsersConsumer consumer = (KantataUsersConsumer) context.getRoute("sync").getConsumer();
            int polls = 0;
            while (true) {
                int before = seen.get();
                consumer.run();
                polls++;
                if (seen.get() == before) {
                    break;
                }
            }
            System.out.println("polls=" + polls + " seen=" + seen.get() + " bytesWritten=" + wchar());
            System.out.flush();
            while (!Files.exists(stopFile)) {
                Thread.sleep(20);
            }
            context.stop();
        }
    }
}
