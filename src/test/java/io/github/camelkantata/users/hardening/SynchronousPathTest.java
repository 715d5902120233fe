package io.github.camelkantata.users.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataMalformedResponseException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code synchronous=true}: the call is made on the calling thread and the route goes on there, and the promises of the
 * async path still hold: the deadline ends a call that hangs, a stop ends calls in flight at once, retries and throttle
 * waits happen on the calling thread, and a malformed body is reported with its first bytes.
 */
class SynchronousPathTest extends HardeningSupport {

    private static boolean user5(HostileServer.Request r, java.io.OutputStream out) throws java.io.IOException {
        HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, "5"));
        return true;
    }

    /** Runs {@code uri} from a thread of our own and returns the exchange and the thread the route continued on. */
    private Exchange callFromNamedThread(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:call").to(uri)
                        .process(e -> e.getMessage().setHeader("thread", Thread.currentThread().getName()));
            }
        });
        Exchange[] result = new Exchange[1];
        Thread caller = new Thread(() -> result[0] = template.request("direct:call", e -> {
        }), "the-caller");
        caller.start();
        caller.join(30_000);
        return result[0];
    }

    @Test
    void theCallAndTheRestOfTheRouteRunOnTheCallingThread() throws Exception {
        start(SynchronousPathTest::user5);
        Exchange ex = callFromNamedThread("kantata-users:get?userId=5&include=manager&synchronous=true");
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        assertEquals("5", ex.getMessage().getBody(User.class).getId());
        assertEquals("the-caller", ex.getMessage().getHeader("thread"), "no hand-off: the route went on where it called");
        assertEquals(200, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(1, server.requests());
    }

    @Test
    void theComponentOptionMakesEveryEndpointSynchronousAsTheVariantSuitesRelyOn() throws Exception {
        start(SynchronousPathTest::user5);
        // what the *SynchronousTest suites and camel.component.kantata-users.synchronous=true do
        component.getConfiguration().setSynchronous(true);
        Exchange ex = callFromNamedThread("kantata-users:get?userId=5");
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        assertEquals("the-caller", ex.getMessage().getHeader("thread"));
    }

    @Test
    void sequentialCallsReuseOneKeptAliveConnection() throws Exception {
        start(SynchronousPathTest::user5);
        for (int i = 0; i < 5; i++) {
            Exchange ex = template.send("kantata-users:get?userId=5&synchronous=true", e -> {
            });
            assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        }
        assertEquals(5, server.requests());
        assertEquals(1, server.connections(), "a body read to its end gives the connection back to the pool");
    }

    @Test
    void theDefaultAsyncPathHandsTheRouteToAWorker() throws Exception {
        start(SynchronousPathTest::user5);
        Exchange ex = callFromNamedThread("kantata-users:get?userId=5");
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        assertTrue(ex.getMessage().getHeader("thread", String.class).contains("KantataUsers"),
                () -> ex.getMessage().getHeader("thread", String.class));
    }

    @Test
    void aTransactedExchangeStaysOnItsThreadWithoutTheOption() throws Exception {
        start(SynchronousPathTest::user5);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // what transacted() does to the exchange: its transaction is bound to this thread
                from("direct:tx").process(e -> e.getExchangeExtension().setTransacted(true))
                        .to("kantata-users:get?userId=5")
                        .process(e -> e.getMessage().setHeader("thread", Thread.currentThread().getName()));
            }
        });
        Exchange[] result = new Exchange[1];
        Thread caller = new Thread(() -> result[0] = template.request("direct:tx", e -> {
        }), "the-tx-caller");
        caller.start();
        caller.join(30_000);
        assertNull(result[0].getException(), () -> String.valueOf(result[0].getException()));
        assertEquals("the-tx-caller", result[0].getMessage().getHeader("thread"));
    }

    @Test
    void theDeadlineEndsACallThatNeverGetsAnAnswer() throws Exception {
        start(HostileServer.NEVER_ANSWERS);
        long t0 = System.nanoTime();
        Exchange ex = template.send("kantata-users:get?userId=1&synchronous=true&callTimeout=700&responseTimeout=60000",
                e -> {
                });
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        KantataUsersException e = typed(ex);
        assertEquals(ErrorKind.TRANSPORT, e.getKind());
        assertTrue(e.getMessage().contains("callTimeout of 700 ms"), e.getMessage());
        // a liveness guard, not a timing assertion: without the abort the thread would wait for the 60 s socket timeout
        assertTrue(millis < 30_000, "returned after " + millis + " ms");
    }

    @Test
    void stoppingTheContextEndsCallsBlockedOnTheirThreads() throws Exception {
        start(HostileServer.NEVER_ANSWERS);
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Exchange>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> template.send(
                        "kantata-users:get?userId=1&synchronous=true&callTimeout=120000&responseTimeout=120000", e -> {
                        }),
                        callers));
            }
            LoadAndStopTest.waitFor(() -> server.connections() >= 20, "20 requests on the wire");
            long t0 = System.nanoTime();
            context.stop();
            awaitAll(calls, 60);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            for (CompletableFuture<Exchange> c : calls) {
                assertEquals(ErrorKind.STOPPED, typed(c.get()).getKind());
            }
            assertTrue(millis < 30_000, "the stop returned after " + millis + " ms, not after the 120 s timeouts");
        } finally {
            callers.shutdownNow();
        }
    }

    /** A server that takes 300 ms per answer and records how many requests it served at once. */
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    private boolean slowUser5(HostileServer.Request r, java.io.OutputStream out) throws java.io.IOException {
        most.accumulateAndGet(active.incrementAndGet(), Math::max);
        try {
            HostileServer.pause(300);
            HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, "5"));
        } finally {
            active.decrementAndGet();
        }
        return true;
    }

    private List<Exchange> fromThreads(int threads, String uri) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Exchange>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> template.send(uri, e -> {
                }), callers));
            }
            awaitAll(calls, 60);
            List<Exchange> out = new ArrayList<>();
            for (CompletableFuture<Exchange> c : calls) {
                out.add(c.get());
            }
            return out;
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void moreCallersThanConnectionsTakeTurnsOnMaxConnections() throws Exception {
        start(this::slowUser5);
        component.setMaxConnections(2);
        for (Exchange ex : fromThreads(12, "kantata-users:get?userId=5&synchronous=true&callTimeout=60000")) {
            assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
            assertEquals("5", ex.getMessage().getBody(User.class).getId());
        }
        assertEquals(12, server.requests());
        assertTrue(most.get() <= 2, "never more than maxConnections requests at once: " + most.get());
    }

    @Test
    void aCallWaitingForAConnectionStillEndsByItsDeadline() throws Exception {
        start(this::slowUser5);
        component.setMaxConnections(2);
        int ok = 0;
        for (Exchange ex : fromThreads(40, "kantata-users:get?userId=5&synchronous=true&callTimeout=1500")) {
            if (ex.getException() == null) {
                ok++;
            } else {
                // the wait for one of the two connections counts against callTimeout like anything else
                assertEquals(ErrorKind.TRANSPORT, typed(ex).getKind(), () -> String.valueOf(ex.getException()));
            }
        }
        assertTrue(ok >= 2 && ok < 40, "two connections at 300 ms a call serve some, not all, of 40 calls in 1.5 s: " + ok);
        // the aborted waits and exchanges leave the pool usable
        server.handler(SynchronousPathTest::user5);
        Exchange after = template.send("kantata-users:get?userId=5&synchronous=true", e -> {
        });
        assertNull(after.getException(), () -> String.valueOf(after.getException()));
    }

    @Test
    void retriesAndTheirBackOffHappenOnTheCallingThread() throws Exception {
        AtomicInteger n = new AtomicInteger();
        start((r, out) -> {
            if (n.incrementAndGet() <= 2) {
                HostileServer.respond(out, 503, "{\"errors\":[{\"type\":\"system\",\"message\":\"busy\"}]}");
            } else {
                HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, "5"));
            }
            return true;
        });
        Exchange ex = callFromNamedThread("kantata-users:get?userId=5&synchronous=true&initialBackoff=20&maxBackoff=40");
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        assertEquals(2, ex.getMessage().getHeader(KantataUsersConstants.RETRIES));
        assertEquals(3, server.requests());
        assertEquals("the-caller", ex.getMessage().getHeader("thread"));
    }

    @Test
    void aThrottleWaitHappensOnTheCallingThreadAndStillSendsEveryCall() throws Exception {
        start(SynchronousPathTest::user5);
        component.setMaxRequestsPerSecond(5);
        component.setMaxBurst(1);
        for (int i = 0; i < 4; i++) {
            Exchange ex = template.send("kantata-users:get?userId=5&synchronous=true", e -> {
            });
            assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        }
        assertEquals(4, server.requests());
    }

    @Test
    void aMalformedBodyParsedFromTheStreamIsReportedWithItsFirstBytesAndTheNextCallWorks() throws Exception {
        start((r, out) -> {
            HostileServer.respond(out, 200, "{\"results\":[{\"key\":\"users\",\"id\":\"5\"}],\"users\":{\"5\": [not json");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=5&synchronous=true", e -> {
        });
        KantataMalformedResponseException e = assertInstanceOf(KantataMalformedResponseException.class, ex.getException());
        assertTrue(e.getMessage().contains("[not json"), e.getMessage());
        server.handler(SynchronousPathTest::user5);
        Exchange ok = template.send("kantata-users:get?userId=5&synchronous=true", x -> {
        });
        assertNull(ok.getException(), () -> String.valueOf(ok.getException()));
    }

    @Test
    void anErrorStatusKeepsItsBodyForTheTypedException() throws Exception {
        start((r, out) -> {
            HostileServer.respond(out, 404, "{\"errors\":[{\"type\":\"not_found\",\"message\":\"no such user\"}]}");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=9&synchronous=true", e -> {
        });
        KantataUsersException e = typed(ex);
        assertEquals(ErrorKind.NOT_FOUND, e.getKind());
        assertTrue(e.getResponseBody().contains("no such user"), e.getResponseBody());
    }
}
