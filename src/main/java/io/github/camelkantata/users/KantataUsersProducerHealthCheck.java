package io.github.camelkantata.users;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.github.camelkantata.users.client.ApiCaller;
import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.model.User;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The producer health check of one connection setting (access token or token supplier, and base URL): is the token
 * accepted? Every started producer that uses that setting shares it, so a route with many {@code kantata-users}
 * producers, {@code toD} ones included, has one check per token and base URL, not one per producer.
 * <p>
 * It calls {@code GET /users/me} (the cheapest authenticated call) once, with no retry, waits at most
 * {@code healthCheckTimeout} for it, and reports UP with the token owner's id, or DOWN with the HTTP status (401 for a
 * rejected or expired token) or "no answer within". The call is kept for {@code healthCheckCacheTime}: within that time
 * every probe gets its outcome (an answer that came after a probe gave up included) and no request is sent, so a
 * readiness probe answers within about a second and spends at most one API call per interval.
 * <p>
 * It implements camel-api's {@link HealthCheck} directly, so the component needs no camel-health at run time; the check
 * shows up wherever the application has a health check registry (camel-health, Spring Boot actuator, Camel Main's
 * health endpoint). Readiness only: Kantata being unreachable makes the route not ready, not the JVM dead.
 */
final class KantataUsersProducerHealthCheck implements HealthCheck {

    private final String id;
    private final KantataUsersComponent component;
    /** the started endpoints whose producers share this check; guarded by this */
    private final List<KantataUsersEndpoint> endpoints = new ArrayList<>();
    private final List<Object> producers = new ArrayList<>();
    private volatile boolean enabled = true;
    private LongSupplier nanoClock = System::nanoTime;
    /** the last probe call and when it started; guarded by this */
    private CompletableFuture<ApiResult<User>> last;
    private long lastStarted;
    private long lastTimeoutMillis;

    /**
     * @param id        the check's id, free of any secret
     * @param component the component whose options give the timeout and the cache time
     */
    KantataUsersProducerHealthCheck(String id, KantataUsersComponent component) {
        this.id = id;
        this.component = component;
    }

    /** A producer of {@code endpoint} started: it shares this check. */
    synchronized void add(Object producer, KantataUsersEndpoint endpoint) {
        producers.add(producer);
        endpoints.add(endpoint);
    }

    /** @return true when no producer uses this check any more */
    synchronized boolean remove(Object producer) {
        int i = producers.indexOf(producer);
        if (i >= 0) {
            producers.remove(i);
            endpoints.remove(i);
        }
        return producers.isEmpty();
    }

    /** @return how many started producers share this check */
    synchronized int producerCount() {
        return producers.size();
    }

    /** For tests: the clock that decides when the cached answer is stale. */
    void setNanoClock(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        KantataUsersEndpoint endpoint;
        synchronized (this) {
            endpoint = endpoints.isEmpty() ? null : endpoints.get(0);
        }
        if (endpoint != null) {
            builder.detail("service.url", endpoint.getServiceUrl());
        }
        builder.detail("producers", producerCount());
        if (!enabled) {
            return builder.message("Disabled").unknown().build();
        }
        if (endpoint == null || endpoint.getClient() == null) {
            return builder.message("No started kantata-users producer uses this connection").unknown().build();
        }
        CompletableFuture<ApiResult<User>> call;
        long timeoutMillis;
        long waitNanos;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            long cacheNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, component.getHealthCheckCacheTime()));
            if (last == null || now - lastStarted >= cacheNanos) {
                lastTimeoutMillis = Math.max(1, component.getHealthCheckTimeout());
                lastStarted = now;
                // the probe waits healthCheckTimeout, the request may run until the next interval: a slow answer (a
                // cold JVM's first call, a slow Kantata) is not lost, the next probe gets it without a new request
                last = probe(endpoint, Math.max(lastTimeoutMillis, component.getHealthCheckCacheTime()));
            }
            call = last;
            timeoutMillis = lastTimeoutMillis;
            // a probe that arrives while the call is in flight waits only for what is left of its timeout
            waitNanos = Math.max(0, TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - (now - lastStarted));
        }
        builder.detail("timeout.ms", timeoutMillis);
        try {
            ApiResult<User> me = call.get(waitNanos, TimeUnit.NANOSECONDS);
            builder.detail("user.id", me.value().getId());
            return builder.up().build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof KantataUsersException k) {
                builder.detail(HTTP_RESPONSE_CODE, k.getStatusCode());
            }
            if (cause instanceof KantataUsersException k && k.getKind() == KantataUsersException.ErrorKind.CONFIGURATION) {
                builder.message("No request was sent: the token could not be obtained (" + k.getMessage() + ")");
            } else if (cause instanceof KantataAuthenticationException) {
                builder.message("Kantata rejected the token (401): renew the OAuth token");
            } else if (cause instanceof KantataUsersException k && k.getKind() == KantataUsersException.ErrorKind.TRANSPORT
                    && k.getStatusCode() <= 0) {
                builder.message(noAnswer(timeoutMillis) + ": " + k.getMessage());
            } else {
                builder.message("GET /users/me failed: " + cause.getClass().getSimpleName());
            }
            return builder.error(cause).down().build();
        } catch (TimeoutException e) {
            return builder.message(noAnswer(timeoutMillis)).error(e).down().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return builder.error(e).down().build();
        }
    }

    private static String noAnswer(long timeoutMillis) {
        return "GET /users/me gave no answer within " + timeoutMillis + " ms (healthCheckTimeout); a later answer is kept"
               + " for the next probe";
    }

    /** One request: no retry, ended by its own deadline, whatever the endpoint's retry and timeout options. */
    private static CompletableFuture<ApiResult<User>> probe(KantataUsersEndpoint endpoint, long deadlineMillis) {
        ApiCaller once = endpoint.getClient().caller().once(Duration.ofMillis(deadlineMillis));
        CompletableFuture<ApiResult<User>> call;
        try {
            call = new KantataUsersClient(once).me("");
        } catch (RuntimeException e) {
            once.stopTimers();
            return CompletableFuture.failedFuture(e);
        }
        call.whenComplete((r, e) -> once.stopTimers());
        return call;
    }
}
