package io.github.camelkantata.users.hardening;

import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.client.UserStream;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP clients are shared and closed with their last user, so route restarts and {@code toD} do not grow clients or
 * threads; a StreamList is closed by the Splitter, or by its idle timeout when unread, which cancels its page requests.
 */
class LifecycleTest extends HardeningSupport {

    private static boolean pages(HostileServer.Request r, OutputStream out) throws java.io.IOException {
        String page = r.queryParam("page");
        int n = page == null ? 1 : Integer.parseInt(page);
        String id = r.path().startsWith("/api/v1/users/") ? r.path().substring("/api/v1/users/".length()) : Integer.toString(n);
        HostileServer.pause(20);
        HostileServer.respond(out, 200, HostileServer.envelope(100, 100, n, id));
        return true;
    }

    @Test
    void routeRestartsAndToDShareOneClient() throws Exception {
        start(LifecycleTest::pages);
        context.getRegistry().bind("tls", new SSLContextParameters());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get").routeId("get").to("kantata-users:get?userId=1&sslContextParameters=#tls");
                from("direct:dyn").routeId("dyn").toD("kantata-users:get?userId=${header.id}&sslContextParameters=#tls");
            }
        });
        assertNull(template.send("direct:get", e -> {
        }).getException());
        for (int i = 0; i < 10; i++) {
            context.getRouteController().stopRoute("get");
            context.getRouteController().startRoute("get");
            assertNull(template.send("direct:get", e -> {
            }).getException());
        }
        for (int i = 0; i < 30; i++) {
            int id = i;
            assertNull(template.send("direct:dyn", e -> e.getMessage().setHeader("id", id)).getException());
        }
        assertEquals(1, component.openTransports(), "one client for one connection setting");
        // 16 workers + 1 timer + one client's 3 threads, however many restarts and endpoints
        assertAtMost(16 + 1 + 3, componentThreads(), "threads after 10 restarts and 30 dynamic endpoints");
        context.getRouteController().stopRoute("get");
        context.getRouteController().stopRoute("dyn");
        context.removeRoute("get");
        context.removeRoute("dyn");
        for (org.apache.camel.Endpoint e : context.getEndpoints()) {
            if (e.getEndpointUri().startsWith("kantata-users")) {
                context.removeEndpoint(e);
            }
        }
        assertEquals(0, component.openTransports(), "the last user closed it");
    }

    @Test
    void theSplitterClosesAStreamListAndItsPageRequestsStop() throws Exception {
        start(LifecycleTest::pages);
        AtomicInteger seen = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<UserStream> split = new java.util.concurrent.atomic.AtomicReference<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:split").to("kantata-users:list?outputType=StreamList&perPage=1&pageConcurrency=4")
                        .process(e -> split.set(e.getMessage().getBody(UserStream.class)))
                        // Camel's Splitter closes the iterator when it is done (it must be a java.io.Closeable);
                        // note that with stopOnException Camel itself reads the rest of the iterator to release
                        // exchanges before closing it
                        .split(body()).streaming().process(e -> seen.incrementAndGet());
            }
        });
        Exchange ex = template.send("direct:split", e -> {
        });
        assertNull(ex.getException());
        assertEquals(100, seen.get(), "every user, in one pass");
        assertTrue(split.get().isClosed(), "the Splitter closed the stream");
        int requests = server.requests();
        assertEquals(100, requests, "each page once");
        Thread.sleep(300);
        assertEquals(requests, server.requests(), "no page is requested after the split ended");
    }

    @Test
    void anUnreadStreamListOutlivesItsExchangeAndClosesItselfWhenIdle() throws Exception {
        start(LifecycleTest::pages);
        Exchange ex
                = template.send("kantata-users:list?outputType=StreamList&perPage=1&pageConcurrency=4&streamIdleTimeout=300",
                        e -> {
                        });
        assertNull(ex.getException());
        UserStream stream = ex.getMessage().getBody(UserStream.class);
        assertNotNull(stream);
        org.junit.jupiter.api.Assertions.assertFalse(stream.isClosed(), "not closed when the exchange completed");
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!stream.isClosed() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(stream.isClosed(), "closed by streamIdleTimeout");
        int requests = server.requests();
        assertTrue(requests <= 1 + 4, "only the window was requested: " + requests);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, stream::hasNext,
                "a closed stream never looks like the end of the list");
        Thread.sleep(200);
        assertEquals(requests, server.requests());
    }
}
