package io.github.camelkantata.users.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataRateLimitException;
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
 * Every exchange ends under load and at a stop: 10,000 calls in flight with a third of the answers 429, 500 calls to a
 * server that never answers when the context stops, a route stopped with calls in flight, and a throttle backlog that
 * must neither outlive deadlines nor delay a later call.
 */
class LoadAndStopTest extends HardeningSupport {

    @Test
    void tenThousandInFlightWithAThirdRateLimitedAllEnd() throws Exception {
        AtomicInteger n = new AtomicInteger();
        start((r, out) -> {
            if (n.incrementAndGet() % 3 == 0) {
                HostileServer.respond(out, 429, "{\"errors\":[{\"type\":\"rate_limit\"}]}", "Retry-After: 0");
            } else {
                HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, "7"));
            }
            return true;
        });
        String uri = "kantata-users:get?userId=7&maxRetries=12&initialBackoff=1&maxBackoff=20&callTimeout=240000";
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        long peakThreads = 0;
        for (int i = 0; i < 10_000; i++) {
            futures.add(template.asyncSend(uri, e -> {
            }));
            if (i % 1000 == 0) {
                peakThreads = Math.max(peakThreads, componentThreads());
            }
        }
        awaitAll(futures, 300);
        int ok = 0;
        for (CompletableFuture<Exchange> f : futures) {
            Exchange ex = f.get();
            if (ex.getException() == null) {
                assertEquals("7", assertInstanceOf(User.class, ex.getMessage().getBody()).getId());
                ok++;
            } else {
                // never an untyped RejectedExecutionException
                assertEquals(ErrorKind.RATE_LIMITED, typed(ex).getKind(), ex.getException().toString());
            }
        }
        assertTrue(ok >= 9_990, "succeeded: " + ok);
        assertTrue(server.requests() >= 10_000 + 3_000, "a third were 429 and retried: " + server.requests());
        // 16 workers, one scheduler, HttpClient's dispatchers: bounded whatever the load
        assertAtMost(24, Math.max(peakThreads, componentThreads()), "component threads");
    }

    @Test
    void stoppingTheContextEndsFiveHundredHangingCallsAtOnce() throws Exception {
        start(HostileServer.NEVER_ANSWERS);
        String uri = "kantata-users:get?userId=1&callTimeout=150000&responseTimeout=150000";
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(template.asyncSend(uri, e -> {
            }));
        }
        waitFor(() -> server.requests() >= 64, "the pool's 64 connections to be in use");
        context.stop();
        // the stop itself ended them: no exchange waits for the 150 s callTimeout
        awaitAll(futures, 20);
        for (CompletableFuture<Exchange> f : futures) {
            KantataUsersException e = typed(f.get());
            assertEquals(ErrorKind.STOPPED, e.getKind(), e.getMessage());
            assertTrue(e.getMessage().contains("stopped"), e.getMessage());
        }
    }

    @Test
    void stoppingARouteEndsItsCallsAfterTheGracePeriod() throws Exception {
        start(HostileServer.NEVER_ANSWERS);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").routeId("calls").to("kantata-users:get?userId=1&callTimeout=150000&responseTimeout=150000");
            }
        });
        context.getShutdownStrategy().setTimeout(2);
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(template.asyncSend("direct:in", e -> {
            }));
        }
        waitFor(() -> server.requests() >= 64, "the calls to be in flight");
        context.getRouteController().stopRoute("calls", 2, TimeUnit.SECONDS);
        awaitAll(futures, 20);
        for (CompletableFuture<Exchange> f : futures) {
            assertEquals(ErrorKind.STOPPED, typed(f.get()).getKind());
        }
        // and the route starts again with a working producer
        context.getRouteController().startRoute("calls");
        server.handler((r, out) -> {
            HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, "1"));
            return true;
        });
        Exchange again = template.send("direct:in", e -> {
        });
        assertNull(again.getException());
        assertEquals("1", again.getMessage().getBody(User.class).getId());
    }

    @Test
    void aThrottleBacklogNeverOutlivesDeadlinesNorDelaysALaterCall() throws Exception {
        start((r, out) -> {
            HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, "3"));
            return true;
        });
        component.setMaxRequestsPerSecond(2);
        component.setMaxBurst(1);
        List<CompletableFuture<Exchange>> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            futures.add(template.asyncSend("kantata-users:get?userId=3&callTimeout=1500", e -> {
            }));
        }
        awaitAll(futures, 30);
        int sent = 0;
        int refused = 0;
        for (CompletableFuture<Exchange> f : futures) {
            Exchange ex = f.get();
            if (ex.getException() == null) {
                sent++;
            } else {
                KantataRateLimitException e = assertInstanceOf(KantataRateLimitException.class, ex.getException());
                assertEquals(0, e.getStatusCode(), "refused client-side, never sent");
                assertTrue(e.getMessage().contains("maxRequestsPerSecond"), e.getMessage());
                refused++;
            }
        }
        assertEquals(60, sent + refused);
        assertEquals(sent, server.requests(), "refused calls sent nothing");
        assertTrue(sent <= 6, "at 2/s only the calls that fit in 1.5 s were sent: " + sent);
        // a second later the backlog is gone: a call with the same short deadline goes through
        Thread.sleep(1000);
        Exchange later = template.send("kantata-users:get?userId=3&callTimeout=1500", e -> {
        });
        assertNull(later.getException(), () -> String.valueOf(later.getException()));
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
