package io.github.camelkantata.users.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 256 exchanges in flight against a server that answers in 50 ms must not need a thread each. The figure is reported
 * (target/surefire-reports) and bounded loosely; timing is never asserted.
 */
class NonBlockingThreadsTest {

    static final int IN_FLIGHT = 256;

    /** Threads that belong to the component or its HTTP client. */
    static boolean isClientThread(String name) {
        return name.contains("KantataUsers") || name.startsWith("httpclient-") || name.contains("I/O dispatcher");
    }

    @Test
    void twoHundredFiftySixInFlightUseAHandfulOfThreads() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(300).latency(Duration.ofMillis(50)).start()) {
            CamelContext context = new DefaultCamelContext();
            KantataUsersComponent component = new KantataUsersComponent();
            component.setMaxConnections(IN_FLIGHT);
            context.addComponent("kantata-users", component);
            context.start();
            try {
                Endpoint endpoint = context.getEndpoint("kantata-users:get?baseUrl=" + sandbox.baseUrl() + "&accessToken="
                                                        + sandbox.token());
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                CountDownLatch done = new CountDownLatch(IN_FLIGHT);
                AtomicInteger returnedAsync = new AtomicInteger();
                List<Exchange> exchanges = new ArrayList<>();
                Set<String> threadsSeen = ConcurrentHashMap.newKeySet();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    Exchange e = new DefaultExchange(context);
                    e.getMessage().setHeader("CamelKantataUsersUserId", "1");
                    exchanges.add(e);
                    boolean sync = producer.process(e, doneSync -> {
                        threadsSeen.add(Thread.currentThread().getName());
                        done.countDown();
                    });
                    if (!sync) {
                        returnedAsync.incrementAndGet();
                    }
                }
                // every process() call returned at once: the caller thread was never parked on I/O
                assertEquals(IN_FLIGHT, returnedAsync.get());
                int peak = 0;
                Set<String> peakNames = new TreeSet<>();
                while (!done.await(5, TimeUnit.MILLISECONDS)) {
                    Set<String> names = new TreeSet<>();
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (isClientThread(t.getName())) {
                            names.add(t.getName());
                        }
                    }
                    if (names.size() > peak) {
                        peak = names.size();
                        peakNames = names;
                    }
                }
                assertTrue(done.await(30, TimeUnit.SECONDS));
                for (Exchange e : exchanges) {
                    assertNull(e.getException(), () -> String.valueOf(e.getException()));
                    assertTrue(e.getMessage().getBody() instanceof User);
                }
                System.out.println("256 in flight at 50 ms: peak client threads " + peak + " " + peakNames);
                System.out.println("completion threads used: " + threadsSeen.size());
                // A thread-per-request client would need 256. The completion pool is a cached pool (so a route that
                // blocks in a completion cannot starve the others) and a burst of responses grows it to a few dozen
                // threads here (see docs/PERFORMANCE.md); the bound only catches thread-per-request behaviour.
                assertTrue(peak < IN_FLIGHT / 2, "client threads at peak: " + peak + " " + peakNames);
                producer.stop();
            } finally {
                context.stop();
            }
        }
    }
}
