package io.github.camelkantata.users.resilience;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A tokenSupplier is asked on every request, and once more after a 401, before the call fails. */
class TokenSupplierTest extends ResilienceSupport {

    /** Hands out the stale token until rotated, then the live one; counts the calls. */
    static final class RotatingSecret implements Supplier<String> {
        final AtomicInteger calls = new AtomicInteger();
        volatile int staleCalls;

        @Override
        public String get() {
            return calls.incrementAndGet() <= staleCalls ? "stale-token" : TOKEN;
        }
    }

    private final RotatingSecret secret = new RotatingSecret();

    @BeforeEach
    void bind() {
        context.getRegistry().bind("vault", secret);
        // the stale token is refused like a revoked one
        wm.stubFor(any(anyUrl()).withHeader("Authorization", equalTo("Bearer stale-token")).atPriority(1)
                .willReturn(aResponse().withStatus(401)
                        .withBody("{\"errors\":[{\"type\":\"oauth\",\"message\":\"Invalid OAuth 2 Request\"}]}")));
    }

    @Test
    void a401AsksTheSupplierOnceMoreAndSucceedsWithTheNewToken() {
        secret.staleCalls = 1;
        Exchange ex = template.send("kantata-users:get?userId=2&tokenSupplier=#vault", e -> {
        });
        assertNull(ex.getException());
        assertEquals("2", ex.getMessage().getBody(User.class).getId());
        assertEquals(2, secret.calls.get(), "asked for the request, then once after the 401");
        assertEquals(2, requestCount());
        assertEquals(1, ex.getMessage().getHeader(KantataUsersConstants.RETRIES));
    }

    @Test
    void aSupplierThatStillGivesTheRefusedTokenFailsAfterOneRequest() {
        secret.staleCalls = Integer.MAX_VALUE;
        Exchange ex = template.send("kantata-users:get?userId=2&tokenSupplier=#vault", e -> {
        });
        KantataAuthenticationException e = assertInstanceOf(KantataAuthenticationException.class, ex.getException());
        assertEquals("oauth", e.getErrors().get(0).getType());
        assertEquals(2, secret.calls.get());
        assertEquals(1, requestCount(), "the same token is not sent again");
    }

    @Test
    void aSecondConsecutive401FailsInsteadOfLooping() {
        secret.staleCalls = 0;
        wm.stubFor(any(anyUrl()).atPriority(2).willReturn(aResponse().withStatus(401)
                .withBody("{\"errors\":[{\"type\":\"oauth\",\"message\":\"Invalid OAuth 2 Request\"}]}")));
        // first call stale (401), refreshed to the live token, which this server refuses too
        secret.staleCalls = 1;
        Exchange ex = template.send("kantata-users:me?tokenSupplier=#vault", e -> {
        });
        KantataAuthenticationException e = assertInstanceOf(KantataAuthenticationException.class, ex.getException());
        assertEquals(2, e.getAttempts());
        assertEquals(2, requestCount());
        assertEquals(2, secret.calls.get());
    }

    @Test
    void theSupplierIsAskedOnEveryRequest() {
        for (int i = 0; i < 3; i++) {
            assertNull(template.send("kantata-users:me?tokenSupplier=#vault", e -> {
            }).getException());
        }
        assertEquals(3, secret.calls.get());
        assertEquals(3, requestCount());
    }

    @Test
    void aStaticTokenIsNotRetriedOn401() {
        wm.stubFor(any(anyUrl()).atPriority(2).willReturn(aResponse().withStatus(401)
                .withBody("{\"errors\":[{\"type\":\"oauth\",\"message\":\"Invalid OAuth 2 Request\"}]}")));
        Exchange ex = template.send("kantata-users:me", e -> {
        });
        assertInstanceOf(KantataAuthenticationException.class, ex.getException());
        assertEquals(1, requestCount());
    }
}
