package io.github.camelkantata.users.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FIFO deadline queue that replaced one scheduler task per call: what fires, what does not, what it holds. */
class DeadlinesTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void liveEntriesExpireInOrderAndCancelledOnesNever() throws Exception {
        Deadlines d = new Deadlines(scheduler);
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        long now = System.nanoTime();
        Deadlines.Entry[] e = new Deadlines.Entry[5];
        for (int i = 0; i < 5; i++) {
            int n = i;
            e[i] = d.add(now + TimeUnit.MILLISECONDS.toNanos(20 + 10L * i), () -> {
                fired.add(n);
                if (n == 4) {
                    last.countDown();
                }
            });
        }
        e[0].cancel(); // the head ended: the timer armed for it must still reach the others
        e[2].cancel();
        assertTrue(last.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 3, 4), fired);
        Thread.sleep(50);
        assertEquals(List.of(1, 3, 4), fired, "nothing fires twice or late");
    }

    @Test
    void anEntryAddedAfterTheQueueEmptiedStillFires() throws Exception {
        Deadlines d = new Deadlines(scheduler);
        CountDownLatch first = new CountDownLatch(1);
        d.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5), first::countDown);
        assertTrue(first.await(5, TimeUnit.SECONDS));
        CountDownLatch second = new CountDownLatch(1);
        d.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5), second::countDown);
        assertTrue(second.await(5, TimeUnit.SECONDS));
    }

    @Test
    void endedEntriesDoNotAccumulateBehindALongCall() {
        Deadlines d = new Deadlines(scheduler);
        long far = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        d.add(far, () -> {
        }); // one call that stays in flight at the head
        for (int i = 0; i < 100_000; i++) {
            d.add(far + i, () -> {
            }).cancel(); // calls that end at once behind it
        }
        assertTrue(d.size() <= 2048, "queue holds " + d.size() + " entries");
    }

    @Test
    void sequentialCallsKeepTheQueueAtOne() {
        Deadlines d = new Deadlines(scheduler);
        long far = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        for (int i = 0; i < 10_000; i++) {
            d.add(far + i, () -> {
            }).cancel();
        }
        assertTrue(d.size() <= 1, "queue holds " + d.size() + " entries");
    }

    @Test
    void closeLeavesNoTimerThatWouldKeepTheSchedulerThreadAlive() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor stpe = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        Deadlines d = new Deadlines(stpe);
        d.add(System.nanoTime() + TimeUnit.HOURS.toNanos(1), () -> {
        }).cancel();
        d.close();
        stpe.shutdown();
        assertTrue(stpe.awaitTermination(5, TimeUnit.SECONDS), "the scheduler ended at once");
        CountDownLatch fired = new CountDownLatch(1);
        Deadlines again = new Deadlines(scheduler);
        again.add(System.nanoTime(), () -> {
        });
        again.close();
        again.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5), fired::countDown);
        assertTrue(fired.await(5, TimeUnit.SECONDS), "usable again after a close");
    }
}
