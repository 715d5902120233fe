package io.github.camelkantata.users.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.camelkantata.users.KantataRateLimitException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200 exchanges at once against a server that answers 429 to every third request: each ends in success or a typed
 * rate-limit error, none hangs, none is lost, and the attempts they report add up to what the server saw.
 */
class ConcurrencyTest extends ResilienceSupport {

    /** Turns every third request into a 429, whatever the stub says. */
    static final class EveryThird implements ResponseDefinitionTransformerV2 {
        final AtomicInteger seen = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            if (seen.incrementAndGet() % 3 == 0) {
                return aResponse().withStatus(429).withHeader("x-request-id", "r429").build();
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "every-third-429";
        }
    }

    @Test
    void twoHundredConcurrentExchangesAllEndAndAreCounted() throws Exception {
        EveryThird everyThird = new EveryThird();
        WireMockServer limited = new WireMockServer(
                wireMockConfig().dynamicPort().containerThreads(64)
                        .extensions(everyThird));
        limited.start();
        try {
            limited.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandbox.port())));
            String uri = "kantata-users:get?userId=2&baseUrl=" + limited.baseUrl() + "/api/v1"
            // WireMock proxying on a shared 2-core box can be slow under 200 at once: this test is about
            // outcomes, not speed, so the response timeout is a hang guard here
                         + "&responseTimeout=20s&callTimeout=60s";
            List<CompletableFuture<Exchange>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(template.asyncSend(uri, e -> {
                }));
            }
            int ok = 0;
            int limitedOut = 0;
            int attempts = 0;
            for (CompletableFuture<Exchange> f : all) {
                Exchange ex = f.get(90, TimeUnit.SECONDS); // hang guard only
                if (ex.getException() == null) {
                    ok++;
                    assertEquals("2", ex.getMessage().getBody(User.class).getId());
                    attempts += ex.getMessage().getHeader(KantataUsersConstants.RETRIES, Integer.class) + 1;
                } else {
                    KantataRateLimitException e = assertInstanceOf(KantataRateLimitException.class, ex.getException(),
                            () -> String.valueOf(ex.getException()));
                    assertEquals(ErrorKind.RATE_LIMITED, e.getKind());
                    assertEquals(4, e.getAttempts());
                    limitedOut++;
                    attempts += e.getAttempts();
                }
            }
            assertEquals(200, ok + limitedOut, "every exchange has an outcome");
            assertTrue(ok > 0, "most succeed after retries");
            assertEquals(everyThird.seen.get(), attempts, "the attempts reported add up to the requests the server saw");
            assertTrue(attempts > 200, "429s were retried: " + attempts + " requests");
        } finally {
            limited.stop();
        }
    }
}
