package io.github.camelkantata.users;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.model.User;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The producer health check: is the token accepted? Calls {@code GET /users/me} (the cheapest authenticated call) and
 * reports UP with the token owner's id, or DOWN with the HTTP status (401 for a rejected or expired token).
 * <p>
 * It implements camel-api's {@link HealthCheck} directly, so the component needs no camel-health at run time; the
 * check shows up wherever the application has a health check registry (camel-health, Spring Boot actuator, Camel
 * Main's health endpoint). Readiness only: Kantata being unreachable makes the route not ready, not the JVM dead.
 */
final class KantataUsersProducerHealthCheck implements HealthCheck {

    private final KantataUsersEndpoint endpoint;
    private final String id;
    private volatile boolean enabled = true;

    KantataUsersProducerHealthCheck(KantataUsersEndpoint endpoint) {
        this.endpoint = endpoint;
        // no URI in the id: a URI may carry the token
        this.id = "producer:kantata-users-" + endpoint.getOperation() + "-" + Integer.toHexString(System.identityHashCode(endpoint));
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
        builder.detail("service.url", endpoint.getServiceUrl());
        builder.detail("operation", endpoint.getOperation().name());
        if (!enabled) {
            return builder.message("Disabled").unknown().build();
        }
        try {
            long timeout = Math.max(1000, endpoint.getConfiguration().getCallTimeout());
            ApiResult<User> me = endpoint.getClient().me("").get(timeout, TimeUnit.MILLISECONDS);
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
            } else {
                builder.message("GET /users/me failed: " + cause.getClass().getSimpleName());
            }
            return builder.error(cause).down().build();
        } catch (TimeoutException e) {
            return builder.message("GET /users/me timed out").error(e).down().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return builder.error(e).down().build();
        }
    }
}
