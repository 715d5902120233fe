package io.github.camelkantata.users.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import org.apache.camel.RuntimeCamelException;

/**
 * A lazy iterator over every user of a list, in API order. Pages are fetched as the iterator advances, with up to
 * {@code window} pages requested ahead, so memory stays proportional to a few pages whatever the account size.
 * <p>
 * One reader, like any iterator; but it may be any thread, at any time: the stream does not belong to the exchange that
 * produced it, so a {@code ProducerTemplate} caller or a {@code wireTap} reads it whole. It stays open until it is read
 * to the end or closed: by its reader ({@link #close()}: Camel's Splitter and try-with-resources do so), by its idle
 * timeout ({@code streamIdleTimeout}: nobody read it for that long), by its owner stopping (the producer or the
 * component), or by a failed page. Closing frees its pages and cancels the pages requested ahead, which ends their HTTP
 * exchanges. Reading a stream closed before its end throws an {@link IllegalStateException} that says why: a closed
 * stream never looks like the end of the list. {@link #close()} may come from any thread while the reader iterates: the
 * page buffer is only changed under a lock, and a reader waiting for a page is woken by the close.
 * <p>
 * A failed page surfaces from {@link #hasNext()} as a {@link RuntimeCamelException} whose cause is the typed
 * {@code KantataUsersException}. A list longer than {@code maxPages} fails instead of paging on.
 */
public final class UserStream implements Iterator<User>, java.io.Closeable, CallGroup.Member {

    private final KantataUsersClient client;
    private final String operation;
    private final String baseQuery;
    private final int perPage;
    private final int window;
    private final int count;
    /** 0: read by its owner's own thread (the consumer), no timer and no group */
    private final long idleTimeoutMillis;
    private final Object lock = new Object();
    // guarded by lock
    private final TreeMap<Integer, CompletableFuture<ApiResult<UserPage>>> ahead = new TreeMap<>();
    private CompletableFuture<ApiResult<UserPage>> awaited;
    private int knownPageCount;
    private int currentPage;
    private int nextToRequest;
    private Iterator<User> current;
    private boolean ended;
    private String closedBecause;
    private int attempts;
    private int maxPagesHeld;
    private int pagesFetched;
    private boolean countChanged;
    private long delivered;
    private ScheduledFuture<?> idleTimer;
    private long lastRead = System.nanoTime();
    private volatile boolean closed;

    UserStream(KantataUsersClient client, String operation, String baseQuery, int perPage, int window,
               ApiResult<UserPage> first) {
        this(client, operation, baseQuery, perPage, window, first, 0);
    }

    UserStream(KantataUsersClient client, String operation, String baseQuery, int perPage, int window,
               ApiResult<UserPage> first, long idleTimeoutMillis) {
        this.client = client;
        this.operation = operation;
        this.baseQuery = baseQuery;
        this.perPage = perPage;
        this.window = Math.max(1, window);
        this.idleTimeoutMillis = Math.max(0, idleTimeoutMillis);
        UserPage page = first.value();
        this.count = page.count();
        this.knownPageCount = Math.max(1, page.pageCount());
        this.currentPage = 1;
        this.nextToRequest = 2;
        this.current = page.users().iterator();
        this.attempts = first.attempts();
        this.pagesFetched = 1;
        this.ended = page.users().isEmpty();
        synchronized (lock) {
            topUp();
            if (this.idleTimeoutMillis > 0 && !ended) {
                CallGroup group = client.caller().group();
                if (!group.add(this)) {
                    closeLocked("because " + group.closedBecause(), new ArrayList<>()).forEach(f -> f.cancel(false));
                    return;
                }
                idleTimer = client.caller().later(this::idleCheck, this.idleTimeoutMillis);
            }
        }
    }

    /** @return the API's {@code count} from the first page */
    public int count() {
        return count;
    }

    /** @return the page count known so far */
    public int pageCount() {
        synchronized (lock) {
            return knownPageCount;
        }
    }

    /** @return attempts made so far, over all pages */
    public int attempts() {
        synchronized (lock) {
            return attempts;
        }
    }

    /** @return the largest number of pages requested but not yet consumed at any moment (for memory checks) */
    public int maxPagesHeld() {
        synchronized (lock) {
            return maxPagesHeld;
        }
    }

    /**
     * @return the pages this stream holds now: requested ahead or awaited, plus the page being read if it has users
     *         left; 0 once it is closed or read to the end
     */
    public int pagesHeld() {
        synchronized (lock) {
            return ahead.size() + (awaited != null ? 1 : 0) + (current.hasNext() ? 1 : 0);
        }
    }

    /**
     * @return whether a later page gave another {@code count} than the first: the list changed during the walk, so its
     *         pages may have shifted and a user may have been skipped
     */
    public boolean countChanged() {
        return countChanged;
    }

    /** @return how many pages have been read so far */
    public int pagesFetched() {
        synchronized (lock) {
            return pagesFetched;
        }
    }

    private void topUp() {
        while (!ended && closedBecause == null && ahead.size() < window && nextToRequest <= knownPageCount
                && nextToRequest <= client.maxPages()) {
            int n = nextToRequest++;
            ahead.put(n, client.listPage(operation, baseQuery, n, perPage));
        }
        maxPagesHeld = Math.max(maxPagesHeld, ahead.size());
    }

    @Override
    public boolean hasNext() {
        while (true) {
            CompletableFuture<ApiResult<UserPage>> f;
            int n;
            synchronized (lock) {
                lastRead = System.nanoTime();
                checkOpen();
                if (current.hasNext()) {
                    return true;
                }
                if (ended || currentPage >= knownPageCount) {
                    finishLocked();
                    return false;
                }
                if (currentPage >= client.maxPages()) {
                    Exception e = client.tooManyPages(operation, knownPageCount);
                    fail("because " + e.getMessage());
                    throw new RuntimeCamelException(e);
                }
                n = currentPage + 1;
                f = ahead.remove(n);
                if (f == null) {
                    f = client.listPage(operation, baseQuery, n, perPage);
                    nextToRequest = Math.max(nextToRequest, n + 1);
                }
                awaited = f;
            }
            ApiResult<UserPage> r;
            try {
                r = Futures.await(f);
            } catch (CompletionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                synchronized (lock) {
                    awaited = null;
                    checkOpen();
                }
                fail("because page " + n + " failed: " + cause.getMessage());
                throw new RuntimeCamelException(cause);
            } catch (java.util.concurrent.CancellationException e) {
                synchronized (lock) {
                    awaited = null;
                    checkOpen(); // cancelled by a close: that close's reason, not a cancellation
                }
                fail("because page " + n + " was cancelled");
                throw new RuntimeCamelException("page " + n + " was cancelled", e);
            }
            synchronized (lock) {
                awaited = null;
                lastRead = System.nanoTime();
                checkOpen();
                attempts += r.attempts();
                pagesFetched++;
                currentPage = n;
                UserPage page = r.value();
                if (page.count() != count) {
                    countChanged = true;
                }
                knownPageCount = Math.max(knownPageCount, page.pageCount());
                if (page.users().isEmpty()) {
                    current = Collections.emptyIterator();
                    finishLocked();
                    return false;
                }
                current = page.users().iterator();
                topUp();
            }
        }
    }

    @Override
    public User next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        synchronized (lock) {
            checkOpen(); // a close between hasNext() and here
            delivered++;
            return current.next();
        }
    }

    /**
     * @return whether the stream was closed (by its reader, the Splitter, its idle timeout, its owner's stop or a
     *         failed page)
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops fetching, frees the pages held and cancels the pages requested ahead. A later read throws an
     * {@link IllegalStateException}, unless the stream had already been read to the end. Safe from any thread.
     */
    @Override
    public void close() {
        closed = true;
        cancelAll(closeBecause("by its reader"));
    }

    /** Its owner (the producer, the component) stopped: see {@link CallGroup#close(String)}. */
    @Override
    public void stop(String why) {
        closed = true;
        cancelAll(closeBecause("because " + why));
    }

    private void idleCheck() {
        List<CompletableFuture<?>> cancel = new ArrayList<>();
        synchronized (lock) {
            if (ended || closedBecause != null) {
                return;
            }
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRead);
            if (awaited == null && idle >= idleTimeoutMillis) {
                closed = true;
                closeLocked("after " + idle + " ms unread (streamIdleTimeout=" + idleTimeoutMillis + " ms)", cancel);
            } else {
                // a reader waiting for a page is not idle
                idleTimer = client.caller().later(this::idleCheck,
                        awaited != null ? idleTimeoutMillis : Math.max(1, idleTimeoutMillis - idle));
            }
        }
        cancelAll(cancel);
    }

    private void fail(String reason) {
        closed = true;
        cancelAll(closeBecause(reason));
    }

    private List<CompletableFuture<?>> closeBecause(String reason) {
        List<CompletableFuture<?>> cancel = new ArrayList<>();
        synchronized (lock) {
            closeLocked(reason, cancel);
        }
        return cancel;
    }

    /** Frees the pages; the futures to cancel are returned, to be cancelled outside the lock. */
    private List<CompletableFuture<?>> closeLocked(String reason, List<CompletableFuture<?>> cancel) {
        if (closedBecause == null && !ended) {
            closedBecause = reason;
        }
        current = Collections.emptyIterator();
        release(cancel);
        return cancel;
    }

    /** Read to the end: nothing more to fetch, and nothing to throw. */
    private void finishLocked() {
        ended = true;
        List<CompletableFuture<?>> cancel = new ArrayList<>();
        release(cancel);
        // pages past the end (a page_count that shrank) are not awaited by anyone; cancelling them under the lock is
        // safe: their dependents do not call back into this stream
        cancel.forEach(f -> f.cancel(false));
    }

    private void release(List<CompletableFuture<?>> cancel) {
        cancel.addAll(ahead.values());
        ahead.clear();
        if (awaited != null) {
            cancel.add(awaited); // wakes the reader, which then throws the close's reason
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
        if (idleTimeoutMillis > 0) {
            client.caller().group().remove(this);
        }
    }

    private static void cancelAll(List<CompletableFuture<?>> futures) {
        for (CompletableFuture<?> f : futures) {
            f.cancel(false); // ends the HTTP exchange too (see KantataUsersClient.cancelling)
        }
    }

    private void checkOpen() {
        if (closedBecause != null) {
            throw new IllegalStateException(
                    "This kantata-users StreamList was closed " + closedBecause + ", after "
                                            + delivered + " of " + count + " users: the rest of the list was not read. "
                                            + "A StreamList is read to its end, or closed by its reader once done");
        }
    }
}
