package io.github.camelkantata.users.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The GCRA schedule, on a fake clock: which requests go at once and how long the others wait. */
class ThrottleTest {

    private static final long MS = 1_000_000L;

    @Test
    void burstGoesAtOnceThenOneSlotPerInterval() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        Throttle t = new Throttle(10, 3, null, now::get); // 100 ms interval, burst 3
        assertEquals(0, t.reserve());
        assertEquals(0, t.reserve());
        assertEquals(0, t.reserve());
        assertEquals(100 * MS, t.reserve());
        assertEquals(200 * MS, t.reserve());
        // a quiet second refills the burst
        now.addAndGet(1_000 * MS);
        assertEquals(0, t.reserve());
        assertEquals(0, t.reserve());
        assertEquals(0, t.reserve());
        assertEquals(100 * MS, t.reserve());
    }

    @Test
    void steadyRateAtTheLimitNeverWaits() {
        AtomicLong now = new AtomicLong(0);
        Throttle t = new Throttle(5, 1, null, now::get); // 200 ms interval, no burst
        for (int i = 0; i < 20; i++) {
            assertEquals(0, t.reserve(), "request " + i);
            now.addAndGet(200 * MS);
        }
    }

    @Test
    void waitsGrowLinearlyUnderOverload() {
        AtomicLong now = new AtomicLong(0);
        Throttle t = new Throttle(2, 1, null, now::get); // 500 ms interval
        for (int i = 0; i < 10; i++) {
            assertEquals(i * 500 * MS, t.reserve(), "request " + i);
        }
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new Throttle(0, 1, null, () -> 0));
    }
}
