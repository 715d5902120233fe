package io.github.camelkantata.users.consumer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop that comes while the route still holds an exchange: the stop waits for the poll thread to finish it and write
 * what completed before it closes the state file, so the next start emits none of the users delivered before the stop.
 * (CI's Kamelet test on Camel 4.18.0 saw the state file closed under the delivery batch's last write: "could not save
 * the state of 26 users", and all 26 were emitted again by the next run.)
 */
class StopWritesWhatCompletedTest {

    @Test
    void aStopDuringAnExchangeLetsItCompleteAndCommitsBeforeTheStateFileCloses() throws Exception {
        Path file = Path.of("target", "stop-commit", UUID.randomUUID() + ".db").toAbsolutePath();
        Files.createDirectories(file.getParent());
        try (KantataSandbox sandbox = KantataSandbox.builder().users(40).start()) {
            List<String> first = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch inHand = new CountDownLatch(1);
            CamelContext one = context(sandbox, file, first, 10, inHand);
            one.start();
            assertTrue(inHand.await(20, TimeUnit.SECONDS), "the route got its 10th user");
            // the 10th exchange is still in the route (it is busy): a graceful stop of the application under it
            one.stop();
            assertTrue(first.size() >= 10, "delivered before the stop: " + first);

            List<String> second = Collections.synchronizedList(new ArrayList<>());
            CamelContext two = context(sandbox, file, second, -1, null);
            two.start();
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                int members = (int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
                while (first.size() + second.size() < members && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
            } finally {
                two.stop();
            }
            Set<String> again = new HashSet<>(second);
            again.retainAll(first);
            assertEquals(Set.of(), again, "delivered before the stop and emitted again after it");
            Set<String> all = new HashSet<>(first);
            all.addAll(second);
            assertEquals((int) sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count(),
                    all.size(), "every user arrived");
        }
    }

    private static CamelContext context(
            KantataSandbox sandbox, Path file, List<String> received, int holdAt, CountDownLatch inHand)
            throws Exception {
        CamelContext ctx = new DefaultCamelContext();
        KantataUsersComponent c = new KantataUsersComponent();
        c.getConfiguration().setAccessToken(sandbox.token());
        c.getConfiguration().setBaseUrl(sandbox.baseUrl());
        ctx.addComponent("kantata-users", c);
        ctx.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?initialDelay=0&delay=100&perPage=50&stateFile=" + file).routeId("sync")
                        .process(e -> {
                            received.add(e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class));
                            if (received.size() == holdAt) {
                                inHand.countDown();
                                // busy for 500 ms, deaf to the interrupt the scheduler's stop may send: the route
                                // completes the exchange, as a route writing to a database would
                                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                                while (System.nanoTime() < end) {
                                    Thread.onSpinWait();
                                }
                            }
                        });
            }
        });
        return ctx;
    }
}
