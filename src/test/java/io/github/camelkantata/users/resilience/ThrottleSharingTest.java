package io.github.camelkantata.users.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.client.Throttle;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The throttle is shared by every endpoint of a component that uses the same token. No timing is measured: the test
 * checks which throttle each endpoint holds, and that a burst-limited throttle lets no more than the burst through
 * before its first interval can have passed (a bound the scheduler guarantees, not a speed).
 */
class ThrottleSharingTest extends ResilienceSupport {

    @Override
    void configure(KantataUsersComponent component) {
        component.setMaxRequestsPerSecond(2); // one slot per 500 ms
        component.setMaxBurst(2);
    }

    private Throttle throttleOf(String uri) throws Exception {
        KantataUsersEndpoint e = context.getEndpoint(uri, KantataUsersEndpoint.class);
        e.start();
        return e.getClient().caller().throttle();
    }

    @Test
    void endpointsWithTheSameTokenShareOneThrottle() throws Exception {
        Throttle me = throttleOf("kantata-users:me");
        Throttle get = throttleOf("kantata-users:get?userId=2");
        Throttle other = throttleOf("kantata-users:me?accessToken=another-token");
        assertNotNull(me);
        assertSame(me, get);
        assertNotSame(me, other);
    }

    @Test
    void theSharedThrottleHoldsBackRequestsFromBothEndpoints() throws Exception {
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(template.asyncSend("kantata-users:me", e -> {
            }));
            sent.add(template.asyncSend("kantata-users:get?userId=2", e -> {
            }));
        }
        // burst 2 at 2/s: the 3rd slot cannot open before 500 ms, so 300 ms in, at most 2 requests can be seen
        Thread.sleep(300);
        int early = requestCount();
        assertTrue(early <= 2, "the throttle let " + early + " requests through in its first interval");
        for (CompletableFuture<Exchange> f : sent) {
            assertNull(f.get(20, TimeUnit.SECONDS).getException());
        }
        assertEquals(6, requestCount());
    }

    @Test
    void noThrottleByDefault() throws Exception {
        component.setMaxRequestsPerSecond(0);
        assertNull(throttleOf("kantata-users:me?accessToken=fresh-token"));
    }
}
