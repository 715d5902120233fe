package io.github.camelkantata.users.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call through the throttle, retrying under the {@link RetryPolicy} and within the per-call deadline, and
 * turns every non-2xx outcome into a typed {@link KantataUsersException}.
 * <p>
 * Waits (backoff, {@code Retry-After}, throttle) are scheduled, never slept, so no thread is parked. The scheduler only
 * fires timers; attempts and their token look-ups run on the worker, so a slow token supplier or a busy route never
 * delays another call's timer. Every path ends the call's future: a result, a typed error, or the deadline.
 * <p>
 * A {@link #blocking()} copy (the {@code synchronous} option) is the exception, by request: its attempts, waits and
 * retries run on the calling thread, which the deadline or a stop still frees at once.
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
    private final Executor worker;
    private final Duration callTimeout;
    private final ErrorMapper errors;
    private final CallGroup group;
    private final ClientMetrics metrics;
    private final AtomicReference<String> lastToken;
    /** The deadlines of this caller's calls (one callTimeout, so one sorted queue), shared with its group copies. */
    private final Deadlines deadlines;
    /** true for the {@code synchronous} path: attempts, waits and retries happen on the calling thread */
    private final boolean blocking;

    /**
     * @param transport     the shared HTTP transport
     * @param baseUrl       the API base URL without trailing slash
     * @param tokenSupplier gives the token for each attempt
     * @param tokenRotates  true when the supplier may return a new token (then a 401 asks it once more)
     * @param retryPolicy   the retry policy
     * @param throttle      the shared throttle, or null for none
     * @param scheduler     fires deadlines, backoffs and throttle permits; only hands work to {@code worker}
     * @param worker        runs attempts (and so the token supplier) and ends calls that a timer or a stop ended
     * @param callTimeout   the overall deadline of one call, retries and throttle waits included
     * @param group         the calls of this caller's owner, ended together when it stops
     * @param metrics       counts requests, retries and errors
     */
    public ApiCaller(HttpTransport transport, String baseUrl, Supplier<String> tokenSupplier, boolean tokenRotates,
                     RetryPolicy retryPolicy, Throttle throttle, ScheduledExecutorService scheduler, Executor worker,
                     Duration callTimeout, CallGroup group, ClientMetrics metrics) {
        this(transport, baseUrl, tokenSupplier, tokenRotates, retryPolicy, throttle, scheduler, worker, callTimeout, group,
             metrics, new AtomicReference<>(), new Deadlines(scheduler), false);
    }

    private ApiCaller(HttpTransport transport, String baseUrl, Supplier<String> tokenSupplier, boolean tokenRotates,
                      RetryPolicy retryPolicy, Throttle throttle, ScheduledExecutorService scheduler, Executor worker,
                      Duration callTimeout, CallGroup group, ClientMetrics metrics, AtomicReference<String> lastToken,
                      Deadlines deadlines, boolean blocking) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.tokenSupplier = tokenSupplier;
        this.tokenRotates = tokenRotates;
        this.retryPolicy = retryPolicy;
        this.throttle = throttle;
        this.scheduler = scheduler;
        this.worker = worker;
        this.callTimeout = callTimeout;
        this.group = group;
        this.metrics = metrics == null ? ClientMetrics.NONE : metrics;
        this.lastToken = lastToken;
        this.deadlines = deadlines;
        this.blocking = blocking;
        // a rotating supplier (Vault, a mounted secret) is not asked again just to mask an error message:
        // the token the last attempt sent is the one a server could echo
        this.errors = new ErrorMapper(baseUrl, tokenRotates ? lastToken::get : tokenSupplier);
    }

    /**
     * The same caller, for another owner: its calls belong to {@code other}, which ends them when that owner stops.
     *
     * @param  other the owner's group
     * @return       a caller sharing transport, throttle, token, policy and metrics with this one
     */
    public ApiCaller inGroup(CallGroup other) {
        return new ApiCaller(
                transport, baseUrl, tokenSupplier, tokenRotates, retryPolicy, throttle, scheduler, worker,
                callTimeout, other, metrics, lastToken, deadlines, blocking);
    }

    /**
     * The same caller, sending on the calling thread (the {@code synchronous} option): each attempt uses the classic
     * HTTP client and returns when the response was read; throttle waits and retry back-offs park the calling thread.
     * The deadline and a stop still end the call from outside: they abort the exchange in progress, and the calling
     * thread returns at once.
     *
     * @return a caller sharing everything with this one, blocking
     */
    public ApiCaller blocking() {
        return new ApiCaller(
                transport, baseUrl, tokenSupplier, tokenRotates, retryPolicy, throttle, scheduler, worker,
                callTimeout, group, metrics, lastToken, deadlines, true);
    }

    /**
     * The same caller for a probe: one attempt, no retry, ended at {@code timeout} (a health check must answer quickly
     * and spend one request, whatever the endpoint's retry options). Its deadlines are its own: call
     * {@link #stopTimers()} once its call has ended.
     *
     * @param  timeout the deadline of each call
     * @return         a caller sharing transport, throttle, token and metrics with this one
     */
    public ApiCaller once(Duration timeout) {
        return new ApiCaller(
                transport, baseUrl, tokenSupplier, tokenRotates, RetryPolicy.NONE, throttle, scheduler, worker,
                timeout, group, metrics, lastToken, new Deadlines(scheduler), false);
    }

    /**
     * Cancels the deadline timer this caller (and its group copies) share. Its owner calls it when it stops, after its
     * calls were ended; a later call arms the timer again.
     */
    public void stopTimers() {
        deadlines.close();
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

    /** @return the group whose calls this caller makes */
    public CallGroup group() {
        return group;
    }

    /**
     * Runs {@code task} on the worker after {@code delayMillis}: the scheduler only hands work on.
     *
     * @return the timer, to cancel
     */
    java.util.concurrent.ScheduledFuture<?> later(Runnable task, long delayMillis) {
        return scheduler.schedule(() -> worker.execute(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** @return where requests, retries and errors are counted */
    public ClientMetrics metrics() {
        return metrics;
    }

    /** @return the largest response body read, decompressed */
    public long maxResponseBytes() {
        return transport.maxResponseBytes();
    }

    /**
     * Sends the request until it succeeds, fails for good, or runs out of retries or time. The future always completes:
     * with the 2xx response, or with a {@link KantataUsersException} by the deadline (plus scheduling slack) at the
     * latest, or at once when the owner stops. Cancelling it ends the call and frees its connection and throttle place.
     *
     * @param  request the request
     * @return         the 2xx response and the attempt count; completes exceptionally with a
     *                 {@link KantataUsersException}
     */
    public CompletableFuture<ApiResult<ApiResponse>> call(ApiRequest request) {
        return call(request, null);
    }

    /**
     * As {@link #call(ApiRequest)}; on the blocking path a 2xx body is parsed by {@code reader} straight from the
     * connection (see {@link ApiResponse#parsed()}). The async path ignores the reader and buffers the body.
     *
     * @param  request the request
     * @param  reader  parses a 2xx body from the stream, or null
     * @return         the 2xx response and the attempt count
     */
    public CompletableFuture<ApiResult<ApiResponse>> call(ApiRequest request, BodyReader reader) {
        Call call = new Call(request, System.nanoTime(), true, reader);
        call.start();
        return call.result;
    }

    /**
     * As {@link #call(ApiRequest)}, for a call that began earlier (its body was read first): the deadline counts from
     * {@code startedNanos}.
     *
     * @param  request      the request
     * @param  startedNanos when the call began, by {@link System#nanoTime()}
     * @return              the 2xx response and the attempt count
     */
    public CompletableFuture<ApiResult<ApiResponse>> call(ApiRequest request, long startedNanos) {
        return call(request, startedNanos, null);
    }

    /**
     * As {@link #call(ApiRequest, long)}, with a reader for a 2xx body on the blocking path (see
     * {@link #call(ApiRequest, BodyReader)}).
     *
     * @param  request      the request
     * @param  startedNanos when the call began, by {@link System#nanoTime()}
     * @param  reader       parses a 2xx body from the stream, or null
     * @return              the 2xx response and the attempt count
     */
    public CompletableFuture<ApiResult<ApiResponse>> call(ApiRequest request, long startedNanos, BodyReader reader) {
        Call call = new Call(request, startedNanos, false, reader);
        call.start();
        return call.result;
    }

    /** The state of one call across its attempts. */
    private final class Call implements CallGroup.Member {
        final ApiRequest request;
        final CompletableFuture<ApiResult<ApiResponse>> result = new CompletableFuture<>();
        /** claimed by whoever ends the call, so that exactly one outcome wins even when it is delivered later */
        final AtomicBoolean ended = new AtomicBoolean();
        final long started;
        final long deadline;
        volatile int attempts;
        boolean tokenRefreshed;
        boolean freshToken;
        String token;
        volatile Future<?> deadlineTimer;
        /** the deadline in this caller's queue, for calls that start now (see {@link Deadlines}) */
        volatile Deadlines.Entry deadlineEntry;
        /** started now: its deadline is after every queued one, so it can go in the sorted queue */
        final boolean startsNow;
        volatile Future<?> retryTimer;
        volatile CompletableFuture<Void> permit;
        volatile CompletableFuture<ApiResponse> inFlight;
        /** parses a 2xx body from the stream on the blocking path */
        final BodyReader reader;

        Call(ApiRequest request, long startedNanos, boolean startsNow, BodyReader reader) {
            this.request = request;
            this.reader = reader;
            this.startsNow = startsNow;
            this.started = startedNanos;
            this.deadline = callTimeout == null || callTimeout.isZero() ? Long.MAX_VALUE : started + callTimeout.toNanos();
        }

        void start() {
            // whoever ends the call, everything it holds is let go
            result.whenComplete((r, e) -> release());
            if (!group.add(this)) {
                finish(null, errors.stopped(request, 0, group.closedBecause()), false);
                return;
            }
            if (deadline != Long.MAX_VALUE) {
                try {
                    if (startsNow) {
                        deadlineEntry = deadlines.add(deadline, this::expire);
                    } else {
                        deadlineTimer = scheduler.schedule(this::expire, Math.max(0, deadline - System.nanoTime()),
                                TimeUnit.NANOSECONDS);
                    }
                } catch (RejectedExecutionException e) {
                    finish(null, errors.stopped(request, 0, "the kantata-users component stopped"), false);
                    return;
                }
            }
            attempt();
        }

        void release() {
            ended.set(true); // also when the future was cancelled from outside
            group.remove(this);
            cancel(deadlineTimer);
            Deadlines.Entry d = deadlineEntry;
            if (d != null) {
                d.cancel();
            }
            cancel(retryTimer);
            CompletableFuture<Void> p = permit;
            if (p != null) {
                p.cancel(false); // gives the throttle place back
            }
            CompletableFuture<ApiResponse> f = inFlight;
            if (f != null && !f.isDone()) {
                f.cancel(true); // frees the connection instead of leaving it to the response timeout
            }
        }

        /**
         * Ends the call once. Outcomes decided on a timer or a stopping thread are delivered on the worker, so that the
         * route continues there and never on the scheduler or on the thread stopping Camel.
         */
        void finish(ApiResult<ApiResponse> value, Throwable failure, boolean handOff) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (failure instanceof KantataUsersException k) {
                metrics.failed(request.operation(), k.getKind());
            }
            Runnable complete = () -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            };
            if (handOff) {
                dispatch(complete);
            } else {
                complete.run();
            }
        }

        /** Runs on the worker; if it cannot (shut down), right here, so the call still ends. */
        void dispatch(Runnable task) {
            try {
                worker.execute(task);
            } catch (RejectedExecutionException shutDown) {
                task.run();
            }
        }

        @Override
        public void stop(String why) {
            finish(null, errors.stopped(request, attempts, why), true);
        }

        void attempt() {
            if (ended.get()) {
                return;
            }
            try {
                if (throttle == null) {
                    send();
                    return;
                }
                // a slot is only worth having with time left for the answer: a tenth of the callTimeout, up to 1 s
                long margin
                        = deadline == Long.MAX_VALUE ? 0 : Math.min(TimeUnit.SECONDS.toNanos(1), callTimeout.toNanos() / 10);
                CompletableFuture<Void> p = throttle.acquire(deadline - margin);
                if (p == null) {
                    finish(null, errors.throttled(request, attempts, "maxRequestsPerSecond leaves no slot before the "
                                                                     + "callTimeout of " + callTimeout.toMillis()
                                                                     + " ms expires; nothing was sent"),
                            false);
                    return;
                }
                if (p.isDone()) {
                    send();
                    return;
                }
                permit = p;
                if (blocking) {
                    // the calling thread waits for its place; the deadline or a stop cancels the permit and so the wait
                    if (await(p)) {
                        send();
                    }
                    return;
                }
                // the permit is handed out on the scheduler: the attempt (token supplier included) runs on the worker
                p.whenComplete((v, e) -> {
                    if (e == null) {
                        dispatch(this::send);
                    }
                });
                if (ended.get()) {
                    p.cancel(false); // ended while the permit was being set up
                }
            } catch (Throwable t) {
                fail(t);
            }
        }

        void send() {
            if (ended.get()) {
                return;
            }
            try {
                attempts++;
                try {
                    if (freshToken) {
                        freshToken = false; // just fetched after a 401: asking again could rotate past it
                    } else if (token == null || tokenRotates) {
                        token = tokenSupplier.get();
                    }
                } catch (RuntimeException e) {
                    finish(null, errors.configuration(request, attempts,
                            "the tokenSupplier failed: " + e.getClass().getSimpleName(), e), false);
                    return;
                }
                lastToken.set(token);
                if (token == null || token.isBlank()) {
                    finish(null, errors.configuration(request, attempts,
                            "no access token: set accessToken or tokenSupplier", null), false);
                    return;
                }
                LOG.debug("Kantata {} attempt {}: {} {}", request.operation(), attempts, request.method(), request.path());
                metrics.request(request.operation(), attempts > 1);
                CompletableFuture<ApiResponse> f;
                if (blocking) {
                    // registered before the exchange starts, so that the deadline or a stop can abort it
                    f = new CompletableFuture<>();
                    inFlight = f;
                    if (ended.get()) {
                        return;
                    }
                    transport.sendBlocking(baseUrl, request, token, reader, f);
                } else {
                    f = transport.send(baseUrl, request, token);
                    inFlight = f;
                }
                f.whenComplete(this::onResponse);
                if (ended.get()) {
                    f.cancel(true); // ended while the request was being handed over
                }
            } catch (Throwable t) {
                fail(t);
            }
        }

        /** Anything thrown in the chain ends the call with a typed error instead of leaving it to hang. */
        void fail(Throwable t) {
            if (t instanceof KantataUsersException k) {
                finish(null, k, false);
            } else {
                finish(null, errors.transport(request, attempts, t), false);
            }
        }

        void onResponse(ApiResponse response, Throwable failure) {
            if (ended.get()) {
                return;
            }
            try {
                handle(response, failure);
            } catch (Throwable t) {
                fail(t);
            }
        }

        private void handle(ApiResponse response, Throwable failure) {
            if (failure != null) {
                Throwable cause
                        = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof KantataUsersException k) {
                    finish(null, k, false);
                    return;
                }
                if (cause instanceof ResponseLimitException limit) {
                    finish(null, errors.limit(request, limit.status(), attempts, limit.getMessage()), false);
                    return;
                }
                if (isRetryableTransport(cause) && retryPolicy.mayRetry(request)
                        && scheduleRetry(null, "transport failure " + cause.getClass().getSimpleName())) {
                    return;
                }
                finish(null, errors.transport(request, attempts, cause), false);
                return;
            }
            int status = response.status();
            if (status >= 200 && status < 300) {
                finish(new ApiResult<>(response, attempts, response.requestId(), status), null, false);
                return;
            }
            if (status == 429) {
                metrics.rateLimited(request.operation());
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
                    LOG.warn("Kantata {}: HTTP {} with Retry-After {} s, above maxRetryAfter ({} s): failing now",
                            request.operation(), status, retryAfter.toSeconds(), retryPolicy.maxRetryAfter().toSeconds());
                    finish(null, errors.http(request, response, attempts,
                            "Retry-After of " + retryAfter.toSeconds() + "s exceeds maxRetryAfter ("
                                                                          + retryPolicy.maxRetryAfter().toSeconds()
                                                                          + "s); failing fast instead of waiting"),
                            false);
                    return;
                }
                if (scheduleRetry(retryAfter, "HTTP " + status)) {
                    return;
                }
            }
            finish(null, errors.http(request, response, attempts, null), false);
        }

        /** @return true when a retry was scheduled */
        boolean scheduleRetry(Duration retryAfter, String why) {
            int retry = attempts; // retries so far + 1
            if (retry > retryPolicy.maxRetries()) {
                if (retryPolicy.maxRetries() > 0) {
                    LOG.warn("Kantata {}: {} on attempt {}, retries exhausted (maxRetries={})", request.operation(), why,
                            attempts, retryPolicy.maxRetries());
                }
                return false;
            }
            long waitMillis = retryAfter != null ? retryAfter.toMillis() : retryPolicy.backoffMillis(retry);
            long now = System.nanoTime();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(now - started);
            if (elapsedMillis + waitMillis > retryPolicy.retryBudget().toMillis()) {
                LOG.warn("Kantata {}: {} not retried, the retry budget of {} ms would be exceeded", request.operation(),
                        why, retryPolicy.retryBudget().toMillis());
                return false;
            }
            if (deadline != Long.MAX_VALUE && now + TimeUnit.MILLISECONDS.toNanos(waitMillis) - deadline >= 0) {
                LOG.warn("Kantata {}: {} not retried, the callTimeout would expire first", request.operation(), why);
                return false;
            }
            LOG.debug("Kantata {}: {} on attempt {}, retrying in {} ms", request.operation(), why, attempts, waitMillis);
            if (blocking) {
                // the back-off parks the calling thread; the deadline or a stop cancels the timer and so the wait
                try {
                    Future<?> t = scheduler.schedule(() -> {
                    }, waitMillis, TimeUnit.MILLISECONDS);
                    retryTimer = t;
                    if (ended.get()) {
                        t.cancel(false);
                    }
                    if (await(t)) {
                        attempt();
                    }
                } catch (RejectedExecutionException stopped) {
                    finish(null, errors.stopped(request, attempts, "the kantata-users component stopped"), false);
                }
                return true;
            }
            try {
                retryTimer = scheduler.schedule(() -> dispatch(this::attempt), waitMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                finish(null, errors.stopped(request, attempts, "the kantata-users component stopped"), false);
            }
            return true;
        }

        /**
         * Parks the calling thread (blocking path) until {@code f} completes.
         *
         * @return true to go on; false when the call ended meanwhile (the deadline, a stop) or the thread was
         *         interrupted, which ends the call
         */
        boolean await(Future<?> f) {
            try {
                f.get();
                return !ended.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish(null, errors.stopped(request, attempts, "the calling thread was interrupted"), false);
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                fail(e.getCause());
                return false;
            } catch (CancellationException endedMeanwhile) {
                return false;
            }
        }

        void expire() {
            if (ended.get()) {
                return;
            }
            CompletableFuture<Void> p = permit;
            if (p != null && !p.isDone()) {
                // still waiting for the throttle: nothing of this attempt was sent
                finish(null, errors.throttled(request, attempts, "maxRequestsPerSecond gave no slot before the callTimeout of "
                                                                 + callTimeout.toMillis() + " ms expired"),
                        true);
                return;
            }
            finish(null, errors.transport(request, attempts,
                    new TimeoutException("callTimeout of " + callTimeout.toMillis() + " ms expired")), true);
        }
    }

    private static void cancel(Future<?> f) {
        if (f != null) {
            f.cancel(false);
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
