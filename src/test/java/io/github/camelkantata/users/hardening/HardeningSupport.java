package io.github.camelkantata.users.hardening;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CamelContext with the component pointed at a {@link HostileServer}, and helpers to wait for many exchanges. */
abstract class HardeningSupport {

    static final String TOKEN = "tok-Hardening-9f3Kx";

    HostileServer server;
    CamelContext context;
    ProducerTemplate template;
    KantataUsersComponent component;

    void start(HostileServer.Handler handler) throws Exception {
        server = new HostileServer(handler);
        context = new DefaultCamelContext();
        component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(TOKEN);
        component.getConfiguration().setBaseUrl(server.baseUrl());
        configure(component);
        context.addComponent("kantata-users", component);
        context.start();
        template = context.createProducerTemplate();
    }

    /** A subclass changes the component here, e.g. to run the same tests with {@code synchronous=true}. */
    void configure(KantataUsersComponent component) {
    }

    @AfterEach
    void stopAll() {
        if (context != null) {
            context.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Waits for every exchange; the bound is a liveness guard (a hang fails the test), not a timing assertion. */
    static void awaitAll(List<CompletableFuture<Exchange>> futures, long seconds) throws Exception {
        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(seconds, TimeUnit.SECONDS);
    }

    static KantataUsersException typed(Exchange ex) {
        return assertInstanceOf(KantataUsersException.class, ex.getException(),
                () -> "expected a typed KantataUsersException, got " + ex.getException());
    }

    /** Threads of the component's own pools and of its HTTP clients. */
    static long componentThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains("KantataUsers") || t.getName().startsWith("httpclient-dispatch"))
                .count();
    }

    static void assertAtMost(long max, long actual, String what) {
        assertTrue(actual <= max, what + ": " + actual + " > " + max);
    }
}
