package io.github.camelkantata.users.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.SandboxUser;

/**
 * The benchmark server: the sandbox in its own JVM, so that the client's heap and threads are measured alone.
 * Arguments: user count, latency in ms. Prints {@code PORT <n>} and {@code TOKEN <t>}, then reads commands on stdin:
 * {@code touch <percent>} edits the headline of that share of users (for the consumer poll), {@code count} prints the
 * requests answered since the last {@code count} ({@code COUNTED <users> <events> <other>}: to {@code /users}, to
 * {@code /subscribed_events}, to anything else) and starts counting afresh, {@code quit} stops.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.parseInt(args[0]);
        long latencyMs = Long.parseLong(args[1]);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        KantataSandbox sandbox = KantataSandbox.builder().users(users).latency(Duration.ofMillis(latencyMs)).start();
        // the sandbox records every request; a long benchmark would otherwise fill this JVM's heap
        Thread cleaner = new Thread(() -> {
            while (true) {
                sandbox.clearRequests();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-request-cleaner");
        cleaner.setDaemon(true);
        cleaner.start();
        // what went over the wire, counted as each request arrives (the request log above is cleared too often)
        java.util.concurrent.atomic.AtomicLongArray counted = new java.util.concurrent.atomic.AtomicLongArray(3);
        sandbox.beforeAnswer(r -> counted.incrementAndGet(
                r.path().endsWith("/users") ? 0 : r.path().endsWith("/subscribed_events") ? 1 : 2));
        System.out.println("PORT " + sandbox.port());
        System.out.println("TOKEN " + sandbox.token());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("touch ")) {
                double percent = Double.parseDouble(line.substring(6).trim());
                List<SandboxUser> all = sandbox.data().users();
                int step = (int) Math.max(1, Math.round(100 / percent));
                int n = 0;
                for (int i = 0; i < all.size(); i += step) {
                    // a content change (headline), as a person editing a profile makes; updated_at alone is not part
                    // of the user's JSON, so it is not a change the consumer reports
                    sandbox.data().update(all.get(i).id(), java.util.Map.of("headline", "edited " + System.nanoTime()));
                    n++;
                }
                System.out.println("TOUCHED " + n);
                System.out.flush();
            } else if (line.equals("count")) {
                System.out.println("COUNTED " + counted.getAndSet(0, 0) + " " + counted.getAndSet(1, 0) + " "
                                   + counted.getAndSet(2, 0));
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        sandbox.close();
        System.exit(0);
    }
}
