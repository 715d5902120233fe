package io.github.camelkantata.users.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Faults to inject into the next requests. Faults queue up in the order they were added; each applies to the next
 * {@code times} requests (whatever their path), then the next fault in the queue takes over, and when the queue is
 * empty normal service resumes. Thread-safe.
 */
public final class SandboxFaults {

    enum Kind {
        STATUS,
        DELAY,
        TRUNCATED,
        EMPTY
    }

    /** One queued fault; {@code remaining} counts down as requests consume it. */
    static final class Fault {
        final Kind kind;
        final int status;
        final Map<String, String> headers;
        final String body;
        final Duration delay;
        int remaining;

        Fault(Kind kind, int status, Map<String, String> headers, String body, Duration delay, int times) {
            this.kind = kind;
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.delay = delay;
            this.remaining = times;
        }
    }

    private final Deque<Fault> queue = new ArrayDeque<>();

    SandboxFaults() {
    }

    /**
     * Answers the next requests with this status and a Kantata error body
     * {@code {"errors":[{"type":"system","message":"..."}]}}.
     *
     * @param status HTTP status
     * @param times  how many requests
     */
    public void status(int status, int times) {
        add(new Fault(Kind.STATUS, status, Map.of(), null, null, times));
    }

    /**
     * Answers the next requests with exactly this status, these headers and this body (for example a 429 with
     * {@code Retry-After: 3600}, or an HTML 503 page). Give a {@code Content-Type} header to override the default JSON
     * one.
     *
     * @param status  HTTP status
     * @param times   how many requests
     * @param headers response headers
     * @param body    response body (UTF-8), or {@code null}/empty for none
     */
    public void status(int status, int times, Map<String, String> headers, String body) {
        add(new Fault(Kind.STATUS, status, new LinkedHashMap<>(headers), body == null ? "" : body, null, times));
    }

    /**
     * Holds the next responses for this long, then answers normally.
     *
     * @param d     extra delay
     * @param times how many requests
     */
    public void delay(Duration d, int times) {
        add(new Fault(Kind.DELAY, 0, Map.of(), null, Objects.requireNonNull(d), times));
    }

    /**
     * Answers the next requests with status 200 and the first half of the normal JSON body, with a Content-Length that
     * matches what is sent.
     *
     * @param times how many requests
     */
    public void truncatedJson(int times) {
        add(new Fault(Kind.TRUNCATED, 200, Map.of(), null, null, times));
    }

    /**
     * Closes the connection of the next requests without writing any response.
     *
     * @param times how many requests
     */
    public void emptyResponse(int times) {
        add(new Fault(Kind.EMPTY, 0, Map.of(), null, null, times));
    }

    /** Drops every queued fault. */
    public synchronized void clear() {
        queue.clear();
    }

    private synchronized void add(Fault f) {
        if (f.remaining <= 0) {
            throw new IllegalArgumentException("times must be positive");
        }
        queue.addLast(f);
    }

    /** Takes one use of the head fault, or returns {@code null} when none is queued. */
    synchronized Fault next() {
        Fault f = queue.peekFirst();
        if (f == null) {
            return null;
        }
        if (--f.remaining <= 0) {
            queue.removeFirst();
        }
        return f;
    }
}
