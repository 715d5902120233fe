package io.github.camelkantata.users.consumer;

import java.util.Map;
import java.util.WeakHashMap;

import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.CamelContext;

/**
 * The in-memory state of the consumers without a {@code stateFile} or {@code stateRepository}: one repository per
 * CamelContext, so that it survives a route's reload, its removal and addition, and a route template's new instance, as
 * long as the CamelContext lives (it goes with it). The consumers in it are kept apart by their {@link StateIdentity}
 * prefixes, which is also what lets a reloaded route whose filters changed reconcile the state of its previous scope
 * instead of starting afresh.
 */
final class MemoryStates {

    /** Weak keys: a CamelContext that is gone takes its users' state with it. */
    private static final Map<CamelContext, MemoryBulkStateRepository> STATES = new WeakHashMap<>();

    private MemoryStates() {
    }

    /** @return the in-memory state repository of this CamelContext, created on first use */
    static MemoryBulkStateRepository of(CamelContext context) {
        synchronized (STATES) {
            return STATES.computeIfAbsent(context, c -> new MemoryBulkStateRepository());
        }
    }
}
