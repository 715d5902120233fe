package io.github.camelkantata.users.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call through the throttle, retrying under the {@link RetryPolicy} and within the per-call
 * deadline, and turns every non-2xx outcome into a typed {@link KantataUsersException}.
 * <p>
 * Waits (backoff, {@code Retry-After}, throttle) are scheduled, never slept, so no thread is parked.
 */
public final class ApiCaller {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCaller.class);

    private final HttpTransport transport;
    private final String baseUrl;
    private final Supplier<String> tokenSupplier;
    private final boolean tokenRotates;
    private final RetryPolicy retryPolicy;
    private final Throttle throttle;
    private final ScheduledExecutorService scheduler;
    private final Duration callTimeout;
    private final ErrorMapper errors;
    private volatile String lastToken;

    /**
     * @param transport     the shared HTTP transport
     * @param baseUrl       the API base URL without trailing slash
     * @param tokenSupplier gives the token for each attempt
     * @param tokenRotates  true when the supplier may return a new token (then a 401 asks it once more)
     * @param retryPolicy   the retry policy
     * @param throttle      the shared throttle, or null for none
     * @param scheduler     runs delayed retries and the deadline
     * @param callTimeout   the overall deadline of one call, retries included
     */
    public ApiCaller(HttpTransport transport, String baseUrl, Supplier<String> tokenSupplier, boolean tokenRotates,
                     RetryPolicy retryPolicy, Throttle throttle, ScheduledExecutorService scheduler,
                     Duration callTimeout) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.tokenSupplier = tokenSupplier;
        this.tokenRotates = tokenRotates;
        this.retryPolicy = retryPolicy;
        this.throttle = throttle;
        this.scheduler = scheduler;
        this.callTimeout = callTimeout;
        // a rotating supplier (Vault, a mounted secret) is not asked again just to mask an error message:
        // the token the last attempt sent is the one a server could echo
        this.errors = new ErrorMapper(baseUrl, tokenRotates ? () -> lastToken : tokenSupplier);
    }

    /** @return the client-side throttle this caller shares, or null when none is configured */
    public Throttle throttle() {
        return throttle;
    }

    /** @return the API base URL */
    public String baseUrl() {
        return baseUrl;
    }

    /** @return maps responses to exceptions; used by readers to report malformed bodies */
    public ErrorMapper errors() {
        return errors;
    }

    /**
     * Sends the request until it succeeds, fails for good, or runs out of retries or time.
     *
     * @param  request the request
     * @return         the 2xx response and the attempt count; completes exceptionally with a
     *                 {@link KantataUsersException}
     */
    public CompletableFuture<ApiResult<ApiResponse>> call(ApiRequest request) {
        Call call = new Call(request);
        if (callTimeout != null && !callTimeout.isZero()) {
            ScheduledFuture<?> deadline = scheduler.schedule(call::expire, callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            call.result.whenComplete((r, e) -> deadline.cancel(false));
        }
        call.attempt();
        return call.result;
    }

    /** The state of one call across its attempts. */
    private final class Call {
        final ApiRequest request;
        final CompletableFuture<ApiResult<ApiResponse>> result = new CompletableFuture<>();
        final long started = System.nanoTime();
        int attempts;
        boolean tokenRefreshed;
        boolean freshToken;
        String token;
        volatile CompletableFuture<ApiResponse> inFlight;

        Call(ApiRequest request) {
            this.request = request;
        }

        void attempt() {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<Void> permit = throttle == null ? CompletableFuture.completedFuture(null) : throttle.acquire();
            permit.thenRun(this::send);
        }

        void send() {
            if (result.isDone()) {
                return;
            }
            attempts++;
            try {
                if (freshToken) {
                    freshToken = false; // just fetched after a 401: asking again could rotate past it
                } else if (token == null || tokenRotates) {
                    token = tokenSupplier.get();
                }
                lastToken = token;
                if (token == null || token.isBlank()) {
                    result.completeExceptionally(errors.configuration(request, attempts,
                            "no access token: set accessToken or tokenSupplier"));
                    return;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(errors.configuration(request, attempts,
                        "the tokenSupplier failed: " + e.getClass().getSimpleName()));
                return;
            }
            LOG.debug("Kantata {} attempt {}: {} {}", request.operation(), attempts, request.method(), request.path());
            CompletableFuture<ApiResponse> f = transport.send(baseUrl, request, token);
            inFlight = f;
            f.whenComplete(this::onResponse);
        }

        void onResponse(ApiResponse response, Throwable failure) {
            if (result.isDone()) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (isRetryableTransport(cause) && retryPolicy.mayRetry(request)
                        && scheduleRetry(null, "transport failure " + cause.getClass().getSimpleName())) {
                    return;
                }
                result.completeExceptionally(errors.transport(request, attempts, cause));
                return;
            }
            int status = response.status();
            if (status >= 200 && status < 300) {
                result.complete(new ApiResult<>(response, attempts, response.requestId(), status));
                return;
            }
            if (status == 401 && tokenRotates && !tokenRefreshed) {
                tokenRefreshed = true;
                String previous = token;
                try {
                    token = tokenSupplier.get();
                } catch (RuntimeException e) {
                    token = previous;
                }
                if (token != null && !token.equals(previous)) {
                    LOG.debug("Kantata {}: 401, retrying once with a fresh token from the tokenSupplier", request.operation());
                    freshToken = true;
                    attempt();
                    return;
                }
            }
            if (RetryPolicy.isRetryableStatus(status) && retryPolicy.mayRetry(request)) {
                Duration retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"));
                if (retryAfter != null && retryAfter.compareTo(retryPolicy.maxRetryAfter()) > 0) {
                    result.completeExceptionally(errors.http(request, response, attempts,
                            "Retry-After of " + retryAfter.toSeconds() + "s exceeds maxRetryAfter ("
                                                                    + retryPolicy.maxRetryAfter().toSeconds()
                                                                    + "s); failing fast instead of waiting"));
                    return;
                }
                if (scheduleRetry(retryAfter, "HTTP " + status)) {
                    return;
                }
            }
            result.completeExceptionally(errors.http(request, response, attempts, null));
        }

        /** @return true when a retry was scheduled */
        boolean scheduleRetry(Duration retryAfter, String why) {
            int retry = attempts; // retries so far + 1
            if (retry > retryPolicy.maxRetries()) {
                return false;
            }
            long waitMillis = retryAfter != null ? retryAfter.toMillis() : retryPolicy.backoffMillis(retry);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (elapsedMillis + waitMillis > retryPolicy.retryBudget().toMillis()) {
                LOG.debug("Kantata {}: {} not retried, the retry budget of {} ms would be exceeded", request.operation(),
                        why, retryPolicy.retryBudget().toMillis());
                return false;
            }
            LOG.debug("Kantata {}: {} on attempt {}, retrying in {} ms", request.operation(), why, attempts, waitMillis);
            scheduler.schedule(this::attempt, waitMillis, TimeUnit.MILLISECONDS);
            return true;
        }

        void expire() {
            if (result.isDone()) {
                return;
            }
            result.completeExceptionally(errors.transport(request, attempts,
                    new TimeoutException("callTimeout of " + callTimeout.toMillis() + " ms expired")));
            CompletableFuture<ApiResponse> f = inFlight;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    static boolean isRetryableTransport(Throwable cause) {
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                || cause instanceof CancellationException) {
            return false; // a slow server is not hammered again; the deadline bounds the call
        }
        // an unparseable response (garbage, then close) is a broken connection too, typically a proxy or load
        // balancer failing mid-stream: as safe to repeat as a reset for an idempotent request
        return cause instanceof ConnectException || cause instanceof NoHttpResponseException
               || cause instanceof ConnectionClosedException || cause instanceof SocketException
               || cause instanceof org.apache.hc.core5.http.HttpException
               || (cause instanceof IOException && !(cause instanceof javax.net.ssl.SSLException));
    }

    /**
     * An error kind for a status code.
     *
     * @param  status an HTTP status
     * @return        its kind
     */
    public static ErrorKind kindOf(int status) {
        switch (status) {
            case 400:
                return ErrorKind.BAD_REQUEST;
            case 401:
                return ErrorKind.AUTHENTICATION;
            case 403:
                return ErrorKind.FORBIDDEN;
            case 404:
                return ErrorKind.NOT_FOUND;
            case 422:
                return ErrorKind.VALIDATION;
            case 429:
                return ErrorKind.RATE_LIMITED;
            case 502:
            case 503:
            case 504:
                return ErrorKind.UNAVAILABLE;
            default:
                return status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.HTTP_ERROR;
        }
    }
}
