package io.github.camelkantata.users.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A client-side request rate limit: {@code maxRequestsPerSecond} on average, with bursts of up to {@code burst}
 * requests. Kantata's limits are per token, so one throttle is shared by every endpoint and consumer of a component
 * that uses the same token.
 * <p>
 * It never blocks, and it never promises a slot it cannot keep:
 * <ul>
 * <li>a token bucket refills one permit per interval, up to {@code burst};</li>
 * <li>callers that find it empty wait in arrival order; one scheduled task hands out permits as they refill;</li>
 * <li>a caller whose deadline would pass before its turn is refused at once ({@link #acquire(long)} returns null)
 * rather than queued, so a backlog never grows past what the deadlines allow;</li>
 * <li>a waiter that gives up (its call expired, was cancelled or stopped) leaves the queue without using a permit, so
 * it delays nobody behind it.</li>
 * </ul>
 */
public final class Throttle {

    private final long intervalNanos;
    private final int burst;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    /** waiters still wanting a permit (the queue may also hold ones that gave up, skipped when reached) */
    private int liveWaiters;
    private double permits;
    private long refilledAt;
    private boolean drainScheduled;

    /**
     * @param maxRequestsPerSecond the average rate; must be positive
     * @param burst                how many requests may go at once after a quiet period; at least 1
     * @param scheduler            hands out the delayed permits
     */
    public Throttle(double maxRequestsPerSecond, int burst, ScheduledExecutorService scheduler) {
        this(maxRequestsPerSecond, burst, scheduler, System::nanoTime);
    }

    /** With a clock of its own, so that tests can check the schedule without measuring time. */
    Throttle(double maxRequestsPerSecond, int burst, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        if (!(maxRequestsPerSecond > 0)) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be positive: " + maxRequestsPerSecond);
        }
        this.intervalNanos = Math.max(1, (long) (1_000_000_000L / maxRequestsPerSecond));
        this.burst = Math.max(1, burst);
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.permits = this.burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    private void refill(long now) {
        if (now > refilledAt) {
            permits = Math.min(burst, permits + (double) (now - refilledAt) / intervalNanos);
            refilledAt = now;
        }
    }

    /**
     * How long a caller arriving now would wait for its permit, without taking one.
     *
     * @return nanoseconds, 0 when a permit is free
     */
    synchronized long expectedWaitNanos() {
        long now = nanoClock.getAsLong();
        refill(now);
        double missing = liveWaiters + 1 - permits;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * intervalNanos);
    }

    /**
     * Asks for a permit.
     *
     * @param  deadlineNanos the {@link System#nanoTime()} by which the caller must have sent its request, or
     *                       {@link Long#MAX_VALUE} for none
     * @return               a future completed when the caller may send (cancel it to give the place back), or null
     *                       when the caller's turn would come after its deadline: nothing is reserved then
     */
    public CompletableFuture<Void> acquire(long deadlineNanos) {
        CompletableFuture<Void> permit;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            refill(now);
            if (liveWaiters == 0 && permits >= 1) {
                permits -= 1;
                return CompletableFuture.completedFuture(null);
            }
            long wait = (long) Math.ceil((liveWaiters + 1 - permits) * intervalNanos);
            if (deadlineNanos != Long.MAX_VALUE && now + wait - deadlineNanos > 0) {
                return null;
            }
            permit = new CompletableFuture<>();
            waiters.add(permit);
            liveWaiters++;
            scheduleDrain(wait);
        }
        // a waiter that gives up frees its place; one that was granted was already counted out
        permit.whenComplete((v, e) -> {
            if (e != null) {
                synchronized (this) {
                    liveWaiters--;
                }
            }
        });
        return permit;
    }

    /** @return a future completed when the caller may send; no deadline */
    public CompletableFuture<Void> acquire() {
        return acquire(Long.MAX_VALUE);
    }

    /** Must hold the lock. */
    private void scheduleDrain(long delayNanos) {
        if (drainScheduled || scheduler == null) {
            return;
        }
        drainScheduled = true;
        try {
            scheduler.schedule(this::drain, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            drainScheduled = false;
            // the component is stopping: its calls are failed by their owners, nothing is left waiting on us
        }
    }

    /** Hands refilled permits to the waiters at the head of the queue, skipping those that gave up. */
    void drain() {
        java.util.List<CompletableFuture<Void>> granted = new java.util.ArrayList<>();
        synchronized (this) {
            drainScheduled = false;
            refill(nanoClock.getAsLong());
            while (!waiters.isEmpty()) {
                CompletableFuture<Void> head = waiters.peek();
                if (head.isDone()) {
                    waiters.poll(); // gave up: costs no permit
                    continue;
                }
                if (permits < 1) {
                    break;
                }
                waiters.poll();
                permits -= 1;
                liveWaiters--;
                granted.add(head);
            }
            if (!waiters.isEmpty()) {
                scheduleDrain((long) Math.ceil((1 - permits) * intervalNanos));
            }
        }
        for (CompletableFuture<Void> g : granted) {
            if (!g.complete(null)) {
                // it gave up between the check and now: its completion handler already counted it out, so
                // the permit goes back instead of being lost
                synchronized (this) {
                    permits = Math.min(burst, permits + 1);
                    liveWaiters++;
                }
            }
        }
    }

    /** @return callers waiting for a permit now */
    public synchronized int waiting() {
        return liveWaiters;
    }

    @Override
    public String toString() {
        return "Throttle[interval=" + TimeUnit.NANOSECONDS.toMillis(intervalNanos) + "ms, burst=" + burst + "]";
    }
}
