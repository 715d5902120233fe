package io.github.camelkantata.users.client;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deadlines of calls that share one {@code callTimeout}, in one FIFO queue with at most one timer armed.
 * <p>
 * Why not one {@code ScheduledExecutorService.schedule} per call: the profile of a {@code get} showed that each call
 * then took the executor's lock twice (schedule, cancel) and, whenever the queue was empty (every sequential call),
 * woke the timer thread to re-arm it, a context switch per call on a busy machine. Calls that share a timeout expire in
 * the order they started, so a FIFO queue is already sorted: adding is one lock-free append, ending a call only clears
 * its entry, and the timer wakes once per deadline that actually needs checking. Ended entries at the head are dropped
 * on every add, and the queue is compacted when most of it is ended entries, so it holds about the calls in flight.
 */
final class Deadlines {

    /** One call's deadline; {@code task} is cleared when the call ends, so an ended entry holds nothing. */
    static final class Entry {
        final long deadline;
        volatile Runnable task;

        Entry(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        /** The call ended: its deadline no longer matters. */
        void cancel() {
            task = null;
        }
    }

    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** The deadline the armed timer checks for, or {@link Long#MAX_VALUE} when none is armed; guarded by this. */
    private long armedFor = Long.MAX_VALUE;
    /**
     * The armed timer, guarded by this: cancelled by {@link #close()}, so that a stopped owner leaves no timer behind.
     */
    private java.util.concurrent.Future<?> armed;

    Deadlines(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Adds a deadline. Entries must be added in deadline order (same timeout, started now), which is what keeps the
     * queue sorted.
     *
     * @param  deadline                   when, by {@link System#nanoTime()}
     * @param  task                       runs on the scheduler thread at the deadline, unless the entry was cancelled
     * @return                            the entry, to cancel when the call ends
     * @throws RejectedExecutionException when the scheduler is shut down
     */
    Entry add(long deadline, Runnable task) {
        Entry e = new Entry(deadline, task);
        dropEndedHead();
        queue.add(e);
        int n = size.incrementAndGet();
        if (n > 1024 && (n & 1023) == 0) {
            compact();
        }
        synchronized (this) {
            if (armedFor - deadline > 0) {
                arm(deadline);
            }
        }
        return e;
    }

    /** @return how many entries the queue holds (ended ones not yet dropped included); for tests */
    int size() {
        return size.get();
    }

    private void dropEndedHead() {
        Entry h;
        while ((h = queue.peek()) != null && h.task == null) {
            if (queue.remove(h)) {
                size.decrementAndGet();
            }
        }
    }

    /** Drops ended entries anywhere in the queue: one long call at the head must not keep the ended ones behind it. */
    private void compact() {
        for (java.util.Iterator<Entry> it = queue.iterator(); it.hasNext();) {
            if (it.next().task == null) {
                it.remove();
                size.decrementAndGet();
            }
        }
    }

    /** Guarded by this. */
    private void arm(long deadline) {
        armed = scheduler.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        armedFor = deadline;
    }

    /**
     * Drops every entry and cancels the armed timer. The owner calls it when it stops (its calls were ended by the
     * stop): a timer armed for a call that ended would otherwise keep the scheduler's thread alive after the
     * component's shutdown, since a {@code ScheduledThreadPoolExecutor} runs delayed tasks after {@code shutdown()}.
     * Adding after a close works again (a restarted route).
     */
    synchronized void close() {
        queue.clear();
        size.set(0);
        if (armed != null) {
            armed.cancel(false);
            armed = null;
        }
        armedFor = Long.MAX_VALUE;
    }

    /** Runs the expired entries, then arms the timer for the next live head, if any. */
    private void fire() {
        synchronized (this) {
            armedFor = Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        Entry h;
        while ((h = queue.peek()) != null) {
            Runnable task = h.task;
            if (task != null && h.deadline - now > 0) {
                break;
            }
            if (queue.remove(h)) {
                size.decrementAndGet();
            }
            if (task != null) {
                h.task = null;
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // one call's expiry must not keep the others from theirs
                }
            }
        }
        synchronized (this) {
            h = queue.peek();
            if (h != null && armedFor - h.deadline > 0) {
                try {
                    arm(h.deadline);
                } catch (RejectedExecutionException stopped) {
                    // the component stopped: its calls are ended by the stop itself
                }
            }
        }
    }
}
