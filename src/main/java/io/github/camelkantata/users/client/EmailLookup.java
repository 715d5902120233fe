package io.github.camelkantata.users.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.model.User;

/**
 * Finds users by e-mail address in bulk: {@code GET /users?by_email_addresses=a,b,c}, split into requests of at most
 * {@value #MAX_PER_REQUEST} addresses (the API's limit) whose query stays within a length any proxy accepts, sent a few
 * at a time.
 * <p>
 * Addresses are matched case-insensitively, as the API matches them: the caller gives them already trimmed and
 * lower-cased, once each.
 */
public final class EmailLookup {

    /** The API's limit of addresses in one {@code by_email_addresses} value. */
    public static final int MAX_PER_REQUEST = 200;

    private EmailLookup() {
    }

    /**
     * Splits the addresses into {@code by_email_addresses} values, in order.
     *
     * @param  addresses     distinct, lower-cased addresses
     * @param  maxValueChars the most characters one encoded value may take (at least one address always goes)
     * @return               the encoded values, one per request
     */
    static List<String> chunks(List<String> addresses, int maxValueChars) {
        List<String> chunks = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        int inChunk = 0;
        for (String address : addresses) {
            String encoded = QueryString.encode(address);
            int needed = encoded.length() + (inChunk == 0 ? 0 : 1);
            if (inChunk > 0 && (inChunk == MAX_PER_REQUEST || value.length() + needed > maxValueChars)) {
                chunks.add(value.toString());
                value.setLength(0);
                inChunk = 0;
            }
            if (inChunk > 0) {
                value.append(',');
            }
            value.append(encoded);
            inChunk++;
        }
        if (inChunk > 0) {
            chunks.add(value.toString());
        }
        return chunks;
    }

    /**
     * Looks the addresses up.
     *
     * @param  client        the client
     * @param  addresses     distinct, lower-cased addresses; empty sends nothing
     * @param  baseQuery     every other list parameter (filters, include), encoded; may be empty
     * @param  maxQueryChars the most characters the whole query of one request may take
     * @param  concurrency   requests in flight at once, at least 1
     * @return               the users found, by lower-cased address, with the attempts of every request summed
     */
    public static CompletableFuture<ApiResult<Map<String, User>>> lookup(
            KantataUsersClient client, List<String> addresses, String baseQuery, int maxQueryChars, int concurrency) {
        if (addresses.isEmpty()) {
            return CompletableFuture.completedFuture(new ApiResult<>(Map.of(), 0, null, 200));
        }
        String prefix = QueryString.join(baseQuery, "by_email_addresses=");
        // the walk appends &page=N&per_page=200
        int budget = maxQueryChars - prefix.length() - "&page=1&per_page=200".length();
        List<String> chunks = chunks(addresses, Math.max(budget, 1));
        Map<String, User> found = new HashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<ApiResult<Map<String, User>>> all = new CompletableFuture<>();
        Runner runner = new Runner(client, prefix, chunks, found, attempts, all);
        for (int i = 0; i < Math.min(concurrency, chunks.size()); i++) {
            runner.next();
        }
        return all;
    }

    /** Keeps {@code concurrency} requests in flight: each one that ends starts the next chunk. */
    private static final class Runner {
        private final KantataUsersClient client;
        private final String prefix;
        private final List<String> chunks;
        private final Map<String, User> found;
        private final AtomicInteger attempts;
        private final CompletableFuture<ApiResult<Map<String, User>>> all;
        private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
        private int nextChunk;
        private int done;
        private String requestId;

        Runner(KantataUsersClient client, String prefix, List<String> chunks, Map<String, User> found, AtomicInteger attempts,
               CompletableFuture<ApiResult<Map<String, User>>> all) {
            this.client = client;
            this.prefix = prefix;
            this.chunks = chunks;
            this.found = found;
            this.attempts = attempts;
            this.all = all;
            // a failed or cancelled lookup ends the requests still in flight
            all.whenComplete((r, e) -> {
                if (e != null) {
                    cancelAll();
                }
            });
        }

        void next() {
            String chunk;
            synchronized (this) {
                if (all.isDone() || nextChunk == chunks.size()) {
                    return;
                }
                chunk = chunks.get(nextChunk++);
            }
            CompletableFuture<ApiResult<io.github.camelkantata.users.model.UserPage>> call;
            try {
                call = client.listAll("lookup", prefix + chunk, MAX_PER_REQUEST, 1);
            } catch (RuntimeException e) {
                all.completeExceptionally(e);
                return;
            }
            synchronized (this) {
                inFlight.add(call);
            }
            call.whenComplete((r, e) -> {
                if (e != null) {
                    all.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                    return;
                }
                boolean last;
                synchronized (this) {
                    inFlight.remove(call);
                    for (User u : r.value().users()) {
                        if (u.getEmailAddress() != null) {
                            found.putIfAbsent(u.getEmailAddress().trim().toLowerCase(Locale.ROOT), u);
                        }
                    }
                    attempts.addAndGet(r.attempts());
                    if (r.requestId() != null) {
                        requestId = r.requestId();
                    }
                    last = ++done == chunks.size();
                }
                if (last) {
                    all.complete(new ApiResult<>(found, attempts.get(), requestId, 200));
                } else {
                    next();
                }
            });
        }

        private void cancelAll() {
            List<CompletableFuture<?>> calls;
            synchronized (this) {
                calls = new ArrayList<>(inFlight);
                inFlight.clear();
            }
            calls.forEach(c -> c.cancel(false));
        }
    }
}
