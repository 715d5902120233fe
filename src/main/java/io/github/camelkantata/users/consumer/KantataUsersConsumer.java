package io.github.camelkantata.users.consumer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataUsersConfiguration;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.client.CallGroup;
import io.github.camelkantata.users.client.EnvelopeReader;
import io.github.camelkantata.users.client.Futures;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.client.QueryString;
import io.github.camelkantata.users.client.ScannedPage;
import io.github.camelkantata.users.client.UserStream;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import io.github.camelkantata.users.state.FileBulkStateRepository;
import io.github.camelkantata.users.state.MemoryBulkStateRepository;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.CastUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code GET /users} and emits one exchange per new, changed or removed user, committing what it emitted to a
 * {@link StateRepository} only when the exchange completes.
 * <p>
 * <b>One poll.</b> The users are read page by page ({@link UserStream}); each page is compared with the state in one
 * read (with the in-memory and file repositories, with an in-memory index of fingerprints that the repository keeps
 * in step, see {@link FingerprintIndex}), and only the users to emit are kept, so memory holds one page, the state and the messages of one poll
 * ({@code maxMessagesPerPoll} bounds the latter). A full poll then looks for known users the listing did not return:
 * they are first asked for again by id ({@code only=}) so that a user skipped because the alphabetical pages shifted
 * during the walk is never taken for removed; the rest are emitted as {@code removed} ({@code emitRemoved=true}) or
 * forgotten. A poll that fails (HTTP error, timeout) throws before anything is emitted or written.
 * <p>
 * <b>Commit.</b> A user's fingerprint and JSON are saved when its exchange completes successfully; a failed, or
 * never processed (shutdown, {@code maxMessagesPerPoll}) exchange saves nothing, so the user is emitted again by the
 * next poll: delivery is at least once.
 * <p>
 * <b>Incremental.</b> With {@code incremental=true}, a poll after a full one sends
 * {@code updated_after = last poll start - incrementalOverlap}. That watermark moves only when every exchange of a
 * poll completed successfully and the poll was not cut short, so a failed user is asked for again. Every
 * {@code fullSyncEvery} polls (counted in the state) a full poll detects removals and changes {@code updated_after}
 * does not show, such as a renamed manager.
 * <p>
 * <b>Change types.</b> {@code new}: no state for the user; {@code changed}: a state with another fingerprint, or, with
 * {@code onlyChanged=false}, any known user (that mode re-sends every user every poll and the header only tells new
 * from known); {@code removed}: see above.
 */
public class KantataUsersConsumer extends ScheduledBatchPollingConsumer {

    /** The state's meta key holding the start of the last poll whose messages all completed. */
    static final String META_LAST_POLL_START = "lastPollStart";
    /** The state's meta key counting incremental polls since the last complete full poll. */
    static final String META_POLLS_SINCE_FULL = "pollsSinceFull";
    /**
     * The state's meta key naming how its fingerprints were taken: {@value #FINGERPRINT_OWN} or
     * {@value #FINGERPRINT_SIDE_LOADED}. A state without it was written by 0.1.0, whose fingerprints include the
     * side-loaded content.
     */
    static final String META_FINGERPRINT = "fingerprint";
    static final String FINGERPRINT_OWN = "own-2";
    static final String FINGERPRINT_SIDE_LOADED = "side-loaded-1";

    private static final Logger LOG = LoggerFactory.getLogger(KantataUsersConsumer.class);
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final int MAX_PAGE_SIZE = 200;

    private final KantataUsersEndpoint endpoint;
    private final KantataUsersConfiguration config;
    private String baseQuery;
    private String keyPrefix;
    private ConsumerState state;
    private int pageSize;
    private CallGroup calls;
    private KantataUsersClient client;
    /** true while a poll walks the pages, before any exchange of it exists */
    private volatile boolean walking;

    /**
     * @param endpoint  the list endpoint
     * @param processor the route
     */
    public KantataUsersConsumer(KantataUsersEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    public KantataUsersEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        if (config.isIncremental() && endpoint.getFilters().getUpdatedAfter() != null) {
            throw new IllegalArgumentException("Options 'incremental' and 'updatedAfter' cannot be combined on a "
                                               + "kantata-users consumer: incremental mode sets updated_after itself");
        }
        baseQuery = endpoint.buildListQuery(true);
        StateRepository<String, String> repo = config.getStateRepository();
        if (repo == null && config.getStateFile() != null) {
            // crash-safe append-only log; the context closes it (and releases its file lock) when it stops
            repo = new FileBulkStateRepository(new java.io.File(config.getStateFile()));
            getEndpoint().getCamelContext().addService(repo, true, true);
            config.setStateRepository(repo);
        }
        if (repo == null) {
            // kept on the endpoint's configuration so a route restart keeps the in-memory state
            repo = new MemoryBulkStateRepository();
            config.setStateRepository(repo);
        }
        ServiceHelper.startService(repo);
        keyPrefix = config.getStateKeyPrefix() != null ? config.getStateKeyPrefix() : defaultKeyPrefix();
        state = new ConsumerState(repo, keyPrefix);
        setMaxMessagesPerPoll(config.getMaxMessagesPerPoll());
        pageSize = config.getPerPage() != null ? config.getPerPage() : MAX_PAGE_SIZE;
        LOG.debug("kantata-users consumer state key prefix {}", keyPrefix);
        calls = endpoint.getClient().caller().group().child("the kantata-users consumer");
        client = endpoint.getClient().inGroup(calls);
        // change detection fingerprints users from the digests the reader takes of their raw JSON; only this
        // consumer's client pays for them, not producers on the same endpoint
        client.setSourceDigests(true);
        // each page is compared with the state on the thread that parsed it, while the next pages are fetched
        client.setPageHook(new KantataUsersClient.PageHook() {
            @Override
            public boolean scan() {
                // only users to emit are read whole: those the index does not know as unchanged. Without the index
                // (a database, a plain StateRepository) the consumer's thread compares, and needs every user whole;
                // so does onlyChanged=false, which emits every user;
                // so does the first poll, when every user is new
                FingerprintIndex index = state.index();
                return walking && config.isOnlyChanged() && index != null && index.size() > 0;
            }

            @Override
            public UserPage accept(UserPage page, ScannedPage scanned) throws EnvelopeReader.MalformedException {
                return prepare(page, scanned);
            }
        });
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        // a poll in progress ends now: its page requests fail with STOPPED, the walk stops, and nothing is committed
        // for users that were not processed (they come again next time)
        if (calls != null) {
            calls.close("stopped");
        }
        super.doStop();
        if (state != null) {
            state.close();
        }
    }

    /**
     * Camel's graceful shutdown waits while a poll is running; a walk over a huge (or endlessly growing) account would
     * hold it for the whole shutdown timeout. A walk is not counted as pending, so the consumer is stopped at once and
     * its stop ends the walk; exchanges already handed to the route still complete and commit.
     */
    @Override
    public int getPendingExchangesSize() {
        // Camel counts a running poll as one pending exchange and waits for it up to the shutdown timeout; a walk has
        // no exchange yet, so it does not hold the shutdown: doStop ends it
        return walking ? 0 : super.getPendingExchangesSize();
    }

    /** Derived from what decides the set of users and their content: base URL and list query (scope, filters, include). */
    private String defaultKeyPrefix() throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256")
                .digest((config.getBaseUrl() + "?" + baseQuery).getBytes(StandardCharsets.UTF_8));
        return "kantata-users." + HexFormat.of().formatHex(h, 0, 8) + ".";
    }

    @Override
    protected int poll() throws Exception {
        // change detection fingerprints users from the digests the reader takes of their raw JSON
        Instant start = Instant.now();
        Instant lastStart = parseInstant(state.meta(META_LAST_POLL_START));
        int sinceFull = parseInt(state.meta(META_POLLS_SINCE_FULL));
        boolean full = !config.isIncremental() || lastStart == null || sinceFull + 1 >= config.getFullSyncEvery();
        String query = baseQuery;
        if (!full) {
            Instant after = lastStart.minusMillis(config.getIncrementalOverlap());
            query = QueryString.join(query, "updated_after=" + QueryString.encode(API_TIME.format(after.atOffset(ZoneOffset.UTC))));
        }
        Poll poll = new Poll(start, full);
        int max = getMaxMessagesPerPoll();
        Queue<Exchange> queue = new ArrayDeque<>();
        IdSet seen = new IdSet();

        state.openIndex();
        String fingerprint = config.isFingerprintSideLoaded() ? FINGERPRINT_SIDE_LOADED : FINGERPRINT_OWN;
        String stored = state.meta(META_FINGERPRINT);
        rebaseline = !fingerprint.equals(stored == null ? FINGERPRINT_SIDE_LOADED : stored);
        prepared.clear();
        cursor = null;
        walkCount = 0;
        walking = true;
        try (UserStream users = open(query)) {
            List<User> page = new ArrayList<>(pageSize);
            while (!poll.truncated && hasNext(users)) {
                page.add(users.next());
                if (page.size() == pageSize) {
                    diff(page, seen, queue, poll, max);
                    page.clear();
                }
            }
            if (!poll.truncated) {
                diff(page, seen, queue, poll, max);
            }
            poll.pages = users.pagesFetched();
            poll.retries = Math.max(0, users.attempts() - users.pagesFetched());
            if (full && !poll.truncated) {
                FingerprintIndex index = state.index();
                if (index != null && index.reorder(walkOrder, walkCount)) {
                    LOG.debug("kantata-users: state index put back in the walk's order");
                }
                detectRemovals(seen, queue, poll, max);
                if (rebaseline) {
                    // every user was compared under the new rule: from now on a changed fingerprint is a change
                    state.meta(META_FINGERPRINT, fingerprint);
                    LOG.info("kantata-users: state re-baselined to {} fingerprints; {} users whose own JSON was unchanged"
                             + " were updated without a message", fingerprint, poll.rebaselined);
                }
            }
        } catch (Exception e) {
            if (!isRunAllowed() && e instanceof KantataUsersException k && k.getKind() == KantataUsersException.ErrorKind.STOPPED) {
                LOG.debug("kantata-users poll ended by the consumer's stop; nothing was emitted or committed");
                return 0;
            }
            throw e;
        } finally {
            walking = false;
            prepared.clear();
            cursor = null;
        }
        if (!full) {
            state.meta(META_POLLS_SINCE_FULL, Integer.toString(sinceFull + 1));
        }
        poll.expect(queue.size());
        int processed = processBatch(CastUtils.cast(queue));
        String summary = poll.summary(java.time.Duration.between(start, Instant.now()).toMillis());
        // logged first: whoever sees the summary (JMX, a health check, a test) can rely on the log line being there
        LOG.info("kantata-users {}", summary);
        endpoint.setLastPollSummary(summary);
        return processed;
    }

    private UserStream open(String query) throws Exception {
        try {
            ApiResult<UserStream> r = Futures.await(client.streamAll("list", query, pageSize, config.getPageConcurrency()));
            return r.value();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private static boolean hasNext(UserStream users) throws Exception {
        try {
            return users.hasNext();
        } catch (RuntimeCamelException | CompletionException e) {
            throw unwrap(e);
        }
    }

    private static Exception unwrap(RuntimeException e) {
        return e.getCause() instanceof Exception c ? c : e;
    }

    /**
     * What {@link #prepare} found for one page: each user's record now, its id as a number
     * ({@link FingerprintIndex#number}) and, when the state's fingerprint index is open, its verdict
     * ({@link FingerprintIndex#NEW}, {@code SAME}, {@code CHANGED}; 0 when the state was not read), in the page's
     * order. Found again by the identity of the page's first user: one map entry per page, not per user.
     */
    private record PreparedPage(List<User> users, UserRecord[] now, byte[] verdicts, long[] numbers) {
    }

    /** The pages of the walk in progress that {@link #prepare} has compared and the walk has not reached yet. */
    private final Map<User, PreparedPage> prepared = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    /** The known users of the walk in progress, in its order, for {@link FingerprintIndex#reorder}. */
    private long[] walkOrder = new long[1024];
    private int walkCount;
    /** The consumer thread's place in the page it is reading (the walk reads the users of a page in order). */
    private PreparedPage cursor;
    /** this poll compares against fingerprints taken under another rule: see {@link #sameOwnJson} */
    private boolean rebaseline;
    private int cursorAt;

    /**
     * Runs on the thread that parsed a page, while the consumer's thread is still busy with earlier pages: fingerprints
     * the page's users and, if the state's fingerprint index is open, compares them with it. The profile of a poll over
     * 100,000 users showed this work, done on the consumer's thread after each page, as the part of a poll that a bare
     * list does not have. Only the first-seen check and the queueing stay on the consumer's thread.
     * <p>
     * A scanned page ({@link PageHook#scan()}) holds placeholders; the users the index does not know as unchanged are
     * read whole here, so that only they pay for binding, and only whole users reach the consumer's thread's queue.
     *
     * @return the page to deliver
     */
    private UserPage prepare(UserPage page, ScannedPage scanned) throws EnvelopeReader.MalformedException {
        List<User> users = page.users();
        if (!walking || users.isEmpty()) {
            return scanned == null ? page : scanned.readWhole();
        }
        List<String> ids = new ArrayList<>(users.size());
        UserRecord[] now = new UserRecord[users.size()];
        long[] numbers = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            User u = users.get(i);
            String id = u.getId();
            ids.add(id);
            numbers[i] = FingerprintIndex.number(id);
            now[i] = UserRecord.of(u, config.isFingerprintSideLoaded());
        }
        FingerprintIndex index = state.index();
        byte[] verdicts = index == null ? new byte[now.length] : index.compare(ids, numbers, java.util.Arrays.asList(now));
        if (scanned != null) {
            List<User> whole = null;
            for (int i = 0; i < now.length; i++) {
                if (verdicts[i] != FingerprintIndex.SAME) {
                    // new, changed, or not compared (the index closed meanwhile): this user may go to the route
                    User u = scanned.user(i);
                    if (whole == null) {
                        whole = new ArrayList<>(users);
                    }
                    whole.set(i, u);
                    now[i] = now[i].withUser(u);
                }
            }
            if (whole != null) {
                users = java.util.Collections.unmodifiableList(whole);
                page = new UserPage(users, page.count(), page.pageCount(), page.pageNumber(), page.pageSize());
            }
        }
        prepared.put(users.get(0), new PreparedPage(users, now, verdicts, numbers));
        return page;
    }

    /** @return the position of {@code u} in the page {@link #prepare} made for it, moving the cursor there; or -1 */
    private int preparedAt(User u) {
        if (cursor != null) {
            // the next user of the current page, or (a filtered list, such as the confirmed ones) a later one
            for (int i = cursorAt; i < cursor.users().size(); i++) {
                if (cursor.users().get(i) == u) {
                    cursorAt = i + 1;
                    return i;
                }
            }
        }
        PreparedPage p = prepared.remove(u);
        if (p == null) {
            return -1;
        }
        cursor = p;
        cursorAt = 1;
        return 0;
    }

    /** Compares one page of users with the state and queues those to emit. */
    private void diff(List<User> page, IdSet seen, Queue<Exchange> queue, Poll poll, int max) {
        if (page.isEmpty()) {
            return;
        }
        UserRecord[] now = new UserRecord[page.size()];
        byte[] verdicts = new byte[page.size()];
        long[] numbers = new long[page.size()];
        List<String> askIds = new ArrayList<>();
        List<UserRecord> askNow = new ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            User u = page.get(i);
            int at = preparedAt(u);
            if (at >= 0) {
                now[i] = cursor.now()[at];
                verdicts[i] = cursor.verdicts()[at];
                numbers[i] = cursor.numbers()[at];
            } else {
                now[i] = UserRecord.of(u, config.isFingerprintSideLoaded());
                numbers[i] = FingerprintIndex.number(u.getId());
            }
            if (verdicts[i] == 0) {
                askIds.add(u.getId());
                askNow.add(now[i]);
            }
        }
        if (!askIds.isEmpty()) {
            byte[] answers = state.compare(askIds, askNow);
            for (int i = 0, a = 0; i < now.length; i++) {
                if (verdicts[i] == 0) {
                    verdicts[i] = answers[a++];
                }
            }
        }
        for (int i = 0; i < now.length; i++) {
            User user = page.get(i);
            long number = numbers[i];
            if (!seen.add(number, user)) {
                continue; // the same user twice in one walk (pages shifted): once is enough
            }
            if (verdicts[i] != FingerprintIndex.NEW) {
                poll.knownSeen++;
                if (number >= 0) {
                    if (walkCount == walkOrder.length) {
                        walkOrder = java.util.Arrays.copyOf(walkOrder, walkCount * 2);
                    }
                    walkOrder[walkCount++] = number;
                }
            }
            String type;
            if (verdicts[i] == FingerprintIndex.CHANGED && rebaseline && sameOwnJson(user, now[i])) {
                poll.rebaselined++;
                continue;
            }
            if (verdicts[i] == FingerprintIndex.NEW) {
                type = "new";
            } else if (verdicts[i] == FingerprintIndex.CHANGED || !config.isOnlyChanged()) {
                type = "changed";
            } else {
                continue;
            }
            if (max > 0 && queue.size() >= max) {
                poll.truncated = true;
                return;
            }
            queue.add(exchange(user, user.getId(), type, now[i], poll));
        }
    }

    /**
     * While the state's fingerprints were taken under another rule ({@code fingerprintSideLoaded} changed, or a state of
     * 0.1.0), a changed fingerprint alone does not mean a changed user: a user whose own JSON is the one last emitted
     * gets the new fingerprint without a message. The JSON holds the user's fields and reference ids, never the
     * side-loaded objects, so any change of the user itself is still emitted.
     */
    private boolean sameOwnJson(User user, UserRecord now) {
        if (!config.isOnlyChanged()) {
            return false;
        }
        UserRecord before = state.get(List.of(user.getId())).get(user.getId());
        if (before == null || before.userJson() == null || !before.userJson().equals(now.userJson())) {
            return false;
        }
        state.put(user.getId(), now);
        return true;
    }

    private void detectRemovals(IdSet seen, Queue<Exchange> queue, Poll poll, int max) throws Exception {
        // every known user was seen in this walk: nobody disappeared, and the known ids need not be read (the profile of a
        // poll showed reading and subtracting 100,000 ids as most of the consumer thread's own work)
        if (state.knownCount() == poll.knownSeen) {
            return;
        }
        Set<String> missing = state.knownIds();
        missing.removeIf(seen::contains);
        if (missing.isEmpty()) {
            return;
        }
        // A walk over alphabetical pages can skip a user when another is renamed meanwhile: ask again by id.
        List<String> ids = new ArrayList<>(missing);
        for (int i = 0; i < ids.size(); i += MAX_PAGE_SIZE) {
            List<String> group = ids.subList(i, Math.min(ids.size(), i + MAX_PAGE_SIZE));
            String q = QueryString.join(baseQuery, "only=" + String.join(",", group));
            // the confirmation asks by id, so it always fits on one page of the largest size
            UserPage found;
            try {
                found = Futures.await(client.listPage("list", q, 1, MAX_PAGE_SIZE)).value();
            } catch (CompletionException e) {
                throw unwrap(e);
            }
            List<User> present = new ArrayList<>();
            for (User u : found.users()) {
                if (missing.remove(u.getId())) {
                    present.add(u);
                }
            }
            diff(present, seen, queue, poll, max);
            if (poll.truncated) {
                return;
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, UserRecord> records = state.get(missing);
        for (String id : missing) {
            if (!config.isEmitRemoved()) {
                state.remove(id);
                continue;
            }
            if (max > 0 && queue.size() >= max) {
                poll.truncated = true;
                return;
            }
            UserRecord last = records.get(id);
            if (last == null) {
                // a key without a record (an index entry, an old tombstone): nothing to report, and nothing to keep
                state.remove(id);
                continue;
            }
            queue.add(exchange(last.toUser(id), id, "removed", last, poll));
        }
    }

    private Exchange exchange(User user, String id, String type, UserRecord record, Poll poll) {
        if (EnvelopeReader.isPlaceholder(user)) {
            // prepare reads whole every user that is not unchanged; a placeholder here is a bug, never a route's body
            throw new IllegalStateException("kantata-users: user " + id + " was scanned but not read whole");
        }
        Exchange exchange = createExchange(true);
        Message in = exchange.getMessage();
        in.setBody(user);
        in.setHeader(KantataUsersConstants.CHANGE_TYPE, type);
        in.setHeader(KantataUsersConstants.CONSUMER_USER_ID, id);
        in.setHeader(KantataUsersConstants.FINGERPRINT, record.fingerprint());
        in.setHeader(KantataUsersConstants.OPERATION, "list");
        poll.count(type);
        exchange.getExchangeExtension().addOnCompletion(new Commit(id, "removed".equals(type) ? null : record, poll));
        return exchange;
    }

    @Override
    public int processBatch(Queue<Object> exchanges) throws Exception {
        int total = exchanges.size();
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing kantata-users user "
                                                      + exchange.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID),
                        exchange, exchange.getException());
            }
        }
        // exchanges left over after a shutdown request are dropped uncommitted: the next poll emits them again
        exchanges.clear();
        pendingExchanges = 0;
        return total;
    }

    /** An unreadable watermark means "unknown": the next poll is full, never a poll that fails forever. */
    private static Instant parseInstant(String v) {
        try {
            return v == null ? null : Instant.parse(v.trim());
        } catch (RuntimeException e) {
            LOG.warn("kantata-users: ignoring unreadable {} in the state: {}", META_LAST_POLL_START, v);
            return null;
        }
    }

    private static int parseInt(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** @return the namespace of this consumer's keys in the state repository */
    public String getStateKeyPrefix() {
        return keyPrefix;
    }

    /** One poll's bookkeeping: its watermark moves once all its exchanges completed successfully. */
    private final class Poll {
        final Instant start;
        final boolean full;
        boolean truncated;
        int created;
        int changed;
        int removed;
        int pages;
        int retries;
        /** distinct users of this walk the state already knew */
        int knownSeen;
        /** users given the new fingerprint without a message (see {@link #sameOwnJson}) */
        int rebaselined;

        void count(String type) {
            switch (type) {
                case "new" -> created++;
                case "changed" -> changed++;
                default -> removed++;
            }
        }

        String summary(long millis) {
            return (full ? "full" : "incremental") + " poll: " + created + " new, " + changed + " changed, " + removed
                   + " removed, " + pages + " pages, " + retries + " retries, " + millis + " ms"
                   + (truncated ? " (maxMessagesPerPoll reached, the rest comes next poll)" : "");
        }
        private final AtomicInteger pending = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicBoolean failed = new AtomicBoolean();

        Poll(Instant start, boolean full) {
            this.start = start;
            this.full = full;
        }

        void expect(int n) {
            // set after all exchanges were created, before any is processed
            pending.set(n);
            if (n == 0) {
                finished();
            }
        }

        void done(boolean ok) {
            if (!ok) {
                failed.set(true);
            }
            if (pending.decrementAndGet() == 0) {
                finished();
            }
        }

        private void finished() {
            // without incremental mode every poll is full and the watermark is never read: spare the writes
            if (failed.get() || truncated || !config.isIncremental()) {
                return;
            }
            Map<String, String> meta = new LinkedHashMap<>();
            Instant stored = parseInstant(state.meta(META_LAST_POLL_START));
            if (stored == null || stored.isBefore(start)) {
                meta.put(META_LAST_POLL_START, start.toString());
            }
            if (full) {
                meta.put(META_POLLS_SINCE_FULL, "0");
            }
            if (!meta.isEmpty()) {
                state.meta(meta);
            }
        }
    }

    /** Saves (or, for a removed user, forgets) a user once its exchange completed. */
    private final class Commit implements Synchronization {
        private final String id;
        private final UserRecord record;
        private final Poll poll;

        Commit(String id, UserRecord record, Poll poll) {
            this.id = id;
            this.record = record;
            this.poll = poll;
        }

        @Override
        public void onComplete(Exchange exchange) {
            boolean ok = false;
            try {
                if (record == null) {
                    state.remove(id);
                } else {
                    state.put(id, record);
                }
                ok = true;
            } catch (RuntimeException e) {
                LOG.warn("kantata-users: could not save the state of user {}; it will be emitted again: {}", id, e.getMessage());
            } finally {
                poll.done(ok);
            }
        }

        @Override
        public void onFailure(Exchange exchange) {
            LOG.debug("kantata-users: user {} failed; it will be emitted again on the next poll", id);
            poll.done(false);
        }
    }
}
