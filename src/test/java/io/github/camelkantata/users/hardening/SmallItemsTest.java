package io.github.camelkantata.users.hardening;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The smaller findings: token supplier failures and slowness, token masking, baseUrl checks. */
class SmallItemsTest extends HardeningSupport {

    private static boolean user(HostileServer.Request r, java.io.OutputStream out) throws java.io.IOException {
        String id = r.path().substring(r.path().lastIndexOf('/') + 1);
        HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, id));
        return true;
    }

    @Test
    void aFailingTokenSupplierIsAConfigurationErrorNotA401() throws Exception {
        start(SmallItemsTest::user);
        context.getRegistry().bind("broken", (Supplier<String>) () -> {
            throw new IllegalStateException("vault unreachable");
        });
        Exchange ex = template.send("kantata-users:get?userId=1&tokenSupplier=#broken", e -> {
        });
        KantataUsersException e = typed(ex);
        assertFalse(e instanceof KantataAuthenticationException, e.toString());
        assertEquals(ErrorKind.CONFIGURATION, e.getKind());
        assertTrue(e.getMessage().contains("tokenSupplier failed"), e.getMessage());
        assertEquals(0, server.requests(), "nothing was sent");
    }

    @Test
    void aSlowTokenSupplierDoesNotHoldUpAnotherCallsRetry() throws Exception {
        AtomicInteger firstOfEach = new AtomicInteger();
        java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        start((r, out) -> {
            // the first request for each user gets a 503, the next one the user
            if (answered.add(r.path())) {
                firstOfEach.incrementAndGet();
                HostileServer.respond(out, 503, "{}", "Retry-After: 0");
                return true;
            }
            return user(r, out);
        });
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        context.getRegistry().bind("slow", (Supplier<String>) () -> {
            if (calls.incrementAndGet() > 1) {
                try {
                    release.await(); // the retry's token look-up hangs until the test lets it go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return TOKEN;
        });
        CompletableFuture<Exchange> slow = template.asyncSend("kantata-users:get?userId=1&tokenSupplier=#slow&initialBackoff=1",
                e -> {
                });
        LoadAndStopTest.waitFor(() -> calls.get() >= 2, "the slow call's retry to ask for its token");
        // another endpoint's call is retried too, and completes while the first retry is still stuck
        Exchange other = template.send("kantata-users:get?userId=2&initialBackoff=1", e -> {
        });
        assertNull(other.getException(), () -> String.valueOf(other.getException()));
        assertEquals("2", other.getMessage().getBody(User.class).getId());
        assertFalse(slow.isDone());
        release.countDown();
        assertNull(slow.get(30, TimeUnit.SECONDS).getException());
    }

    @Test
    void aTokenEchoedAcrossTheExcerptCutLeavesNoReadablePart() throws Exception {
        start((r, out) -> {
            HostileServer.respond(out, 400, "x".repeat(290) + TOKEN + " echoed");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=1", e -> {
        });
        String everything = describe(typed(ex));
        for (int i = 0; i + 6 <= TOKEN.length(); i++) {
            assertFalse(everything.contains(TOKEN.substring(i, i + 6)), "token part at " + i + " in " + everything);
        }
    }

    @Test
    void aParserErrorThatQuotesTheTokenIsMasked() throws Exception {
        start((r, out) -> {
            HostileServer.respond(out, 200, "{\"results\": " + TOKEN + "}");
            return true;
        });
        Exchange ex = template.send("kantata-users:get?userId=1", e -> {
        });
        KantataUsersException e = typed(ex);
        assertEquals(ErrorKind.MALFORMED_RESPONSE, e.getKind());
        String everything = describe(e);
        assertFalse(everything.contains(TOKEN), everything);
        assertTrue(everything.contains("JsonParseException"), "the cause is kept, masked: " + everything);
    }

    @Test
    void baseUrlWithCredentialsQueryOrFragmentIsRefusedWithoutEchoingThePassword() throws Exception {
        start(SmallItemsTest::user);
        // set as a component option (a property), the way the README advises for anything secret
        component.getConfiguration().setBaseUrl("https://bob:pa55word@api.example.com/api/v1");
        String message = describe(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> template.send("kantata-users:me", e -> {
                })));
        assertTrue(message.contains("baseUrl") && message.contains("credentials"), message);
        assertFalse(message.contains("pa55word"), message);
        for (String bad : new String[] { "https://api.example.com/api/v1?x=1", "https://api.example.com/api/v1#frag" }) {
            component.getConfiguration().setBaseUrl(bad);
            String m = describe(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> template.send("kantata-users:get?userId=1&connectTimeout=" + (1000 + bad.length()), x -> {
                    })));
            assertTrue(m.contains("Invalid value for option 'baseUrl'"), m);
        }
        assertEquals(0, server.requests());
        // an upper-case scheme is a valid URL
        component.getConfiguration().setBaseUrl(server.baseUrl().replace("http://", "HTTP://"));
        Exchange ok = template.send("kantata-users:get?userId=4&connectTimeout=1002", e -> {
        });
        assertNull(ok.getException(), () -> String.valueOf(ok.getException()));
    }

    @Test
    void endpointsThatDifferOnlyByTokenNeverShareAProducer() throws Exception {
        java.util.List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        start((r, out) -> {
            tokens.add(r.headers().get("authorization"));
            return user(r, out);
        });
        assertNull(template.send("kantata-users:get?userId=1", e -> {
        }).getException());
        assertNull(template.send("kantata-users:get?userId=1&accessToken=tok-other-tenant", e -> {
        }).getException());
        assertNull(template.send("kantata-users:get?userId=1", e -> {
        }).getException());
        assertEquals(java.util.List.of("Bearer " + TOKEN, "Bearer tok-other-tenant", "Bearer " + TOKEN), tokens);
    }

    static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        if (t instanceof KantataUsersException k) {
            s += "\n" + k.getResponseBody() + "\n" + k.getResponseHeaders() + "\n" + k;
        }
        return s;
    }
}
