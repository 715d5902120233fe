package io.github.camelkantata.users.consumer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataUsersConfiguration;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.client.ApiResult;
import io.github.camelkantata.users.client.CallGroup;
import io.github.camelkantata.users.client.EnvelopeReader;
import io.github.camelkantata.users.client.EventFeed;
import io.github.camelkantata.users.client.Futures;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.client.QueryString;
import io.github.camelkantata.users.client.ScannedPage;
import io.github.camelkantata.users.client.UserStream;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import io.github.camelkantata.users.state.JdbcFence;
import io.github.camelkantata.users.state.StateFileLock;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code GET /users} and emits one exchange per new, changed or removed user, committing what it emitted to a
 * {@link StateRepository} only when the exchange completes.
 * <p>
 * <b>One poll.</b> The users are read page by page ({@link UserStream}); each page is compared with the state in one
 * read (with the in-memory and file repositories, with an in-memory index of fingerprints that the repository keeps in
 * step, see {@link FingerprintIndex}), and only the users to emit are kept. They are handed to the route in batches of
 * {@value #DELIVERY_BATCH} as the pages arrive, and the walk goes on once a batch went through, so memory holds a few
 * pages and one batch whatever the account size. A full poll then looks for known users the listing did not return:
 * they are first asked for again by id ({@code only=}) so that a user skipped because the alphabetical pages shifted
 * during the walk is never taken for removed; the rest are emitted as {@code removed} ({@code emitRemoved=true}) or
 * forgotten. A poll that fails (HTTP error, timeout) throws; what it delivered before is committed, nothing else.
 * <p>
 * <b>Commit.</b> A user's fingerprint and JSON are saved when its exchange completes successfully; a failed, or never
 * processed (stop, suspension, {@code maxMessagesPerPoll}) exchange saves nothing, so the user is emitted again:
 * delivery is at least once. A failed user goes to {@link FailedUsers}: a back-off, a place after the other users, and
 * a single report after {@code maxFailuresPerUser} failures in a row, so it never starves the others.
 * <p>
 * <b>Incremental.</b> With {@code incremental=true}, a poll after a full one sends
 * {@code updated_after = last poll start - incrementalOverlap}. That watermark moves only when the poll read the whole
 * list without signs of shifting pages (an id twice, a count that changed) and every exchange of it ended; failed users
 * do not hold it, since they are asked for by id when their back-off is over; they are saved in the state in the same
 * write as the watermark ({@value #META_FAILING}), so that holds after a restart, too. Every {@code fullSyncEvery}
 * polls (counted in the state) a full poll detects removals and changes {@code updated_after} does not show, such as a
 * renamed manager.
 * <p>
 * <b>Change types.</b> {@code new}: no state for the user; {@code changed}: a state with another fingerprint, or, with
 * {@code onlyChanged=false}, any known user (that mode re-sends every user every poll and the header only tells new
 * from known); {@code removed}: see above, with {@code CamelKantataUsersRemovedReason} {@code account} (Kantata no
 * longer lists the user on the account) or {@code scope} (still on it, no longer matching the filters).
 * <p>
 * <b>Which state.</b> See {@link StateIdentity}: keyed by the account and the filters, so a changed filter is
 * reconciled, not started afresh.
 * <p>
 * <b>Suspension.</b> {@code suspendRoute} ends the walk and the delivery as a stop does; the rest comes after resume.
 */
public class KantataUsersConsumer extends ScheduledBatchPollingConsumer {

    /** The state's meta key holding the start of the last poll whose messages all completed. */
    static final String META_LAST_POLL_START = "lastPollStart";
    /** The state's meta key counting incremental polls since the last complete full poll. */
    static final String META_POLLS_SINCE_FULL = "pollsSinceFull";
    /** With changeDetection=events: the upper bound of the last window of the change feed whose users all completed. */
    static final String META_EVENTS_CURSOR = "eventsCursor";
    /** With changeDetection=events: when the last complete full walk started. */
    static final String META_LAST_FULL = "lastFullPoll";
    /**
     * With incremental=true or changeDetection=events: the users whose latest delivery failed
     * ({@link FailedUsers#encode}), written with the watermark or cursor that moves past them, so that a consumer
     * starting again asks for them by id.
     */
    static final String META_FAILING = "failing";
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
    /**
     * How many messages a poll hands to the route at a time: it goes on walking only once they ended, so a poll holds
     * at most this many messages and a few pages, whatever the account size (a first sync of 100,000 users with four
     * includes fits a 256 MB heap).
     */
    static final int DELIVERY_BATCH = 1000;

    private final KantataUsersEndpoint endpoint;
    private final KantataUsersConfiguration config;
    private String baseQuery;
    private String keyPrefix;
    private ConsumerState state;
    private int pageSize;
    private CallGroup calls;
    private KantataUsersClient client;
    /** true while a poll walks the pages (the page hook compares pages with the state only then) */
    private volatile boolean walking;
    /**
     * the thread running a poll, null between polls: Camel's shutdown then waits for the exchange in flight only, not
     * for the walk, and a stop waits for this thread to leave before the store is let go
     */
    private volatile Thread pollThread;
    /** how long a stop waits for the poll thread to finish the exchange in hand and write what completed */
    private static final long STOP_WAIT_MILLIS = 30_000;
    /** set by a suspension: the walk and the delivery end, and no request is sent until the consumer resumes */
    private volatile boolean paused;
    /**
     * users whose delivery failed, kept across polls and, with incremental=true or changeDetection=events, across
     * restarts (the state's {@value #META_FAILING})
     */
    private final FailedUsers failures;
    /** what the state's {@value #META_FAILING} holds as far as this consumer knows (its last write or read) */
    private volatile String savedFailing = "";
    private volatile long pollNumber;
    /** showDisabled=true: the membership's disabled_at is read, so that disabling a user is a change */
    private boolean watchDisabled;
    /**
     * Whether fingerprints count the side-loaded objects: fingerprintSideLoaded, or showDisabled, whose disabled flag
     * is only in the side-loaded account membership.
     */
    private boolean sideLoadedFingerprints;
    /** the change feed answered 403 and that was logged; cleared once it answers again */
    private boolean feedRefused;
    /** this consumer's hold on its stateFile, released when it stops; null without a stateFile */
    private StateFileLock.Handle stateFile;
    /** completed exchanges whose state is written in one batch (see {@link #flushCommits()}) */
    private final List<Commit> completed = new ArrayList<>();

    /**
     * @param endpoint  the list endpoint
     * @param processor the route
     */
    /** clusterNamespace: whether this node still leads; null without the option */
    private LeadershipGuard guard;

    public KantataUsersConsumer(KantataUsersEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.failures = new FailedUsers(config.getMaxFailuresPerUser());
    }

    @Override
    public KantataUsersEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        if (config.isIncremental() && "events".equals(config.getChangeDetection())) {
            throw new IllegalArgumentException(
                    "Options 'incremental' and 'changeDetection=events' cannot be combined on a "
                                               + "kantata-users consumer: choose one way to find changes after a full poll");
        }
        if (config.isIncremental() && endpoint.getFilters().getUpdatedAfter() != null) {
            throw new IllegalArgumentException(
                    "Options 'incremental' and 'updatedAfter' cannot be combined on a "
                                               + "kantata-users consumer: incremental mode sets updated_after itself");
        }
        baseQuery = endpoint.buildListQuery(true);
        // the state's identity follows the options the user set, not the include added below
        String identityQuery = baseQuery;
        watchDisabled = Boolean.TRUE.equals(endpoint.getFilters().getShowDisabled());
        sideLoadedFingerprints = config.isFingerprintSideLoaded() || watchDisabled;
        if (watchDisabled) {
            // disabling a user changes nothing in its own JSON, only its account membership's disabled_at: reading the
            // membership makes a disable or re-enable a change of the user (added once by buildListQuery if present)
            baseQuery = endpoint.buildListQuery(true, "account_membership");
        }
        StateRepository<String, String> repo = config.getStateRepository();
        if (repo == null && config.getStateFile() != null) {
            // the file belongs to this consumer: opened here, released in doStop, so a removed route frees it and a
            // route added again resumes from it; one owner per file in this JVM and across processes
            stateFile = StateFileLock.acquire(java.nio.file.Path.of(config.getStateFile()), stateFileOwner());
            repo = stateFile.repository();
        }
        if (repo == null) {
            // the CamelContext's in-memory state: it outlives a route's reload or removal and addition
            repo = MemoryStates.of(getEndpoint().getCamelContext(), getRouteId());
        }
        ServiceHelper.startService(repo);
        if (config.getClusterNamespace() != null && !config.getClusterNamespace().isBlank()) {
            // started by the route policy on a new leadership: join the view and take the next leader term first
            guard = new LeadershipGuard(config.getClusterNamespace().trim());
            guard.start(getEndpoint().getCamelContext(), repo);
        }
        // keyed by the account and the scope, not by how users are read; a scope change is reconciled (StateIdentity)
        state = StateIdentity.open(repo, config.getStateKeyPrefix(), config.getBaseUrl(), identityQuery, getRouteId(),
                config.isEmitRemoved());
        keyPrefix = state.prefix();
        loadFailing();
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
        try {
            awaitPollEnd();
            // what completed is written before the store is let go (not by a node that no longer leads)
            flushCommits();
            saveFailingOnStop();
            if (guard != null) {
                guard.stop();
            }
            if (state != null) {
                state.close();
                StateIdentity.release(state.repo(), keyPrefix);
            }
        } finally {
            if (stateFile != null) {
                stateFile.release();
                stateFile = null;
            }
        }
    }

    /** A start that failed after the state file was opened gives it back, so that a corrected route can have it. */
    @Override
    protected void doFail(Exception e) {
        if (stateFile != null) {
            stateFile.release();
            stateFile = null;
        }
        super.doFail(e);
    }

    /** Who holds the state file: this route of this CamelContext (its consumers of one lifecycle share it). */
    private String stateFileOwner() {
        return "the kantata-users consumer of route " + getRouteId() + " in CamelContext "
               + getEndpoint().getCamelContext().getName();
    }

    /** Completed exchanges written in one statement once this many are waiting, besides the other flush points. */
    static final int COMMIT_BATCH = 500;

    /**
     * Whether the failing users are saved in the state: only where a poll does not read every user, so that a user the
     * watermark (incremental) or the cursor (events) moved past is asked for by id after a restart, too. A consumer
     * whose every poll is a full walk finds its failing users again by walking.
     */
    private boolean savesFailing() {
        return config.isIncremental() || "events".equals(config.getChangeDetection());
    }

    /** At start: the failing users the state holds (a restart, another node after a failover), due as they were. */
    private void loadFailing() {
        if (!savesFailing()) {
            return;
        }
        String saved = state.meta(META_FAILING);
        int unreadable = failures.load(saved, pollNumber);
        savedFailing = saved == null ? "" : saved;
        if (unreadable > 0) {
            LOG.warn("kantata-users: {} entries of the state's {} could not be read; those users' changes come with the next"
                     + " full walk",
                    unreadable, META_FAILING);
        }
        if (failures.size() > 0) {
            LOG.debug("kantata-users: {} failing users from the state are asked for again by id", failures.size());
        }
    }

    private final Object failingLock = new Object();

    /**
     * Writes a poll's facts (its watermark or cursor) in one write with the failing users, these first (a repository
     * without batches writes them in that order): never a watermark past a failed user that the state does not name.
     * One writer at a time, each writing the failing users as they are then, so the last write holds the latest.
     */
    private void writePollFacts(Map<String, String> facts) {
        synchronized (failingLock) {
            Map<String, String> meta = new LinkedHashMap<>();
            putFailing(meta);
            meta.putAll(facts);
            if (!meta.isEmpty()) {
                state.meta(meta);
                savedFailing(meta);
            }
        }
    }

    /** Adds the failing users to a write of poll facts when they changed since the state last had them. */
    private void putFailing(Map<String, String> meta) {
        if (!savesFailing()) {
            return;
        }
        String now = failures.encode(pollNumber);
        if (!now.equals(savedFailing)) {
            meta.put(META_FAILING, now);
        }
    }

    /** After a change of the failing users was written. */
    private void savedFailing(Map<String, String> meta) {
        String v = meta.get(META_FAILING);
        if (v != null) {
            savedFailing = v;
        }
    }

    /**
     * At stop: the latest counts and back-offs. The ids themselves were written with every watermark or cursor that
     * moved past them, so a failure here loses no user; a node that no longer leads writes nothing.
     */
    private void saveFailingOnStop() {
        if (state == null || !savesFailing() || guard != null && (guard.deposed() || !guard.allowed())) {
            return;
        }
        try {
            writePollFacts(Map.of());
        } catch (RuntimeException e) {
            LOG.debug("kantata-users: could not save the failing users at stop; the state keeps those of the last poll: {}",
                    e.toString());
        }
    }

    /**
     * Writes the state of the exchanges that completed since the last flush, in one batch (one transaction), then does
     * their bookkeeping. Called when {@value #COMMIT_BATCH} are waiting, at the end of every delivery batch, at the
     * start of a poll and when the consumer stops. Nothing is written before its exchange completed; a crash loses at
     * most the completed exchanges not yet flushed, which are emitted again.
     */
    private void flushCommits() {
        List<Commit> batch;
        synchronized (completed) {
            if (completed.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(completed);
            completed.clear();
        }
        // one writer at a time, so that batches reach the store in the order they were taken
        synchronized (flushLock) {
            Map<String, UserRecord> writes = new LinkedHashMap<>();
            List<Commit> late = new ArrayList<>();
            for (Commit c : batch) {
                if (c.afterDeposition) {
                    late.add(c);
                } else {
                    writes.put(c.id, "removed".equals(c.type) ? null : c.record);
                }
            }
            if (!late.isEmpty()) {
                // completed after this node lost the lead: the new leader emits these users again, a repeat, never a loss
                LOG.debug("kantata-users: {} users not committed: this node no longer leads", late.size());
                late.forEach(c -> c.committed(false));
                batch.removeAll(late);
            }
            if (batch.isEmpty()) {
                return;
            }
            boolean ok = false;
            try {
                // what completed while this node led is written; with a JDBC store the fence refuses it if another
                // node has taken a newer term meanwhile
                state.commit(writes);
                ok = true;
            } catch (JdbcFence.FencedException e) {
                // logged once by the fence; the consumer stops emitting
                if (guard != null) {
                    guard.fenced();
                }
            } catch (RuntimeException e) {
                LOG.warn("kantata-users: could not save the state of {} users; they will be emitted again: {}", batch.size(),
                        e.getMessage());
            } finally {
                for (Commit c : batch) {
                    c.committed(ok);
                }
            }
        }
    }

    private final Object flushLock = new Object();

    /**
     * Camel's graceful shutdown waits while a poll is running; a walk over a huge (or endlessly growing) account would
     * hold it for the whole shutdown timeout. A walk is not counted as pending, so the consumer is stopped at once and
     * its stop ends the walk; exchanges already handed to the route still complete and commit.
     */
    @Override
    public int getPendingExchangesSize() {
        // Camel counts a running poll as one pending exchange and waits for it up to the shutdown timeout; a walk has
        // no exchange yet, so it does not hold the shutdown: doStop ends it
        return pollThread != null ? 0 : super.getPendingExchangesSize();
    }

    @Override
    protected int poll() throws Exception {
        pollThread = Thread.currentThread();
        try {
            return pollOnce();
        } finally {
            synchronized (pollEnded) {
                pollThread = null;
                pollEnded.notifyAll();
            }
        }
    }

    private final Object pollEnded = new Object();

    /**
     * Waits until the poll thread has left its poll (the walk ends at once on a stop; the exchange in hand completes
     * and the end of the delivery batch writes what completed), so that the store is not closed under that last write.
     * Not when the stop runs on the poll thread itself (a route that stops its own consumer).
     */
    private void awaitPollEnd() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        synchronized (pollEnded) {
            while (pollThread != null && pollThread != Thread.currentThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("kantata-users: the poll did not end within {} ms of the stop; exchanges still in the route are "
                             + "not committed and will be emitted again",
                            STOP_WAIT_MILLIS);
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(pollEnded, left);
            }
        }
    }

    private int pollOnce() throws Exception {
        if (guard != null && !guard.allowed()) {
            // a deposed leader's route still scheduled (CAMEL-24457): not a single request
            return 0;
        }
        // exchanges that completed after their batch was handed over (an asynchronous route) are written first
        flushCommits();
        long number = ++pollNumber;
        Instant start = Instant.now();
        Instant lastStart = parseInstant(state.meta(META_LAST_POLL_START));
        int sinceFull = parseInt(state.meta(META_POLLS_SINCE_FULL));
        boolean events = "events".equals(config.getChangeDetection());
        boolean full
                = events ? true : !config.isIncremental() || lastStart == null || sinceFull + 1 >= config.getFullSyncEvery();
        EventFeed.Window window = null;
        if (events) {
            window = eventsWindow(start);
            full = window == null;
        }
        String query = baseQuery;
        if (!full && !events) {
            Instant after = lastStart.minusMillis(config.getIncrementalOverlap());
            query = QueryString.join(query,
                    "updated_after=" + QueryString.encode(API_TIME.format(after.atOffset(ZoneOffset.UTC))));
        }
        Poll poll = new Poll(start, full, number);
        poll.events = events;
        int max = getMaxMessagesPerPoll();
        IdSet seen = new IdSet();

        state.openIndex();
        String fingerprint = sideLoadedFingerprints ? FINGERPRINT_SIDE_LOADED : FINGERPRINT_OWN;
        String stored = state.meta(META_FINGERPRINT);
        rebaseline = !fingerprint.equals(stored == null ? FINGERPRINT_SIDE_LOADED : stored);
        prepared.clear();
        cursor = null;
        walkCount = 0;
        walking = true;
        try {
            if (window != null) {
                eventsPoll(window, seen, poll, max);
            } else {
                try (UserStream users = open(query)) {
                    List<User> page = new ArrayList<>(pageSize);
                    while (!poll.cut && !halted() && hasNext(users)) {
                        page.add(users.next());
                        if (page.size() == pageSize) {
                            diff(page, seen, poll, max);
                            page.clear();
                            deliverIfFull(poll);
                        }
                    }
                    poll.walked = !poll.cut && !halted();
                    if (poll.walked) {
                        diff(page, seen, poll, max);
                    }
                    poll.pages = users.pagesFetched();
                    poll.retries = Math.max(0, users.attempts() - users.pagesFetched());
                    if (users.countChanged()) {
                        // users came or went while the pages were read: the pages shifted, and one may have been skipped
                        poll.shifted = true;
                    }
                }
            }
            if (poll.walked && !halted() && window == null) {
                if (full) {
                    FingerprintIndex index = state.index();
                    if (index != null && index.reorder(walkOrder, walkCount)) {
                        LOG.debug("kantata-users: state index put back in the walk's order");
                    }
                    detectRemovals(seen, poll, max);
                } else {
                    askAgain(failures.due(number), seen, poll, max);
                }
                for (Deferred d : poll.deferred) {
                    // failing users whose back-off is over come last, so they never hold back the others
                    if (!room(poll, max)) {
                        break;
                    }
                    poll.chunk.add(exchange(d.user(), d.id(), d.type(), d.record(), poll));
                }
                poll.deferred.clear();
                if (rebaseline && full) {
                    // every user was compared under the new rule: from now on a changed fingerprint is a change
                    state.meta(META_FINGERPRINT, fingerprint);
                    LOG.info("kantata-users: state re-baselined to {} fingerprints; {} users whose own JSON was unchanged"
                             + " were updated without a message",
                            fingerprint, poll.rebaselined);
                }
            }
        } catch (Exception e) {
            if (halted() && e instanceof KantataUsersException k && k.getKind() == KantataUsersException.ErrorKind.STOPPED) {
                LOG.debug(
                        "kantata-users poll ended by the consumer's stop or suspension; what was not delivered comes next poll");
                poll.cut = true;
            } else {
                poll.cut = true;
                String summary = Instant.now() + " failed (" + e.getClass().getSimpleName() + "), after "
                                 + poll.summary(java.time.Duration.between(start, Instant.now()).toMillis());
                endpoint.setLastPollSummary(summary);
                throw e;
            }
        } finally {
            walking = false;
            prepared.clear();
            cursor = null;
        }
        if (!full && !events) {
            // counted whatever the outcome, so that incremental polls cut short cannot put off the full poll
            state.meta(META_POLLS_SINCE_FULL, Integer.toString(sinceFull + 1));
        }
        // a poll cut by maxMessagesPerPoll (an incremental or events poll stops reading there) still delivers what fits;
        // only a stop, a suspension or a failure drops the undelivered rest
        if ((!poll.cut || poll.truncated) && !halted()) {
            deliver(poll);
        }
        if (!poll.cut && !halted() && poll.walked) {
            poll.seal();
        }
        String summary = poll.summary(java.time.Duration.between(start, Instant.now()).toMillis());
        // logged first: whoever sees the summary (JMX, a health check, a test) can rely on the log line being there.
        // A poll that delivered and failed nothing is routine: at the default delay it would be an INFO line a minute
        if (poll.emitted() > 0) {
            LOG.info("kantata-users {}", summary);
        } else {
            LOG.debug("kantata-users {}", summary);
        }
        endpoint.setLastPollSummary(Instant.now() + " " + poll.outcome() + ", " + summary);
        return poll.emitted();
    }

    /**
     * With changeDetection=events, the change feed's window since the cursor, or null when this poll must walk the
     * whole account: the first poll (no cursor yet), a scheduled reconciliation, a cursor older than the feed keeps
     * events, or a feed that refuses access (each but the first two logged once as a WARN).
     */
    private EventFeed.Window eventsWindow(Instant start) throws Exception {
        Instant cursor = parseInstant(state.meta(META_EVENTS_CURSOR));
        Instant lastFull = parseInstant(state.meta(META_LAST_FULL));
        if (cursor == null || lastFull == null) {
            return null;
        }
        if (cursor.isBefore(start.minusMillis(config.getEventsRetention()))) {
            LOG.warn("kantata-users: the change feed's cursor ({}) is older than eventsRetention: events may have been "
                     + "dropped since, so this poll walks the whole account",
                    cursor);
            return null;
        }
        if (!lastFull.isAfter(start.minusMillis(config.getEventsReconcileInterval()))) {
            LOG.info("kantata-users: scheduled reconciliation (eventsReconcileInterval): this poll walks the whole account");
            return null;
        }
        try {
            return Futures.await(EventFeed.read(client, cursor, java.time.Duration.ofMillis(config.getEventsOverlap()), start))
                    .value();
        } catch (CompletionException e) {
            Exception cause = unwrap(e);
            if (cause instanceof io.github.camelkantata.users.KantataForbiddenException) {
                if (!feedRefused) {
                    feedRefused = true;
                    LOG.warn("kantata-users: the change feed (GET /subscribed_events) answered 403: the token is not an "
                             + "account administrator's, or Subscribed Events is not enabled on the account. The consumer "
                             + "walks the whole account instead (changeDetection=poll does so without asking the feed)");
                }
                return null;
            }
            throw cause;
        }
    }

    /**
     * Reads the users the change feed named, by id and with the consumer's own filters, include and scope, and compares
     * them with the state as a full poll does; a user named but no longer returned is removed (or left the scope).
     */
    private void eventsPoll(EventFeed.Window window, IdSet seen, Poll poll, int max) throws Exception {
        feedRefused = false;
        List<String> ids = new ArrayList<>(window.userIds());
        for (String due : failures.due(poll.number)) {
            if (!window.userIds().contains(due)) {
                ids.add(due);
            }
        }
        int pages = window.pages();
        for (int i = 0; i < ids.size() && !halted() && !poll.cut; i += MAX_PAGE_SIZE) {
            List<String> group = ids.subList(i, Math.min(ids.size(), i + MAX_PAGE_SIZE));
            diff(byId(group).users(), seen, poll, max);
            pages++;
        }
        poll.pages = pages;
        poll.walked = !poll.cut && !halted();
        if (!poll.walked) {
            return;
        }
        List<String> gone = new ArrayList<>();
        for (String id : ids) {
            if (!seen.contains(id)) {
                gone.add(id);
            }
        }
        if (!gone.isEmpty()) {
            Map<String, UserRecord> records = state.get(new java.util.LinkedHashSet<>(gone));
            Set<String> onAccount = config.isEmitRemoved() ? stillOnAccount(records.keySet()) : Set.of();
            for (String id : gone) {
                UserRecord last = records.get(id);
                if (last == null) {
                    continue; // never emitted, so nothing to report
                }
                if (!config.isEmitRemoved()) {
                    state.remove(id);
                    continue;
                }
                poll.removedReasons.put(id, onAccount.contains(id) ? "scope" : "account");
                offer(last.toUser(id), id, "removed", last, poll, max);
            }
        }
        for (Deferred d : poll.deferred) {
            if (!room(poll, max)) {
                break;
            }
            poll.chunk.add(exchange(d.user(), d.id(), d.type(), d.record(), poll));
        }
        poll.deferred.clear();
    }

    /** @return true once the consumer is stopping or suspended: the walk and the delivery end at once */
    private boolean halted() {
        return paused || !isRunAllowed() || (guard != null && !guard.allowed());
    }

    private boolean room(Poll poll, int max) {
        if (max > 0 && poll.created >= max) {
            poll.truncated = true;
            return false;
        }
        return true;
    }

    /** Hands the poll's messages so far to the route once they fill a delivery batch, so memory stays bounded. */
    private void deliverIfFull(Poll poll) throws Exception {
        if (poll.chunk.size() >= DELIVERY_BATCH) {
            deliver(poll);
        }
    }

    private void deliver(Poll poll) throws Exception {
        if (poll.chunk.isEmpty()) {
            return;
        }
        Queue<Object> batch = new ArrayDeque<>(poll.chunk);
        poll.chunk.clear();
        processBatch(batch);
        if (halted()) {
            poll.cut = true;
        }
    }

    /**
     * In an incremental poll, asks for the failing users whose back-off is over by id ({@code only=}): their change is
     * older than the watermark, which moved on without them.
     */
    private void askAgain(List<String> due, IdSet seen, Poll poll, int max) throws Exception {
        due.removeIf(seen::contains);
        for (int i = 0; i < due.size() && !halted(); i += MAX_PAGE_SIZE) {
            List<String> group = due.subList(i, Math.min(due.size(), i + MAX_PAGE_SIZE));
            diff(byId(group).users(), seen, poll, max);
        }
    }

    private UserPage byId(List<String> ids) throws Exception {
        String q = QueryString.join(baseQuery, "only=" + String.join(",", ids));
        // asked by id, so it always fits on one page of the largest size
        try {
            return Futures.await(client.listPage("list", q, 1, MAX_PAGE_SIZE)).value();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
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
            now[i] = UserRecord.of(u, sideLoadedFingerprints);
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
    private void diff(List<User> page, IdSet seen, Poll poll, int max) {
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
                now[i] = UserRecord.of(u, sideLoadedFingerprints);
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
                // the same user twice in one walk: the pages shifted, so another user may have been skipped
                poll.shifted = true;
                continue;
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
            offer(user, user.getId(), type, now[i], poll, max);
            if (poll.cut) {
                return;
            }
        }
    }

    /** Queues a user to emit, unless it is failing (then after the others, or not before its back-off is over). */
    private void offer(User user, String id, String type, UserRecord record, Poll poll, int max) {
        FailedUsers.Decision d = failures.size() == 0
                ? FailedUsers.Decision.EMIT
                : failures.decide(id, record.fingerprint(), poll.number);
        if (d == FailedUsers.Decision.WAIT) {
            poll.waiting++;
            return;
        }
        if (d == FailedUsers.Decision.RETRY) {
            poll.deferred.add(new Deferred(user, id, type, record));
            return;
        }
        if (!room(poll, max)) {
            // a full walk goes on, so that it still sees every user and can tell who was removed; an incremental
            // one has nothing more to learn
            if (!poll.full) {
                poll.cut = true;
            }
            return;
        }
        poll.chunk.add(exchange(user, id, type, record, poll));
    }

    /** A failing user whose back-off is over, held until the end of the poll. */
    private record Deferred(User user, String id, String type, UserRecord record) {
    }

    /**
     * While the state's fingerprints were taken under another rule ({@code fingerprintSideLoaded} changed, or a state
     * of 0.1.0), a changed fingerprint alone does not mean a changed user: a user whose own JSON is the one last
     * emitted gets the new fingerprint without a message. The JSON holds the user's fields and reference ids, never the
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

    private void detectRemovals(IdSet seen, Poll poll, int max) throws Exception {
        // every known user was seen in this walk: nobody disappeared, and the known ids need not be read (the profile of a
        // poll showed reading and subtracting 100,000 ids as most of the consumer thread's own work). Users this poll
        // delivered as new are known now, too
        if (state.knownCount() == poll.knownSeen + poll.newDelivered.get()) {
            failures.retainOnly(seen::contains);
            return;
        }
        Set<String> missing = state.knownIds();
        missing.removeIf(seen::contains);
        if (!missing.isEmpty()) {
            // A walk over alphabetical pages can skip a user when another is renamed meanwhile: ask again by id.
            List<String> ids = new ArrayList<>(missing);
            for (int i = 0; i < ids.size() && !halted(); i += MAX_PAGE_SIZE) {
                UserPage found = byId(ids.subList(i, Math.min(ids.size(), i + MAX_PAGE_SIZE)));
                List<User> present = new ArrayList<>();
                for (User u : found.users()) {
                    if (missing.remove(u.getId())) {
                        present.add(u);
                    }
                }
                diff(present, seen, poll, max);
            }
        }
        // failing users that are neither listed nor being reported removed have nothing left to retry
        Set<String> removing = missing;
        failures.retainOnly(id -> seen.contains(id) || removing.contains(id));
        if (missing.isEmpty() || halted()) {
            return;
        }
        Map<String, UserRecord> records = state.get(missing);
        Set<String> onAccount = config.isEmitRemoved() ? stillOnAccount(records.keySet()) : Set.of();
        for (String id : missing) {
            if (!config.isEmitRemoved()) {
                state.remove(id);
                continue;
            }
            UserRecord last = records.get(id);
            if (last == null) {
                // a key without a record (an index entry, an old tombstone): nothing to report, and nothing to keep
                state.remove(id);
                continue;
            }
            poll.removedReasons.put(id, onAccount.contains(id) ? "scope" : "account");
            offer(last.toUser(id), id, "removed", last, poll, max);
        }
    }

    /**
     * @return those of {@code ids} Kantata still lists on the account, whatever the consumer's filters: they left the
     *         consumer's scope, not the account
     */
    private Set<String> stillOnAccount(java.util.Collection<String> ids) throws Exception {
        Set<String> found = new java.util.HashSet<>();
        List<String> all = new ArrayList<>(ids);
        Integer accountId = endpoint.getFilters().getAccountId();
        String account = (accountId != null ? "account_id=" + accountId : "on_my_account=true") + "&show_disabled=true";
        for (int i = 0; i < all.size(); i += MAX_PAGE_SIZE) {
            String q = account + "&only=" + String.join(",", all.subList(i, Math.min(all.size(), i + MAX_PAGE_SIZE)));
            try {
                for (User u : Futures.await(client.listPage("list", q, 1, MAX_PAGE_SIZE)).value().users()) {
                    found.add(u.getId());
                }
            } catch (CompletionException e) {
                throw unwrap(e);
            }
        }
        return found;
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
        if ("removed".equals(type) && poll.removedReasons.get(id) != null) {
            in.setHeader(KantataUsersConstants.REMOVED_REASON, poll.removedReasons.get(id));
        }
        int failed = failures.failures(id);
        if (failed > 0) {
            in.setHeader(KantataUsersConstants.FAILURE_COUNT, failed);
        }
        if (watchDisabled && user.getAccountMembership() != null) {
            in.setHeader(KantataUsersConstants.DISABLED, user.getAccountMembership().getDisabledAt() != null);
        }
        poll.created++;
        poll.pending.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new Commit(id, type, record, poll));
        return exchange;
    }

    @Override
    public boolean isBatchAllowed() {
        // Camel lets a suspended consumer run: a suspension must end the delivery as a stop does
        return !paused && super.isBatchAllowed() && (guard == null || guard.allowed());
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
            Exception failure = exchange.getException();
            if (failure != null) {
                if (exchange.getExchangeExtension().isErrorHandlerHandledSet()) {
                    // the route's error handler has logged it already (as its logging options say): once is enough
                    LOG.debug("kantata-users: user {} failed in the route: {}",
                            exchange.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID), failure.toString());
                } else {
                    getExceptionHandler().handleException("Error processing kantata-users user "
                                                          + exchange.getMessage()
                                                                  .getHeader(KantataUsersConstants.CONSUMER_USER_ID),
                            exchange, failure);
                }
            }
        }
        // exchanges left over after a shutdown or suspension are dropped uncommitted: the next poll emits them again
        exchanges.clear();
        pendingExchanges = 0;
        flushCommits();
        return total;
    }

    @Override
    protected void doSuspend() throws Exception {
        // the walk's page requests fail at once and the delivery stops at the next user; nothing more is sent to the
        // API until the consumer resumes
        paused = true;
        if (calls != null) {
            calls.close("suspended");
        }
        super.doSuspend();
    }

    @Override
    protected void doResume() throws Exception {
        if (calls != null) {
            calls.open();
        }
        paused = false;
        super.doResume();
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

    /** One poll's bookkeeping: its watermark moves once all its exchanges ended and it saw the whole list. */
    private final class Poll {
        final Instant start;
        final boolean full;
        final long number;
        /** messages made and not yet handed to the route */
        final List<Exchange> chunk = new ArrayList<>();
        /** failing users whose back-off is over: emitted after all the others */
        final List<Deferred> deferred = new ArrayList<>();
        /** maxMessagesPerPoll was reached */
        boolean truncated;
        /** the walk or the delivery was ended early (stop, suspension, maxMessagesPerPoll in an incremental poll) */
        boolean cut;
        /** the walk read every page */
        boolean walked;
        /** the pages shifted during the walk (a user twice, a count that changed): a user may have been skipped */
        boolean shifted;
        /** changeDetection=events: the cursor moves to this poll's start once every exchange completed */
        boolean events;
        /** why each removed user of this poll is removed: it left the account, or only the consumer's scope */
        final Map<String, String> removedReasons = new java.util.HashMap<>();
        int created;
        int waiting;
        int pages;
        int retries;
        /** distinct users of this walk the state already knew */
        int knownSeen;
        final AtomicInteger newDelivered = new AtomicInteger();
        final AtomicInteger changedDelivered = new AtomicInteger();
        final AtomicInteger removedDelivered = new AtomicInteger();
        final AtomicInteger failedCount = new AtomicInteger();
        /** one per exchange made, plus one for the walk itself, released by {@link #seal()} */
        private final AtomicInteger pending = new AtomicInteger(1);
        private final AtomicBoolean failed = new AtomicBoolean();
        /** users given the new fingerprint without a message (see {@link #sameOwnJson}) */
        int rebaselined;

        Poll(Instant start, boolean full, long number) {
            this.start = start;
            this.full = full;
            this.number = number;
        }

        int emitted() {
            return newDelivered.get() + changedDelivered.get() + removedDelivered.get() + failedCount.get();
        }

        String outcome() {
            boolean whole = walked && !cut && !truncated && created == emitted();
            return whole && failedCount.get() == 0 ? "ok" : "incomplete";
        }

        String summary(long millis) {
            int notDelivered = created - emitted();
            return (full ? "full" : events ? "events" : "incremental") + " poll: " + newDelivered + " new, " + changedDelivered
                   + " changed, "
                   + removedDelivered + " removed, " + failedCount + " failed, " + pages + " pages, " + retries
                   + " retries, " + millis + " ms"
                   + (waiting > 0 ? " (" + waiting + " failing users wait for their back-off)" : "")
                   + (truncated ? " (maxMessagesPerPoll reached, the rest comes next poll)" : "")
                   + (cut && !truncated ? " (ended early, the rest comes next poll)" : "")
                   + (notDelivered > 0 ? " (" + notDelivered + " not delivered yet)" : "");
        }

        /** The walk saw the whole list and every message was handed over: the watermark may move once they end. */
        void seal() {
            done(true);
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
            // without incremental mode every poll is full and the watermark is never read: spare the writes. A walk
            // whose pages shifted may have skipped a user: the same window is asked for again
            if (events) {
                if (!failed.get() && !truncated && !shifted) {
                    // the feed's window up to this poll's start is done: the next poll reads from here (less the overlap)
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put(META_EVENTS_CURSOR, start.toString());
                    if (full) {
                        meta.put(META_LAST_FULL, start.toString());
                    }
                    writePollFacts(meta);
                }
                return;
            }
            if (failed.get() || truncated || shifted || !config.isIncremental()) {
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
            writePollFacts(meta);
        }
    }

    /**
     * Saves (or, for a removed user, forgets) a user once its exchange completed; a failure goes to
     * {@link FailedUsers}, which keeps the user from holding back the others and retries it, so it does not hold the
     * watermark either.
     */
    private final class Commit implements Synchronization {
        private final String id;
        private final String type;
        private final UserRecord record;
        private final Poll poll;
        /** Whether the exchange completed after this node lost the lead (then it is not committed). */
        private volatile boolean afterDeposition;

        Commit(String id, String type, UserRecord record, Poll poll) {
            this.id = id;
            this.type = type;
            this.record = record;
            this.poll = poll;
        }

        @Override
        public void onComplete(Exchange exchange) {
            // written with the other completed exchanges of its batch, not one by one
            afterDeposition = guard != null && guard.deposed();
            boolean full;
            synchronized (completed) {
                completed.add(this);
                full = completed.size() >= COMMIT_BATCH;
            }
            if (full) {
                flushCommits();
            }
        }

        /** After the batch holding this exchange was written (or failed to be). */
        void committed(boolean ok) {
            if (ok) {
                failures.succeeded(id);
                switch (type) {
                    case "new" -> poll.newDelivered.incrementAndGet();
                    case "changed" -> poll.changedDelivered.incrementAndGet();
                    default -> poll.removedDelivered.incrementAndGet();
                }
            } else {
                poll.failedCount.incrementAndGet();
            }
            poll.done(ok);
        }

        @Override
        public void onFailure(Exchange exchange) {
            poll.failedCount.incrementAndGet();
            if (failures.failed(id, record.fingerprint(), poll.number)) {
                endpoint.getMetrics().userFailed();
                LOG.warn("kantata-users: user {} ({}) failed {} times in a row; it is retried only when it changes or every {} "
                         + "polls (maxFailuresPerUser)",
                        id, type, config.getMaxFailuresPerUser(), FailedUsers.MAX_BACKOFF_POLLS);
            } else {
                LOG.debug("kantata-users: user {} failed; it is retried after a back-off, after the other users", id);
            }
            poll.done(true);
        }
    }
}
