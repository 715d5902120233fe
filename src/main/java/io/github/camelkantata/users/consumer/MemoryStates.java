package io.github.camelkantata.users.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.CamelContext;

/**
 * The in-memory state of the consumers without a {@code stateFile} or {@code stateRepository}: one repository per route
 * of a CamelContext, so that it survives the route's reload, its removal and addition, as long as the CamelContext
 * lives (it goes with it). Per route, not per CamelContext: two routes watching the same account with the same filters
 * have the same {@link StateIdentity} prefix, and in one repository the first to poll would take every change from the
 * other. A reloaded route whose filters changed finds its previous scope in its own repository and reconciles it.
 */
final class MemoryStates {

    /** Weak keys: a CamelContext that is gone takes its routes' state with it. */
    private static final Map<CamelContext, Map<String, MemoryBulkStateRepository>> STATES = new WeakHashMap<>();

    private MemoryStates() {
    }

    /**
     * @param  routeId the consumer's route
     * @return         the in-memory state repository of this route of this CamelContext, created on first use
     */
    static MemoryBulkStateRepository of(CamelContext context, String routeId) {
        synchronized (STATES) {
            return STATES.computeIfAbsent(context, c -> new HashMap<>())
                    .computeIfAbsent(String.valueOf(routeId), r -> new MemoryBulkStateRepository());
        }
    }
}
