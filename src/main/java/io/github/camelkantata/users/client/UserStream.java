package io.github.camelkantata.users.client;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import org.apache.camel.RuntimeCamelException;

/**
 * A lazy iterator over every user of a list, in API order. Pages are fetched as the iterator advances, with up
 * to {@code window} pages requested ahead, so memory stays proportional to a few pages whatever the account size.
 * <p>
 * Not thread-safe: one reader, like any iterator. A failed page surfaces from {@link #hasNext()} as a
 * {@link RuntimeCamelException} whose cause is the typed {@code KantataUsersException}.
 * <p>
 * A {@link java.io.Closeable}, so Camel's Splitter closes it when it is done or fails, and the producer closes it
 * when the exchange completes; closing cancels the pages requested ahead, which ends their HTTP exchanges. A list
 * longer than {@code maxPages} fails instead of paging on.
 */
public final class UserStream implements Iterator<User>, java.io.Closeable {

    private final KantataUsersClient client;
    private final String operation;
    private final String baseQuery;
    private final int perPage;
    private final int window;
    private final TreeMap<Integer, CompletableFuture<ApiResult<UserPage>>> ahead = new TreeMap<>();
    private final int count;
    private int knownPageCount;
    private int currentPage;
    private int nextToRequest;
    private Iterator<User> current;
    private boolean ended;
    private volatile boolean closed;
    private int attempts;
    private int maxPagesHeld;
    private int pagesFetched;
    private boolean countChanged;

    UserStream(KantataUsersClient client, String operation, String baseQuery, int perPage, int window,
               ApiResult<UserPage> first) {
        this.client = client;
        this.operation = operation;
        this.baseQuery = baseQuery;
        this.perPage = perPage;
        this.window = Math.max(1, window);
        UserPage page = first.value();
        this.count = page.count();
        this.knownPageCount = Math.max(1, page.pageCount());
        this.currentPage = 1;
        this.nextToRequest = 2;
        this.current = page.users().iterator();
        this.attempts = first.attempts();
        this.pagesFetched = 1;
        this.ended = page.users().isEmpty();
        topUp();
    }

    /** @return the API's {@code count} from the first page */
    public int count() {
        return count;
    }

    /** @return the page count known so far */
    public int pageCount() {
        return knownPageCount;
    }

    /** @return attempts made so far, over all pages */
    public int attempts() {
        return attempts;
    }

    /** @return the largest number of pages requested but not yet consumed at any moment (for memory checks) */
    public int maxPagesHeld() {
        return maxPagesHeld;
    }

    /**
     * @return whether a later page gave another {@code count} than the first: the list changed during the walk, so
     *         its pages may have shifted and a user may have been skipped
     */
    public boolean countChanged() {
        return countChanged;
    }

    /** @return how many pages have been read so far */
    public int pagesFetched() {
        return pagesFetched;
    }

    private void topUp() {
        while (!ended && ahead.size() < window && nextToRequest <= knownPageCount && nextToRequest <= client.maxPages()) {
            int n = nextToRequest++;
            ahead.put(n, client.listPage(operation, baseQuery, n, perPage));
        }
        maxPagesHeld = Math.max(maxPagesHeld, ahead.size());
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended || currentPage >= knownPageCount) {
                ended = true;
                return false;
            }
            if (currentPage >= client.maxPages()) {
                close();
                throw new RuntimeCamelException(client.tooManyPages(operation, knownPageCount));
            }
            int n = currentPage + 1;
            CompletableFuture<ApiResult<UserPage>> f = ahead.remove(n);
            if (f == null) {
                f = client.listPage(operation, baseQuery, n, perPage);
                nextToRequest = Math.max(nextToRequest, n + 1);
            }
            ApiResult<UserPage> r;
            try {
                r = Futures.await(f);
            } catch (CompletionException e) {
                close();
                throw new RuntimeCamelException(e.getCause() != null ? e.getCause() : e);
            } catch (java.util.concurrent.CancellationException e) {
                close();
                throw new RuntimeCamelException("page " + n + " was cancelled", e);
            }
            attempts += r.attempts();
            pagesFetched++;
            currentPage = n;
            UserPage page = r.value();
            if (page.count() != count) {
                countChanged = true;
            }
            knownPageCount = Math.max(knownPageCount, page.pageCount());
            if (page.users().isEmpty()) {
                ended = true;
                current = Collections.emptyIterator();
                return false;
            }
            current = page.users().iterator();
            topUp();
        }
        return true;
    }

    @Override
    public User next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    /** @return whether {@link #close()} was called (by the Splitter, the exchange's completion or the reader) */
    public boolean isClosed() {
        return closed;
    }

    /** Stops fetching and ends the iteration; pages already requested are cancelled. */
    @Override
    public void close() {
        closed = true;
        ended = true;
        // without this, hasNext() kept returning the rest of the current page after close()
        current = Collections.emptyIterator();
        for (CompletableFuture<ApiResult<UserPage>> f : ahead.values()) {
            f.cancel(false); // ends the HTTP exchange too (see KantataUsersClient.cancelling)
        }
        ahead.clear();
    }
}
