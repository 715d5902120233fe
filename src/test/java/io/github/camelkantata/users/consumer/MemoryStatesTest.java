package io.github.camelkantata.users.consumer;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 item 7: in-memory state (no stateFile, no stateRepository) survives a route's removal and addition and
 * {@code reloadAllRoutes()} in the same CamelContext; before, every user came again as new.
 */
class MemoryStatesTest {

    @Test
    void inMemoryStateSurvivesRemovingAndAddingTheRoute() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(40).start();
             ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start()) {
            assertTrue(h.poll().size() > 20);
            h.removeAndAddRoute();
            assertEquals(List.of(), h.poll(), "nothing emitted again");
            String id = h.received.get(2).id();
            sandbox.data().update(id, Map.of("full_name", "Changed Across Reload"));
            h.removeAndAddRoute();
            assertEquals(List.of("changed " + id), h.poll().stream().map(r -> r.type() + " " + r.id()).toList());
        }
    }

    @Test
    void inMemoryStateSurvivesReloadAllRoutes() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(40).start();
             ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start()) {
            List<Received> first = h.poll();
            assertTrue(first.size() > 20);
            h.context.getRouteController().reloadAllRoutes();
            assertEquals(List.of(), h.poll(), "nothing emitted again after reloadAllRoutes");
        }
    }

    @Test
    void anotherCamelContextStartsWithItsOwnState() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(20).start()) {
            int first;
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start()) {
                first = h.poll().size();
            }
            try (ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10", Map.of()).start()) {
                assertEquals(first, h.poll().size(), "in-memory state belongs to its CamelContext");
            }
        }
    }

    /**
     * Two routes in one CamelContext watching the same account with the same filters each get every change: their
     * in-memory states are their own (one shared repository let the first to poll take the change from the other).
     */
    @Test
    void twoRoutesOnTheSameScopeEachGetEveryChange() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(30).start();
             org.apache.camel.CamelContext ctx = new org.apache.camel.impl.DefaultCamelContext()) {
            io.github.camelkantata.users.KantataUsersComponent component
                    = new io.github.camelkantata.users.KantataUsersComponent();
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            ctx.addComponent("kantata-users", component);
            Map<String, List<String>> got = new java.util.concurrent.ConcurrentHashMap<>();
            ctx.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    for (String route : List.of("hr", "billing")) {
                        // perPage tells the endpoints apart (Camel allows one consumer per endpoint); it does not change the scope
                        from("kantata-users:list?startScheduler=false&perPage=" + (route.equals("hr") ? 10 : 11)).routeId(route)
                                .process(e -> got.computeIfAbsent(route, r -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                        .add(e.getMessage().getHeader(
                                                io.github.camelkantata.users.KantataUsersConstants.CONSUMER_USER_ID,
                                                String.class)));
                    }
                }
            });
            ctx.start();
            Runnable hr = (Runnable) ctx.getRoute("hr").getConsumer();
            Runnable billing = (Runnable) ctx.getRoute("billing").getConsumer();
            hr.run();
            billing.run();
            assertEquals(got.get("hr").size(), got.get("billing").size());
            assertTrue(got.get("hr").size() > 10);
            String id = got.get("hr").get(3);
            sandbox.data().update(id, Map.of("full_name", "Seen By Both Routes"));
            got.clear();
            hr.run();
            billing.run();
            assertEquals(Map.of("hr", List.of(id), "billing", List.of(id)), got);
        }
    }
}
