package io.github.camelkantata.users;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Micrometer meters over an endpoint's counters, when Micrometer is on the class path and the registry holds one
 * {@link MeterRegistry} (Spring Boot Actuator, Camel Main with camel-micrometer, or your own). Micrometer is an
 * optional dependency: this class is only loaded after checking that it is there.
 * <p>
 * Meters (function counters, tagged {@code operation} and {@code endpoint}): {@code kantata.users.requests},
 * {@code kantata.users.retries}, {@code kantata.users.rate.limited}, {@code kantata.users.pages} and
 * {@code kantata.users.errors} (also tagged {@code kind}).
 */
final class MicrometerMeters implements AutoCloseable {

    private static final boolean PRESENT = present();

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    private static boolean present() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, MicrometerMeters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** @return the bound meters (close to remove them), or null when Micrometer or a registry is absent */
    static AutoCloseable bindIfPresent(KantataUsersEndpoint endpoint) {
        if (!PRESENT) {
            return null;
        }
        return Binder.bind(endpoint);
    }

    /** Keeps Micrometer types out of MicrometerMeters' own signature checks until Micrometer is known present. */
    private static final class Binder {
        static AutoCloseable bind(KantataUsersEndpoint endpoint) {
            java.util.Set<MeterRegistry> found = endpoint.getCamelContext().getRegistry().findByType(MeterRegistry.class);
            if (found == null || found.size() != 1) {
                return null;
            }
            MicrometerMeters m = new MicrometerMeters(found.iterator().next());
            KantataUsersMetrics metrics = endpoint.getMetrics();
            Tags tags = Tags.of("operation", endpoint.getOperation().name(), "endpoint",
                    endpoint.getEndpointBaseUri());
            m.counter("kantata.users.requests", "HTTP requests sent, retries included", tags, metrics,
                    KantataUsersMetrics::getRequests);
            m.counter("kantata.users.retries", "Requests that repeated an earlier attempt", tags, metrics,
                    KantataUsersMetrics::getRetries);
            m.counter("kantata.users.rate.limited", "429 answers received", tags, metrics,
                    KantataUsersMetrics::getRateLimited);
            m.counter("kantata.users.pages", "List pages requested", tags, metrics, KantataUsersMetrics::getPages);
            for (ErrorKind kind : ErrorKind.values()) {
                m.counter("kantata.users.errors", "Calls that ended with an error", tags.and("kind", kind.name()), metrics,
                        x -> x.getErrors(kind));
            }
            return m;
        }
    }

    private void counter(
            String name, String description, Tags tags, KantataUsersMetrics metrics,
            ToDoubleFunction<KantataUsersMetrics> value) {
        meters.add(FunctionCounter.builder(name, metrics, value).description(description).tags(tags).register(registry));
    }

    @Override
    public void close() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
    }
}
