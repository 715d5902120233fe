package io.github.camelkantata.users.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelkantata.users.model.Capacity;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;

/**
 * The Kantata OX Users API, without Camel: one method per API operation, each returning a future.
 * <p>
 * Requests go through an {@link ApiCaller} (throttle, retries, deadline, typed errors) and responses are read by the
 * {@link EnvelopeReader}. Paths and query strings are built once per call; the base query of a list is built by the
 * caller once and reused for every page.
 */
public final class KantataUsersClient {

    /**
     * The multipart part name Kantata expects for a profile photo (Rails nesting of
     * user.profile_photo_attachment_file).
     */
    public static final String PHOTO_PART = "user[profile_photo_attachment_file]";

    private final ApiCaller caller;
    private final int maxPages;
    private volatile boolean sourceDigests;
    private volatile PageHook pageHook;

    /** @param caller sends requests */
    public KantataUsersClient(ApiCaller caller) {
        this(caller, io.github.camelkantata.users.KantataUsersConfiguration.DEFAULT_MAX_PAGES);
    }

    /**
     * @param caller   sends requests
     * @param maxPages the most pages one list reads
     */
    public KantataUsersClient(ApiCaller caller, int maxPages) {
        this.caller = caller;
        this.maxPages = maxPages;
    }

    /**
     * The same client for another owner, whose calls end when that owner stops (see {@link CallGroup}).
     *
     * @param  group the owner's calls
     * @return       a client sharing everything but the group; digests off
     */
    public KantataUsersClient inGroup(CallGroup group) {
        return new KantataUsersClient(caller.inGroup(group), maxPages);
    }

    /**
     * The same client on the calling thread (the {@code synchronous} option, see {@link ApiCaller#blocking()}): each
     * call returns when it has ended, and a 2xx body is parsed from the connection as it arrives. Lists of every page
     * stay on the async client, which keeps several pages in flight.
     *
     * @return a client sharing everything with this one, blocking
     */
    public KantataUsersClient blocking() {
        return new KantataUsersClient(caller.blocking(), maxPages);
    }

    /** @return the most pages one list reads */
    public int maxPages() {
        return maxPages;
    }

    /**
     * Makes list calls digest each object's raw JSON while parsing
     * ({@link io.github.camelkantata.users.model.KantataObject#getSourceDigest()}), which the consumer's change
     * detection uses; off by default, so that plain producer calls do not pay for it.
     *
     * @param sourceDigests whether list responses are digested
     */
    public void setSourceDigests(boolean sourceDigests) {
        this.sourceDigests = sourceDigests;
    }

    /**
     * Work to do on each page of a list as soon as it is parsed, on the thread that parsed it, before whoever waits for
     * the page sees it. The consumer compares pages with its state here, so that the comparison runs while later pages
     * are still being fetched instead of after them on the consumer's thread.
     */
    public interface PageHook {

        /**
         * Asked before each page is read.
         *
         * @return true to have the page scanned ({@link EnvelopeReader#scanUsers}) rather than read whole: its users
         *         are then placeholders, and {@link #accept} must read whole, through the {@link ScannedPage}, every
         *         user that goes on to a route
         */
        boolean scan();

        /**
         * @param  page                              the page as read
         * @param  scanned                           the scanned page when {@link #scan()} said so, else null
         * @return                                   the page to deliver: {@code page}, or the same page with some
         *                                           placeholders replaced by users read whole
         * @throws EnvelopeReader.MalformedException when a user cannot be read whole: the page fails as a body that
         *                                           cannot be parsed fails
         */
        UserPage accept(UserPage page, ScannedPage scanned) throws EnvelopeReader.MalformedException;
    }

    /**
     * Sets the {@link PageHook}. A hook that throws anything but a {@link EnvelopeReader.MalformedException} is
     * ignored: the page is delivered read whole, and its reader does the work itself.
     *
     * @param pageHook the hook, or null for none
     */
    public void setPageHook(PageHook pageHook) {
        this.pageHook = pageHook;
    }

    /** Runs the hook on a page; a hook that fails unexpectedly gets the page read whole. */
    private static UserPage hooked(PageHook hook, UserPage page, ScannedPage scanned) throws EnvelopeReader.MalformedException {
        try {
            return hook.accept(page, scanned);
        } catch (RuntimeException e) {
            return scanned == null ? page : scanned.readWhole();
        }
    }

    /** @return the caller this client sends through */
    public ApiCaller caller() {
        return caller;
    }

    /**
     * {@code GET /users}, one page.
     *
     * @param  baseQuery the filters as an encoded query string (may be empty)
     * @param  page      the page number, from 1
     * @param  perPage   the page size, 1..200
     * @return           the page
     */
    public CompletableFuture<ApiResult<UserPage>> listPage(String operation, String baseQuery, int page, int perPage) {
        String query = QueryString.join(baseQuery, "page=" + page + "&per_page=" + perPage);
        ApiRequest request = new ApiRequest(operation, "GET", "/users", query, null, null);
        boolean digests = sourceDigests;
        PageHook hook = pageHook;
        if (hook != null && hook.scan()) {
            // scanned, and the hook's reading of whole users inside the reader: a user that cannot be bound fails the
            // page as an unparsable body does, with the same error and excerpt
            CompletableFuture<ApiResult<ApiResponse>> call = caller.call(request);
            caller.metrics().page(operation);
            return cancelling(call, call.thenApply(r -> read(request, r, b -> {
                ScannedPage scanned = EnvelopeReader.scanUsers(b);
                return hooked(hook, scanned.page(), scanned);
            }, null)).thenApply(r -> r.with(withPageCount(r.value(), perPage))));
        }
        // digests need the body's bytes, so only a plain page is parsed from a stream
        BodyReader stream = digests ? null : in -> EnvelopeReader.readUsers(in, true);
        CompletableFuture<ApiResult<ApiResponse>> call = caller.call(request, stream);
        caller.metrics().page(operation);
        return cancelling(call, call.thenApply(r -> read(request, r, b -> EnvelopeReader.readUsers(b, digests), stream))
                .thenApply(r -> {
                    UserPage p = withPageCount(r.value(), perPage);
                    if (hook != null) {
                        try {
                            p = hooked(hook, p, null);
                        } catch (EnvelopeReader.MalformedException cannot) {
                            // only a scanned page has users to read whole
                        }
                    }
                    return r.with(p);
                }));
    }

    /**
     * @return {@code dependent}, whose cancellation also cancels {@code call}: a reader that gives up on a page (a
     *         closed stream, an ended walk) ends the HTTP exchange and frees its connection and throttle place
     */
    static <T> CompletableFuture<T> cancelling(CompletableFuture<?> call, CompletableFuture<T> dependent) {
        dependent.whenComplete((r, e) -> {
            if (dependent.isCancelled()) {
                call.cancel(false);
            }
        });
        return dependent;
    }

    /**
     * The error for a list longer than {@code maxPages}.
     *
     * @param  operation the operation
     * @param  pages     the page count the API reported
     * @return           a {@code KantataLimitExceededException}
     */
    io.github.camelkantata.users.KantataUsersException tooManyPages(String operation, int pages) {
        return caller.errors().limit(new ApiRequest(operation, "GET", "/users", null, null, null), 200, 1,
                "the list has " + pages + " pages, more than maxPages (" + maxPages
                                                                                                           + "): narrow the filters or raise maxPages");
    }

    /**
     * The page count a walk can rely on. Kantata documents {@code meta.page_count}, but also says to keep paging while
     * {@code count} exceeds what was read; a response without {@code meta} (a proxy, an older API version) must not end
     * a walk after page 1, so the count implied by {@code count} and the page size wins when larger.
     */
    static UserPage withPageCount(UserPage page, int requestedPerPage) {
        int size = page.pageSize() > 0 ? page.pageSize() : requestedPerPage;
        int implied = size > 0 ? (int) ((page.count() + (long) size - 1) / size) : 0;
        if (implied <= page.pageCount()) {
            return page;
        }
        return new UserPage(page.users(), page.count(), implied, page.pageNumber(), page.pageSize());
    }

    /**
     * {@code GET /users}, every page, in API order. After the first page tells the page count, up to
     * {@code concurrency} pages are in flight at once; the result keeps the order of the pages and of {@code results}
     * within each.
     *
     * @param  baseQuery   the filters as an encoded query string (may be empty)
     * @param  perPage     the page size, 1..200
     * @param  concurrency pages in flight at once, at least 1
     * @return             all users, with the count of the last page read and the total attempts in
     *                     {@link ApiResult#attempts()}
     */
    public CompletableFuture<ApiResult<UserPage>> listAll(String operation, String baseQuery, int perPage, int concurrency) {
        PageWalker walker = new PageWalker(this, operation, baseQuery, perPage, concurrency, maxPages);
        return walker.all();
    }

    /**
     * {@code GET /users}, every page, lazily: the future completes once the first page has arrived, and the
     * {@link UserStream} fetches the rest as it is iterated, {@code window} pages ahead.
     *
     * @param  baseQuery the filters as an encoded query string (may be empty)
     * @param  perPage   the page size, 1..200
     * @param  window    pages requested ahead of the reader
     * @return           the stream
     */
    public CompletableFuture<ApiResult<UserStream>> streamAll(String operation, String baseQuery, int perPage, int window) {
        return streamAll(operation, baseQuery, perPage, window, 0);
    }

    /**
     * {@link #streamAll(String, String, int, int)} for a stream handed to someone else (the producer's body): it closes
     * itself after {@code idleTimeoutMillis} unread, and when this client's {@link CallGroup} closes.
     *
     * @param  idleTimeoutMillis how long the stream may go unread before it closes itself; 0 for never (a stream its
     *                           owner reads on its own thread and closes itself)
     * @return                   the stream
     */
    public CompletableFuture<ApiResult<UserStream>> streamAll(
            String operation, String baseQuery, int perPage, int window,
            long idleTimeoutMillis) {
        CompletableFuture<ApiResult<UserPage>> first = listPage(operation, baseQuery, 1, perPage);
        return cancelling(first, first.thenApply(r -> {
            if (r.value().pageCount() > maxPages) {
                throw new CompletionException(tooManyPages(operation, r.value().pageCount()));
            }
            return r.with(new UserStream(this, operation, baseQuery, perPage, window, r, idleTimeoutMillis));
        }));
    }

    /**
     * {@code GET /users/me}.
     *
     * @param  query {@code include}/{@code optional_fields} as an encoded query string (may be empty)
     * @return       the token owner
     */
    public CompletableFuture<ApiResult<User>> me(String query) {
        ApiRequest request = new ApiRequest("me", "GET", "/users/me", query, null, null);
        return caller.call(request, EnvelopeReader::readSingleUser)
                .thenApply(r -> read(request, r, EnvelopeReader::readSingleUser, EnvelopeReader::readSingleUser));
    }

    /**
     * {@code GET /users/{id}}.
     *
     * @param  id    a numeric user id
     * @param  query {@code include}/{@code optional_fields} as an encoded query string (may be empty)
     * @return       the user
     */
    public CompletableFuture<ApiResult<User>> get(String id, String query) {
        return get("get", id, query);
    }

    private CompletableFuture<ApiResult<User>> get(String operation, String id, String query) {
        ApiRequest request = new ApiRequest(operation, "GET", "/users/" + id, query, null, null);
        return caller.call(request, EnvelopeReader::readSingleUser)
                .thenApply(r -> read(request, r, EnvelopeReader::readSingleUser, EnvelopeReader::readSingleUser));
    }

    /**
     * {@code PUT /users/{id}} with body {@code {"user":{...}}}.
     *
     * @param  id     a numeric user id
     * @param  fields the fields to change, by Kantata name
     * @param  query  {@code include}/{@code optional_fields} as an encoded query string (may be empty)
     * @return        the updated user
     */
    public CompletableFuture<ApiResult<User>> update(String id, Map<String, Object> fields, String query) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(Collections.singletonMap("user", fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ApiRequest request = new ApiRequest("update", "PUT", "/users/" + id, query, body, "application/json; charset=UTF-8");
        return caller.call(request, EnvelopeReader::readSingleUser)
                .thenApply(r -> read(request, r, EnvelopeReader::readSingleUser, EnvelopeReader::readSingleUser));
    }

    /**
     * What an update that writes only what changed did.
     *
     * @param user    the user after the call: as read when nothing changed, as the PUT returned it otherwise
     * @param updated whether a PUT was sent
     * @param written the fields the PUT sent (empty when none was sent)
     */
    public record UpdateOutcome(User user, boolean updated, java.util.Set<String> written) {
    }

    /**
     * {@code GET /users/{id}}, then {@code PUT /users/{id}} with only the fields whose value differs, or no PUT when
     * none does (see {@link UpdateDiff}). A change made by someone else between the two calls is overwritten only in
     * the fields this update sends.
     *
     * @param  id     a numeric user id
     * @param  fields the fields to set, by Kantata name
     * @param  query  {@code include}/{@code optional_fields} as an encoded query string (may be empty)
     * @return        the outcome, with the attempts of both calls summed
     */
    public CompletableFuture<ApiResult<UpdateOutcome>> updateIfChanged(String id, Map<String, Object> fields, String query) {
        // the current external reference is only in the response when it is side-loaded
        String readQuery = fields.containsKey("external_reference") ? withInclude(query, "external_references") : query;
        CompletableFuture<ApiResult<User>> read = get("update", id, readQuery);
        return cancelling(read, read.thenCompose(current -> {
            Map<String, Object> changed = UpdateDiff.changed(current.value(), fields);
            if (changed.isEmpty()) {
                return CompletableFuture
                        .completedFuture(current.with(new UpdateOutcome(current.value(), false, java.util.Set.of())));
            }
            return update(id, changed, query).thenApply(written -> new ApiResult<>(
                    new UpdateOutcome(written.value(), true, java.util.Collections.unmodifiableSet(changed.keySet())),
                    current.attempts() + written.attempts(), written.requestId(), written.status()));
        }));
    }

    /** @return the query with {@code association} added to its {@code include} list (or a new include) */
    static String withInclude(String query, String association) {
        if (query == null || query.isEmpty()) {
            return "include=" + association;
        }
        StringBuilder sb = new StringBuilder();
        boolean added = false;
        for (String part : query.split("&")) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            if (part.startsWith("include=")) {
                java.util.List<String> names = java.util.Arrays.asList(part.substring("include=".length()).split(","));
                sb.append(part);
                if (!names.contains(association)) {
                    sb.append(',').append(association);
                }
                added = true;
            } else {
                sb.append(part);
            }
        }
        return added ? sb.toString() : sb.append("&include=").append(association).toString();
    }

    /**
     * {@code GET /users/{id}/capacity?start_date&end_date}.
     *
     * @param  id    a numeric user id
     * @param  start the first date
     * @param  end   the last date
     * @return       the capacity per day
     */
    public CompletableFuture<ApiResult<Capacity>> capacity(String id, LocalDate start, LocalDate end) {
        ApiRequest request = new ApiRequest(
                "capacity", "GET", "/users/" + id + "/capacity",
                "start_date=" + start + "&end_date=" + end, null, null);
        BodyReader stream = in -> EnvelopeReader.readCapacity(id, in);
        return caller.call(request, stream).thenApply(r -> read(request, r, b -> EnvelopeReader.readCapacity(id, b), stream));
    }

    /**
     * {@code POST /users/{id}/profile_photo}, multipart with one part {@value #PHOTO_PART}. The image is streamed: from
     * its array or buffer as it is, or from disk in small chunks, never assembled with the multipart framing.
     *
     * @param  id           a numeric user id
     * @param  image        the image, in parts: each a {@code byte[]}, a {@link java.nio.ByteBuffer} or a
     *                      {@link java.nio.file.Path}
     * @param  fileName     the file name sent with the part
     * @param  contentType  the image's content type, e.g. {@code image/png}
     * @param  query        {@code include}/{@code optional_fields} as an encoded query string (may be empty)
     * @param  startedNanos when the call began ({@link System#nanoTime()}), so that reading the image counted against
     *                      its deadline
     * @return              the updated user
     */
    public CompletableFuture<ApiResult<User>> uploadPhoto(
            String id, List<Object> image, String fileName,
            String contentType, String query, long startedNanos) {
        String boundary = "kantata-" + java.util.UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + PHOTO_PART + "\"; filename=\""
                      + fileName.replace("\"", "%22").replace("\r", "").replace("\n", "") + "\"\r\nContent-Type: "
                      + contentType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        List<Object> all = new ArrayList<>(image.size() + 2);
        all.add(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        all.addAll(image);
        all.add(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        BodyParts parts = new BodyParts("multipart/form-data; boundary=" + boundary, all);
        ApiRequest request = new ApiRequest(
                "photo", "POST", "/users/" + id + "/profile_photo", query, null,
                parts.contentType(), parts);
        return caller.call(request, startedNanos, EnvelopeReader::readSingleUser)
                .thenApply(r -> read(request, r, EnvelopeReader::readSingleUser, EnvelopeReader::readSingleUser));
    }

    /** As {@link #uploadPhoto(String, List, String, String, String, long)}, one array, starting now. */
    public CompletableFuture<ApiResult<User>> uploadPhoto(
            String id, byte[] image, String fileName, String contentType,
            String query) {
        return uploadPhoto(id, List.of(image), fileName, contentType, query, System.nanoTime());
    }

    /**
     * The error for a photo body that could not be read before the call's deadline.
     *
     * @param  id      the user id
     * @param  timeout the callTimeout in ms
     * @param  cause   what the read failed with
     * @return         a typed transport error: nothing was sent
     */
    public io.github.camelkantata.users.KantataUsersException photoReadTimedOut(String id, long timeout, Throwable cause) {
        return caller.errors().transport(new ApiRequest("photo", "POST", "/users/" + id + "/profile_photo", null, null, null),
                0, new java.util.concurrent.TimeoutException(
                        "reading the photo body took longer than the callTimeout of "
                                                             + timeout + " ms; nothing was sent"));
    }

    /**
     * {@code DELETE /users/{id}/profile_photo}.
     *
     * @param  id a numeric user id
     * @return    null with the call facts (status 204)
     */
    public CompletableFuture<ApiResult<Void>> resetPhoto(String id) {
        ApiRequest request = new ApiRequest("photo", "DELETE", "/users/" + id + "/profile_photo", null, null, null);
        return caller.call(request).thenApply(r -> r.with(null));
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(byte[] body) throws EnvelopeReader.MalformedException;
    }

    /**
     * Reads a 2xx body into its value: what the synchronous path already parsed from the connection; a compressed body
     * (the async path hands it on as it came) inflated under {@code maxResponseBytes} while {@code stream} parses it,
     * or inflated whole for {@code reader} when there is no stream reader (digests need the bytes); else the bytes.
     */
    @SuppressWarnings("unchecked")
    <T> ApiResult<T> read(ApiRequest request, ApiResult<ApiResponse> result, Reader<T> reader, BodyReader stream) {
        ApiResponse response = result.value();
        try {
            Object parsed = response.parsed();
            if (parsed instanceof EnvelopeReader.MalformedException m) {
                throw m; // parsed from the stream (synchronous path); the excerpt is the body's first bytes
            }
            if (parsed != null) {
                return result.with((T) parsed);
            }
            String encoding = response.header("content-encoding");
            if (encoding != null && CappedInputStream.isCompressed(encoding.trim().toLowerCase(java.util.Locale.ROOT))) {
                return result.with((T) readCompressed(request, result, encoding.trim().toLowerCase(java.util.Locale.ROOT),
                        reader, stream));
            }
            return result.with(reader.read(response.body()));
        } catch (EnvelopeReader.MalformedException e) {
            throw new CompletionException(
                    caller.errors().malformed(request, result.value(), result.attempts(),
                            e.getMessage(), e.getCause()));
        }
    }

    private Object readCompressed(
            ApiRequest request, ApiResult<ApiResponse> result, String encoding, Reader<?> reader,
            BodyReader stream)
            throws EnvelopeReader.MalformedException {
        ApiResponse response = result.value();
        long max = caller.maxResponseBytes();
        CappedInputStream in;
        try {
            in = CappedInputStream.inflated(new java.io.ByteArrayInputStream(response.body()), encoding, max,
                    response.status(), true);
        } catch (IOException e) {
            throw new CompletionException(
                    caller.errors().malformed(request, response, result.attempts(),
                            "the " + encoding + " body cannot be inflated", e));
        }
        try {
            if (stream == null) {
                return reader.read(in.readAll());
            }
            return stream.read(in);
        } catch (EnvelopeReader.MalformedException | IOException e) {
            Throwable cause = e instanceof EnvelopeReader.MalformedException ? e.getCause() : e;
            if (cause instanceof ResponseLimitException limit) {
                throw new CompletionException(
                        caller.errors().limit(request, limit.status(), result.attempts(),
                                limit.getMessage()));
            }
            // the excerpt is the inflated head, not the compressed bytes
            java.util.Map<String, String> headers = new java.util.HashMap<>(response.headers());
            headers.remove("content-encoding");
            ApiResponse inflated = new ApiResponse(
                    response.status(), response.reason(), headers, in.head(),
                    response.requestId());
            String detail = e instanceof EnvelopeReader.MalformedException
                    ? e.getMessage()
                    : "the " + encoding + " body cannot be inflated (" + e.getClass().getSimpleName() + ")";
            throw new CompletionException(
                    caller.errors().malformed(request, inflated, result.attempts(), detail,
                            cause == null ? e : cause));
        }
    }

    /** Concatenates pages in order. */
    static UserPage concat(List<UserPage> pages) {
        List<User> all = new ArrayList<>();
        int count = 0;
        int pageCount = 0;
        int pageSize = 0;
        for (UserPage p : pages) {
            all.addAll(p.users());
            count = p.count();
            pageCount = Math.max(pageCount, p.pageCount());
            pageSize = p.pageSize();
        }
        return new UserPage(Collections.unmodifiableList(all), count, pageCount, pages.isEmpty() ? 0 : pages.size(), pageSize);
    }
}
