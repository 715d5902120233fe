package io.github.camelkantata.users.client;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.github.camelkantata.users.model.UserPage;

/**
 * Fetches every page of a list: page 1 first, then, once {@code page_count} is known, up to {@code concurrency} pages
 * at once. Pages are reassembled in page order, so the users come out in the API's order whatever order the responses
 * arrive in. A later page that reports a larger {@code page_count} (users added meanwhile) extends the walk, up to
 * {@code maxPages}; an empty page ends it. Whatever happens in a page's handling, the walk's future ends: a failure
 * fails it, and no page is requested after it ended.
 */
final class PageWalker {

    private final KantataUsersClient client;
    private final String operation;
    private final String baseQuery;
    private final int perPage;
    private final int concurrency;
    private final int maxPages;
    private final CompletableFuture<ApiResult<UserPage>> result = new CompletableFuture<>();
    private final TreeMap<Integer, UserPage> pages = new TreeMap<>();
    private int knownPageCount = 1;
    private int lastPage = Integer.MAX_VALUE;
    private int next = 1;
    private int inFlight;
    private int attempts = 1; // 1 + retries over all pages, so that attempts - 1 is the retry count
    private String requestId;
    private final long started = System.nanoTime();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PageWalker.class);

    PageWalker(KantataUsersClient client, String operation, String baseQuery, int perPage, int concurrency, int maxPages) {
        this.client = client;
        this.maxPages = maxPages;
        this.operation = operation;
        this.baseQuery = baseQuery;
        this.perPage = perPage;
        this.concurrency = Math.max(1, concurrency);
    }

    CompletableFuture<ApiResult<UserPage>> all() {
        synchronized (this) {
            next = 2;
            inFlight = 1;
        }
        fetch(1);
        return result;
    }

    private void fetch(int page) {
        try {
            client.listPage(operation, baseQuery, page, perPage).whenComplete((r, e) -> {
                try {
                    onPage(page, r, e);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    private void onPage(int page, ApiResult<UserPage> r, Throwable e) {
        List<Integer> toFetch = new ArrayList<>();
        boolean done;
        synchronized (this) {
            inFlight--;
            if (result.isDone()) {
                return;
            }
            if (e != null) {
                result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                return;
            }
            attempts += r.attempts() - 1;
            requestId = r.requestId();
            UserPage p = r.value();
            pages.put(page, p);
            knownPageCount = Math.max(knownPageCount, p.pageCount());
            if (knownPageCount > maxPages) {
                result.completeExceptionally(client.tooManyPages(operation, knownPageCount));
                pages.clear();
                return;
            }
            if (p.users().isEmpty()) {
                lastPage = Math.min(lastPage, page);
            }
            while (inFlight < concurrency && next <= knownPageCount && next < lastPage) {
                toFetch.add(next++);
                inFlight++;
            }
            done = inFlight == 0;
        }
        if (done) {
            List<UserPage> ordered = new ArrayList<>();
            synchronized (this) {
                for (var entry : pages.entrySet()) {
                    if (entry.getKey() <= lastPage) {
                        ordered.add(entry.getValue());
                    }
                }
            }
            UserPage all = KantataUsersClient.concat(ordered);
            if (ordered.size() > 1) {
                LOG.info("kantata-users {}: {} users in {} pages, {} retries, {} ms", operation, all.users().size(),
                        ordered.size(), attempts - 1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
            result.complete(new ApiResult<>(all, attempts, requestId, 200));
            return;
        }
        for (int n : toFetch) {
            fetch(n);
        }
    }
}
