package io.github.camelkantata.users.resilience;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataForbiddenException;
import io.github.camelkantata.users.KantataMalformedResponseException;
import io.github.camelkantata.users.KantataNotFoundException;
import io.github.camelkantata.users.KantataRateLimitException;
import io.github.camelkantata.users.KantataTransportException;
import io.github.camelkantata.users.KantataUnavailableException;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.KantataValidationException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every producer operation through every fault, asserting the exact outcome: success after N retries (the
 * {@code CamelKantataUsersRetries} header and the requests WireMock saw), or the typed error with its kind, status,
 * errors, request id and attempt count. Timeouts are only hang guards, never performance assertions.
 * <p>
 * The outcomes are also written to {@code target/fault-matrix.md}, the fault matrix in docs/ERRORS.md.
 */
class FaultInjectionTest extends ResilienceSupport {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final String REQ_ID = "req-fault-42";
    /** maxRetries default: 3 retries, so 4 attempts. */
    private static final int ATTEMPTS = 4;
    private static final Map<String, Map<Op, String>> MATRIX = new TreeMap<>();

    @AfterAll
    static void writeMatrix() throws IOException {
        StringBuilder sb = new StringBuilder("| Fault |");
        for (Op op : Op.values()) {
            sb.append(' ').append(op.name().toLowerCase()).append(" |");
        }
        sb.append("\n|---|");
        for (int i = 0; i < Op.values().length; i++) {
            sb.append("---|");
        }
        sb.append('\n');
        MATRIX.forEach((fault, row) -> {
            sb.append("| ").append(fault).append(" |");
            for (Op op : Op.values()) {
                sb.append(' ').append(row.getOrDefault(op, "")).append(" |");
            }
            sb.append('\n');
        });
        Files.writeString(Path.of("target/fault-matrix.md"), sb.toString());
    }

    private static synchronized void record(String fault, Op op, String outcome) {
        MATRIX.computeIfAbsent(fault, k -> new java.util.EnumMap<>(Op.class)).put(op, outcome);
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-request-id", REQ_ID).withBody(body);
    }

    private Exchange run(Op op) {
        return run(op, "");
    }

    private Exchange run(Op op, String extraOptions) {
        String uri = op.uri + (extraOptions.isEmpty() ? "" : (op.uri.contains("?") ? "&" : "?") + extraOptions);
        return assertTimeoutPreemptively(HANG_GUARD, () -> template.send(uri, e -> e.getMessage().setBody(op.body())));
    }

    private static void assertSuccess(String fault, Op op, Exchange ex, int retries) {
        if (ex.getException() != null) {
            throw new AssertionError(op + " under " + fault + " failed", ex.getException());
        }
        assertEquals(retries, ex.getMessage().getHeader(KantataUsersConstants.RETRIES, Integer.class), "retries header");
        assertEquals(retries + 1, requestCount(), "requests the server received");
        if (op.readsBody()) {
            assertNotNull(ex.getMessage().getBody(), "a body after success");
        }
        record(fault, op, retries == 0 ? "success" : "success after " + retries + " retries");
    }

    private static <T extends KantataUsersException> T assertFailure(
            String fault, Op op, Exchange ex, Class<T> type,
            ErrorKind kind, int status, int attempts) {
        T e = assertInstanceOf(type, ex.getException(), () -> op + " under " + fault + ": " + ex.getException());
        assertEquals(kind, e.getKind());
        assertEquals(status, e.getStatusCode());
        assertEquals(attempts, e.getAttempts(), "attempts");
        assertEquals(attempts, requestCount(), "requests the server received");
        assertEquals(op == Op.PHOTO_UPLOAD || op == Op.PHOTO_RESET ? "photo" : op.name().toLowerCase(), e.getOperation());
        assertTrue(e.getMessage().contains(e.getOperation()), e.getMessage());
        record(fault, op, type.getSimpleName().replace("Kantata", "").replace("Exception", "") + " (" + kind
                          + (status > 0 ? ", " + status : "") + ", " + attempts + (attempts == 1 ? " attempt)" : " attempts)"));
        return e;
    }

    @Test
    void everyOperationSucceedsThroughTheProxyWithNoRetry() {
        for (Op op : Op.values()) {
            wm.resetRequests();
            assertSuccess("none", op, run(op), 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void connectionResetIsRetriedExceptForPost(Op op) {
        failTimes(2, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        Exchange ex = run(op);
        if (op.idempotent) {
            assertSuccess("connection reset x2", op, ex, 2);
        } else {
            assertFailure("connection reset x2", op, ex, KantataTransportException.class, ErrorKind.TRANSPORT, 0, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void connectionResetEveryTimeEndsAsTransportError(Op op) {
        always(any(anyUrl()), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        KantataTransportException e = assertFailure("connection reset always", op, run(op),
                KantataTransportException.class, ErrorKind.TRANSPORT, 0, op.idempotent ? ATTEMPTS : 1);
        assertTrue(e.isRetryable());
        assertNotNull(e.getCause());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void emptyResponseIsRetriedExceptForPost(Op op) {
        failTimes(2, aResponse().withFault(Fault.EMPTY_RESPONSE));
        Exchange ex = run(op);
        if (op.idempotent) {
            assertSuccess("empty response x2", op, ex, 2);
        } else {
            assertFailure("empty response x2", op, ex, KantataTransportException.class, ErrorKind.TRANSPORT, 0, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void randomDataThenCloseIsRetriedExceptForPost(Op op) {
        failTimes(1, aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        Exchange ex = run(op);
        if (op.idempotent) {
            assertSuccess("random data then close x1", op, ex, 1);
        } else {
            assertFailure("random data then close x1", op, ex, KantataTransportException.class, ErrorKind.TRANSPORT, 0, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void slowResponsePastResponseTimeoutIsATransportErrorAndNotRepeated(Op op) {
        always(any(anyUrl()), error(200, "{}").withFixedDelay(1_500));
        KantataTransportException e = assertFailure("slow response (> responseTimeout)", op, run(op, "responseTimeout=300"),
                KantataTransportException.class, ErrorKind.TRANSPORT, 0, 1);
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void callTimeoutBoundsTheWholeCall(Op op) {
        always(any(anyUrl()), error(200, "{}").withFixedDelay(1_500));
        KantataTransportException e = assertFailure("slow response (> callTimeout)", op,
                run(op, "responseTimeout=10s&callTimeout=300"), KantataTransportException.class, ErrorKind.TRANSPORT, 0, 1);
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getMessage().contains("callTimeout"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void rateLimitWithoutRetryAfterBacksOffAndSucceeds(Op op) {
        failTimes(2, error(429, ""));
        Exchange ex = run(op);
        if (op.idempotent) {
            assertSuccess("429 x2, no Retry-After", op, ex, 2);
        } else {
            KantataRateLimitException e = assertFailure("429 x2, no Retry-After", op, ex, KantataRateLimitException.class,
                    ErrorKind.RATE_LIMITED, 429, 1);
            assertEquals(REQ_ID, e.getRequestId());
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void rateLimitWithShortRetryAfterIsHonoured(Op op) {
        failTimes(1, error(429, "").withHeader("Retry-After", "1"));
        Exchange ex = run(op);
        if (op.idempotent) {
            assertSuccess("429 x1, Retry-After: 1", op, ex, 1);
        } else {
            assertFailure("429 x1, Retry-After: 1", op, ex, KantataRateLimitException.class, ErrorKind.RATE_LIMITED, 429, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void rateLimitWithHourLongRetryAfterFailsFast(Op op) {
        always(any(anyUrl()), error(429, "").withHeader("Retry-After", "3600"));
        KantataRateLimitException e = assertFailure("429, Retry-After: 3600", op, run(op), KantataRateLimitException.class,
                ErrorKind.RATE_LIMITED, 429, 1);
        assertEquals(REQ_ID, e.getRequestId());
        if (op.idempotent) {
            assertTrue(e.getMessage().contains("maxRetryAfter"), e.getMessage());
        }
        assertEquals("3600", e.getResponseHeaders().get("retry-after"));
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void rateLimitEveryTimeEndsTyped(Op op) {
        always(any(anyUrl()), error(429, ""));
        assertFailure("429 always", op, run(op), KantataRateLimitException.class, ErrorKind.RATE_LIMITED, 429,
                op.idempotent ? ATTEMPTS : 1);
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void unavailableBurstIsRetriedThenSucceeds(Op op) {
        failTimes(3, error(503, "{\"errors\":[{\"type\":\"system\",\"message\":\"Service is unavailable\"}]}"));
        Exchange ex = run(op);
        if (op.idempotent) {
            assertSuccess("503 x3", op, ex, 3);
        } else {
            assertFailure("503 x3", op, ex, KantataUnavailableException.class, ErrorKind.UNAVAILABLE, 503, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void unavailableEveryTimeIsExhausted(Op op) {
        always(any(anyUrl()), error(503, "{\"errors\":[{\"type\":\"system\",\"message\":\"Service is unavailable\"}]}"));
        KantataUnavailableException e = assertFailure("503 always", op, run(op), KantataUnavailableException.class,
                ErrorKind.UNAVAILABLE, 503, op.idempotent ? ATTEMPTS : 1);
        assertEquals("system", e.getErrors().get(0).getType());
        assertEquals(REQ_ID, e.getRequestId());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void htmlErrorPageOn502IsExhaustedWithAnExcerpt(Op op) {
        always(any(anyUrl()), aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"));
        KantataUnavailableException e = assertFailure("502 HTML page always", op, run(op),
                KantataUnavailableException.class, ErrorKind.UNAVAILABLE, 502, op.idempotent ? ATTEMPTS : 1);
        assertTrue(e.getErrors().isEmpty());
        assertTrue(e.getResponseBody().contains("502 Bad Gateway"), e.getResponseBody());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void serverErrorIsNotRetried(Op op) {
        always(any(anyUrl()), error(500, "{\"errors\":[{\"type\":\"system\",\"message\":\"boom\"}]}"));
        KantataUsersException e = assertFailure("500", op, run(op), KantataUsersException.class, ErrorKind.SERVER_ERROR,
                500, 1);
        assertEquals("boom", e.getErrors().get(0).getMessage());
        assertEquals(REQ_ID, e.getRequestId());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void truncatedJsonIsMalformed(Op op) {
        // the sandbox cuts its own (real) body in half
        sandbox.faults().truncatedJson(1);
        Exchange ex = run(op);
        sandbox.faults().clear();
        if (!op.readsBody()) {
            assertSuccess("truncated JSON (200)", op, ex, 0);
            return;
        }
        KantataMalformedResponseException e = assertFailure("truncated JSON (200)", op, ex,
                KantataMalformedResponseException.class, ErrorKind.MALFORMED_RESPONSE, 200, 1);
        assertTrue(e.getMessage().contains("body starts:"), e.getMessage());
        assertTrue(e.getMessage().length() < 1_000, "a short excerpt, not the whole body");
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void htmlPageWithStatus200IsMalformed(Op op) {
        always(any(anyUrl()), aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withHeader("x-request-id", REQ_ID).withBody("<!DOCTYPE html><html><body>Sign in</body></html>"));
        Exchange ex = run(op);
        if (!op.readsBody()) {
            assertSuccess("HTML page (200)", op, ex, 0);
            return;
        }
        KantataMalformedResponseException e = assertFailure("HTML page (200)", op, ex,
                KantataMalformedResponseException.class, ErrorKind.MALFORMED_RESPONSE, 200, 1);
        assertTrue(e.getMessage().contains("<!DOCTYPE html>"), e.getMessage());
        assertEquals(REQ_ID, e.getRequestId());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void revokedTokenIsAnAuthenticationError(Op op) {
        always(any(anyUrl()), error(401, "{\"errors\":[{\"type\":\"oauth\",\"message\":\"Invalid OAuth 2 Request\"}]}"));
        KantataAuthenticationException e = assertFailure("401 oauth", op, run(op), KantataAuthenticationException.class,
                ErrorKind.AUTHENTICATION, 401, 1);
        assertEquals("oauth", e.getErrors().get(0).getType());
        assertEquals(REQ_ID, e.getRequestId());
        assertTrue(!e.isRetryable());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void forbiddenIsTyped(Op op) {
        always(any(anyUrl()), error(403, "{\"errors\":[{\"type\":\"system\",\"message\":\"Forbidden request\"}]}"));
        KantataForbiddenException e = assertFailure("403", op, run(op), KantataForbiddenException.class,
                ErrorKind.FORBIDDEN, 403, 1);
        assertEquals("Forbidden request", e.getErrors().get(0).getMessage());
        assertEquals(REQ_ID, e.getRequestId());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void notFoundIsTyped(Op op) {
        always(any(anyUrl()), error(404, "{\"errors\":[{\"type\":\"system\",\"message\":\"Page Not Found\"}]}"));
        KantataNotFoundException e = assertFailure("404", op, run(op), KantataNotFoundException.class,
                ErrorKind.NOT_FOUND, 404, 1);
        assertEquals(REQ_ID, e.getRequestId());
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void validationErrorCarriesTheFields(Op op) {
        always(any(anyUrl()), error(422, "{\"errors\":[{\"type\":\"validation\",\"message\":\"Email is taken\","
                                         + "\"field\":\"email_address\"},{\"type\":\"validation\",\"message\":\"Too long\","
                                         + "\"field\":\"headline\"}]}"));
        KantataValidationException e = assertFailure("422", op, run(op), KantataValidationException.class,
                ErrorKind.VALIDATION, 422, 1);
        assertEquals(List.of("email_address", "headline"), e.getFields());
        assertEquals(REQ_ID, e.getRequestId());
    }

    @Test
    void postIsRetriedWhenRetryNonIdempotentIsSet() {
        failTimes(2, error(503, ""));
        Exchange ex = run(Op.PHOTO_UPLOAD, "retryNonIdempotent=true");
        assertNull(ex.getException());
        assertEquals(2, ex.getMessage().getHeader(KantataUsersConstants.RETRIES));
        assertEquals(3, requestCount());
        wm.resetAll();
        failTimes(1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        wm.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandbox.port())));
        ex = run(Op.PHOTO_UPLOAD, "retryNonIdempotent=true");
        assertNull(ex.getException());
        assertEquals(1, ex.getMessage().getHeader(KantataUsersConstants.RETRIES));
        assertEquals(2, requestCount());
    }

    @Test
    void maxRetriesZeroDisablesRetrying() {
        always(any(anyUrl()), error(503, ""));
        assertFailure("503 always, maxRetries=0", Op.GET, run(Op.GET, "maxRetries=0"), KantataUnavailableException.class,
                ErrorKind.UNAVAILABLE, 503, 1);
    }

    @Test
    void retryBudgetStopsRetryingBeforeTheRetriesRunOut() {
        // each retry would wait 1 s (Retry-After) but the budget is 500 ms: no retry at all
        always(any(anyUrl()), error(503, "").withHeader("Retry-After", "1"));
        assertFailure("503, Retry-After: 1, retryBudget=500ms", Op.GET, run(Op.GET, "retryBudget=500"),
                KantataUnavailableException.class, ErrorKind.UNAVAILABLE, 503, 1);
    }

    @Test
    void consumerSurvivesFaultsDuringPollsAndLosesNoUser() throws Exception {
        // every request fails with a connection reset until the fault is lifted: the polls fail, nothing is
        // emitted or committed, and the consumer keeps polling; once the API answers, every user arrives
        always(any(anyUrl()), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        java.util.Set<String> received = java.util.concurrent.ConcurrentHashMap.newKeySet();
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?initialDelay=0&delay=50&maxRetries=0&perPage=5").routeId("faulty-consumer")
                        .process(e -> received
                                .add(e.getMessage().getBody(io.github.camelkantata.users.model.User.class).getId()));
            }
        });
        long deadline = System.currentTimeMillis() + 10_000;
        while (requestCount() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(requestCount() >= 3, "the consumer keeps polling after failed polls");
        assertTrue(received.isEmpty(), "a failed poll emits nothing");
        wm.resetAll();
        wm.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandbox.port())));
        java.util.Set<String> expected = new java.util.HashSet<>();
        sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).forEach(u -> expected.add(u.id()));
        deadline = System.currentTimeMillis() + 10_000;
        while (!received.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, received, "every user arrives once the API answers again");
    }
}
