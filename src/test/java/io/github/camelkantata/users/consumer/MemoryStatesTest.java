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
}
