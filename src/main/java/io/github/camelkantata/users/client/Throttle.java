package io.github.camelkantata.users.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A client-side request rate limit: {@code maxRequestsPerSecond} on average, with bursts of up to
 * {@code burst} requests. Kantata's limits are per token, so one throttle is shared by every endpoint and consumer
 * of a component that uses the same token.
 * <p>
 * It never blocks: a request over the limit gets a future that the scheduler completes when its slot comes
 * (the generic cell rate algorithm, reserving slots in arrival order).
 */
public final class Throttle {

    private final long intervalNanos;
    private final long toleranceNanos;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private long theoreticalArrival;

    /**
     * @param maxRequestsPerSecond the average rate; must be positive
     * @param burst                how many requests may go at once after a quiet period; at least 1
     * @param scheduler            completes the delayed permits
     */
    public Throttle(double maxRequestsPerSecond, int burst, ScheduledExecutorService scheduler) {
        this(maxRequestsPerSecond, burst, scheduler, System::nanoTime);
    }

    /** With a clock of its own, so that tests can check the schedule without measuring time. */
    Throttle(double maxRequestsPerSecond, int burst, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        if (!(maxRequestsPerSecond > 0)) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be positive: " + maxRequestsPerSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / maxRequestsPerSecond);
        this.toleranceNanos = intervalNanos * (Math.max(1, burst) - 1L);
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.theoreticalArrival = nanoClock.getAsLong();
    }

    /**
     * Reserves the next slot.
     *
     * @return how long the caller must wait for it, in nanoseconds; 0 to go at once
     */
    synchronized long reserve() {
        long now = nanoClock.getAsLong();
        long tat = Math.max(theoreticalArrival, now);
        long delay = Math.max(0, tat - now - toleranceNanos);
        theoreticalArrival = tat + intervalNanos;
        return delay;
    }

    /** @return a future completed when the caller may send its request */
    public CompletableFuture<Void> acquire() {
        long delay = reserve();
        if (delay == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> permit = new CompletableFuture<>();
        scheduler.schedule(() -> permit.complete(null), delay, TimeUnit.NANOSECONDS);
        return permit;
    }

    @Override
    public String toString() {
        return "Throttle[interval=" + TimeUnit.NANOSECONDS.toMillis(intervalNanos) + "ms]";
    }
}
