package io.github.camelkantata.users.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The throttle's schedule on a fake clock, with permits handed out by calling {@code drain()} by hand (no scheduler):
 * which requests go at once, which wait, which are refused for their deadline, and that a waiter who gives up frees its
 * place.
 */
class ThrottleTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * MS);

    @Test
    void burstGoesAtOnceThenOnePermitPerInterval() {
        Throttle t = new Throttle(10, 3, null, now::get); // 100 ms interval, burst 3
        for (int i = 0; i < 3; i++) {
            assertTrue(t.acquire().isDone(), "burst request " + i);
        }
        CompletableFuture<Void> fourth = t.acquire();
        CompletableFuture<Void> fifth = t.acquire();
        assertFalse(fourth.isDone());
        assertEquals(2, t.waiting());
        now.addAndGet(100 * MS);
        t.drain();
        assertTrue(fourth.isDone());
        assertFalse(fifth.isDone(), "one permit per interval");
        now.addAndGet(100 * MS);
        t.drain();
        assertTrue(fifth.isDone());
        // a quiet second refills the burst
        now.addAndGet(1_000 * MS);
        for (int i = 0; i < 3; i++) {
            assertTrue(t.acquire().isDone(), "refilled burst request " + i);
        }
        assertFalse(t.acquire().isDone());
    }

    @Test
    void steadyRateAtTheLimitNeverWaits() {
        Throttle t = new Throttle(5, 1, null, now::get); // 200 ms interval, no burst
        for (int i = 0; i < 20; i++) {
            assertTrue(t.acquire().isDone(), "request " + i);
            now.addAndGet(200 * MS);
        }
    }

    @Test
    void aCallerWhoseTurnComesAfterItsDeadlineIsRefusedAndReservesNothing() {
        Throttle t = new Throttle(2, 1, null, now::get); // 500 ms interval
        assertTrue(t.acquire().isDone());
        for (int i = 0; i < 10; i++) {
            assertNotNull(t.acquire()); // a backlog of 5 s
        }
        assertEquals(5_500 * MS, t.expectedWaitNanos());
        // 60 callers with a 1.5 s deadline: none of them fits, none of them is queued
        for (int i = 0; i < 60; i++) {
            assertNull(t.acquire(now.get() + 1_500 * MS), "caller " + i);
        }
        assertEquals(10, t.waiting());
        assertEquals(5_500 * MS, t.expectedWaitNanos(), "refused callers took no slot");
    }

    @Test
    void waitersThatGiveUpFreeTheirPlaces() {
        Throttle t = new Throttle(2, 1, null, now::get); // 500 ms interval
        assertTrue(t.acquire().isDone());
        CompletableFuture<Void> expired1 = t.acquire();
        CompletableFuture<Void> expired2 = t.acquire();
        CompletableFuture<Void> live = t.acquire();
        assertEquals(2_000 * MS, t.expectedWaitNanos());
        expired1.cancel(false);
        expired2.cancel(false);
        assertEquals(1, t.waiting());
        assertEquals(1_000 * MS, t.expectedWaitNanos(), "only the live waiter is ahead of a newcomer");
        now.addAndGet(500 * MS);
        t.drain();
        assertTrue(live.isDone() && !live.isCancelled(), "the first permit goes to the live waiter, not to a cancelled one");
        assertEquals(0, t.waiting());
        // a caller that now arrives with a prompt deadline is served within it
        now.addAndGet(500 * MS);
        assertTrue(t.acquire(now.get() + 100 * MS).isDone());
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new Throttle(0, 1, null, () -> 0));
    }
}
