package io.github.camelkantata.users;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a kantata-users endpoint. Options set on the component are the defaults of every endpoint. The GET
 * /users filters are declared in {@link KantataUsersListFilters}, which this class extends so that they are options of
 * the component ({@code camel.component.kantata-users.on-my-account}) as well as of every endpoint.
 */
@UriParams
public class KantataUsersConfiguration extends KantataUsersListFilters implements Cloneable {

    @UriParam(label = "security", secret = true)
    private String accessToken;

    @UriParam(label = "security")
    private java.util.function.Supplier<String> tokenSupplier;

    @UriParam(label = "common", defaultValue = "https://api.mavenlink.com/api/v1")
    private String baseUrl = "https://api.mavenlink.com/api/v1";

    @UriParam(label = "common")
    private String include;

    @UriParam(label = "common")
    private String optionalFields;

    @UriParam(label = "common", prefix = "query.", multiValue = true)
    private java.util.Map<String, Object> query;

    @UriParam(label = "producer")
    private String userId;

    @UriParam(label = "producer")
    private String startDate;

    @UriParam(label = "producer")
    private String endDate;

    @UriParam(label = "producer")
    private Integer page;

    @UriParam(label = "producer")
    private Integer perPage;

    @UriParam(label = "producer", enums = "upload,reset", defaultValue = "upload")
    private String photoAction = "upload";

    @UriParam(label = "producer", defaultValue = "false")
    private boolean skipUnchanged;

    @UriParam(label = "producer", enums = "List,StreamList", defaultValue = "List")
    private String outputType = "List";

    @UriParam(label = "producer", javaType = "java.time.Duration", defaultValue = "60s")
    private long streamIdleTimeout = 60_000L;

    @UriParam(label = "producer", defaultValue = "4")
    private int pageConcurrency = 4;

    @UriParam(label = "producer", defaultValue = "10485760")
    private long maxPhotoBytes = 10485760L;

    @UriParam(label = "producer,advanced", defaultValue = "false")
    private boolean synchronous;

    @UriParam(label = "advanced", defaultValue = "16777216")
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

    @UriParam(label = "advanced", defaultValue = "10000")
    private int maxPages = DEFAULT_MAX_PAGES;

    @UriParam(label = "consumer", defaultValue = "true")
    private boolean onlyChanged = true;

    @UriParam(label = "consumer", defaultValue = "false")
    private boolean emitRemoved = false;

    @UriParam(label = "consumer", defaultValue = "false")
    private boolean fingerprintSideLoaded;

    @UriParam(label = "consumer")
    private org.apache.camel.spi.StateRepository<String, String> stateRepository;

    @UriParam(label = "consumer")
    private String stateKeyPrefix;

    @UriParam(label = "consumer")
    private String stateFile;

    @UriParam(label = "consumer")
    private String clusterNamespace;

    @UriParam(label = "consumer", defaultValue = "false")
    private boolean incremental = false;

    @UriParam(label = "consumer", defaultValue = "12")
    private int fullSyncEvery = 12;

    @UriParam(label = "consumer", javaType = "java.time.Duration", defaultValue = "5m")
    private long incrementalOverlap = 300_000L;

    @UriParam(label = "consumer", enums = "poll,events", defaultValue = "poll")
    private String changeDetection = "poll";

    @UriParam(label = "consumer", javaType = "java.time.Duration", defaultValue = "15m")
    private long eventsOverlap = 900_000L;

    @UriParam(label = "consumer", javaType = "java.time.Duration", defaultValue = "1d")
    private long eventsReconcileInterval = 86_400_000L;

    @UriParam(label = "consumer", javaType = "java.time.Duration", defaultValue = "7d")
    private long eventsRetention = 604_800_000L;

    @UriParam(label = "consumer", defaultValue = "0")
    private int maxMessagesPerPoll = 0;

    @UriParam(label = "consumer", defaultValue = "5")
    private int maxFailuresPerUser = 5;

    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;

    @UriParam(label = "advanced", javaType = "java.time.Duration", defaultValue = "200ms")
    private long initialBackoff = 200L;

    @UriParam(label = "advanced", javaType = "java.time.Duration", defaultValue = "10s")
    private long maxBackoff = 10_000L;

    @UriParam(label = "advanced", javaType = "java.time.Duration", defaultValue = "60s")
    private long retryBudget = 60_000L;

    @UriParam(label = "advanced", javaType = "java.time.Duration", defaultValue = "60s")
    private long maxRetryAfter = 60_000L;

    @UriParam(label = "advanced", defaultValue = "false")
    private boolean retryNonIdempotent = false;

    @UriParam(label = "timeout", javaType = "java.time.Duration", defaultValue = "10s")
    private long connectTimeout = 10_000L;

    @UriParam(label = "timeout", javaType = "java.time.Duration", defaultValue = "60s")
    private long responseTimeout = 60_000L;

    @UriParam(label = "timeout", javaType = "java.time.Duration", defaultValue = "150s")
    private long callTimeout = 150_000L;

    @UriParam(label = "security")
    private org.apache.camel.support.jsse.SSLContextParameters sslContextParameters;

    @UriParam(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters = false;

    @UriParam(label = "proxy")
    private String proxyHost;

    @UriParam(label = "proxy")
    private Integer proxyPort;

    @UriParam(label = "proxy", secret = true)
    private String proxyUsername;

    @UriParam(label = "proxy", secret = true)
    private String proxyPassword;

    /** @return the {@code accessToken} option */
    public String getAccessToken() {
        return accessToken;
    }

    /**
     * The Kantata OX OAuth 2 bearer token. Kantata tokens do not expire, so treat it like a password: set it on the
     * component or through a property placeholder rather than in a URI.
     *
     * @param accessToken the value
     */
    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    /** @return the {@code tokenSupplier} option */
    public java.util.function.Supplier<String> getTokenSupplier() {
        return tokenSupplier;
    }

    /**
     * A bean that supplies the token for each request, for rotating secrets (Vault, Kubernetes secrets). It is asked
     * again once when Kantata answers 401 before the call fails. Takes precedence over accessToken.
     *
     * @param tokenSupplier the value
     */
    public void setTokenSupplier(java.util.function.Supplier<String> tokenSupplier) {
        this.tokenSupplier = tokenSupplier;
    }

    /** @return the {@code baseUrl} option */
    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * The API base URL. Change it only for the embedded sandbox or a proxy; plain http to a non-loopback host is logged
     * as a warning because the token would travel in clear.
     *
     * @param baseUrl the value
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** @return the {@code include} option */
    public String getInclude() {
        return include;
    }

    /**
     * Associations to side-load, comma-separated: account_membership, custom_field_values, external_references,
     * manager, role, skill_memberships, skills, work_samples. Side-loaded objects are linked to their user
     * (getManager(), getRole(), getSkills() ...). Applies to list, me, get, update and photo.
     *
     * @param include the value
     */
    public void setInclude(String include) {
        this.include = include;
    }

    /** @return the {@code optionalFields} option */
    public String getOptionalFields() {
        return optionalFields;
    }

    /**
     * Optional user fields to return, comma-separated: bio, website, city, state, country, abbreviated_timezone,
     * last_site_activity, classification. Applies to list, me, get, update and photo.
     *
     * @param optionalFields the value
     */
    public void setOptionalFields(String optionalFields) {
        this.optionalFields = optionalFields;
    }

    /** @return the {@code query} option */
    public java.util.Map<String, Object> getQuery() {
        return query;
    }

    /**
     * Extra query parameters for GET /users, for parameters Kantata adds after this release: query.new_filter=value is
     * sent as new_filter=value.
     *
     * @param query the value
     */
    public void setQuery(java.util.Map<String, Object> query) {
        this.query = query;
    }

    /** @return the {@code userId} option */
    public String getUserId() {
        return userId;
    }

    /**
     * The user id for get, update, capacity and photo. The CamelKantataUsersUserId header takes precedence.
     *
     * @param userId the value
     */
    public void setUserId(String userId) {
        this.userId = userId;
    }

    /** @return the {@code startDate} option */
    public String getStartDate() {
        return startDate;
    }

    /**
     * The first date (yyyy-MM-dd) of the capacity range. The CamelKantataUsersStartDate header takes precedence.
     *
     * @param startDate the value
     */
    public void setStartDate(String startDate) {
        this.startDate = startDate;
    }

    /** @return the {@code endDate} option */
    public String getEndDate() {
        return endDate;
    }

    /**
     * The last date (yyyy-MM-dd) of the capacity range. The CamelKantataUsersEndDate header takes precedence.
     *
     * @param endDate the value
     */
    public void setEndDate(String endDate) {
        this.endDate = endDate;
    }

    /** @return the {@code page} option */
    public Integer getPage() {
        return page;
    }

    /**
     * Fetch only this page of the list (from 1), using perPage. When not set, the list operation fetches every page at
     * 200 per page.
     *
     * @param page the value
     */
    public void setPage(Integer page) {
        this.page = page;
    }

    /** @return the {@code perPage} option */
    public Integer getPerPage() {
        return perPage;
    }

    /**
     * The page size of the list, 1 to 200. Defaults to 200 when every page is fetched, and to the API default (20) when
     * page is set.
     *
     * @param perPage the value
     */
    public void setPerPage(Integer perPage) {
        this.perPage = perPage;
    }

    /** @return the {@code photoAction} option */
    public String getPhotoAction() {
        return photoAction;
    }

    /**
     * What the photo operation does: upload the message body as the profile photo (POST), or reset the photo to the
     * default avatar (DELETE).
     *
     * @param photoAction the value
     */
    public void setPhotoAction(String photoAction) {
        this.photoAction = photoAction;
    }

    /** @return the {@code skipUnchanged} option */
    public boolean isSkipUnchanged() {
        return skipUnchanged;
    }

    /**
     * Makes update write only what changed: it first reads the user (one extra GET), sends a PUT with only the fields
     * whose value differs, and sends no PUT at all when none does (header CamelKantataUsersUpdated tells which), so a
     * two-way sync never bumps updated_at with values that are already there.
     *
     * @param skipUnchanged the value
     */
    public void setSkipUnchanged(boolean skipUnchanged) {
        this.skipUnchanged = skipUnchanged;
    }

    /** @return the {@code outputType} option */
    public String getOutputType() {
        return outputType;
    }

    /**
     * The list operation's body: a java.util.List of every user, or StreamList, a lazy java.util.Iterator that fetches
     * pages as it advances so that split(body()).streaming() runs in memory proportional to a page.
     *
     * @param outputType the value
     */
    public void setOutputType(String outputType) {
        this.outputType = outputType;
    }

    /** @return the {@code streamIdleTimeout} option */
    public long getStreamIdleTimeout() {
        return streamIdleTimeout;
    }

    /**
     * How long a StreamList may go unread before it closes itself, freeing its pages and cancelling its page requests;
     * a StreamList otherwise stays open, whoever reads it and whenever, until it is read to the end or closed by its
     * reader (the Splitter and try-with-resources close it), and reading one closed this way throws an
     * IllegalStateException that says so.
     *
     * @param streamIdleTimeout the value
     */
    public void setStreamIdleTimeout(long streamIdleTimeout) {
        this.streamIdleTimeout = streamIdleTimeout;
    }

    /** @return the {@code synchronous} option */
    public boolean isSynchronous() {
        return synchronous;
    }

    /**
     * Makes each call on the calling thread, with Apache HttpClient's classic (blocking) client, and continues the
     * route on that thread, as camel-http does. A route whose caller waits for every call anyway
     * (ProducerTemplate.requestBody, a timer, a REST request) saves the two thread hand-offs of the async path, and a
     * 2xx body is parsed from the connection as it arrives instead of being buffered. The calling thread is held for
     * the whole call, including throttle waits and retry back-offs (callTimeout still ends it), so keep the default for
     * many calls in flight from few threads (seda, parallel splits, asyncSend). Lists of every page keep the async path
     * and its pageConcurrency. A transacted exchange always takes this path.
     *
     * @param synchronous true to call on the calling thread
     */
    public void setSynchronous(boolean synchronous) {
        this.synchronous = synchronous;
    }

    /** @return the {@code pageConcurrency} option */
    public int getPageConcurrency() {
        return pageConcurrency;
    }

    /**
     * How many list pages are fetched at once once the first page has told the page count. Results keep the API's
     * order.
     *
     * @param pageConcurrency the value
     */
    public void setPageConcurrency(int pageConcurrency) {
        this.pageConcurrency = pageConcurrency;
    }

    /** @return the {@code maxPhotoBytes} option */
    public long getMaxPhotoBytes() {
        return maxPhotoBytes;
    }

    /**
     * The largest photo upload accepted, in bytes (default 10 MB, the API's attachment limit). Larger bodies fail
     * before any request is sent.
     *
     * @param maxPhotoBytes the value
     */
    public void setMaxPhotoBytes(long maxPhotoBytes) {
        this.maxPhotoBytes = maxPhotoBytes;
    }

    /** The default of {@code maxResponseBytes}: 16 MB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    /** The default of {@code maxPages}: 10,000 pages, two million users at 200 a page. */
    public static final int DEFAULT_MAX_PAGES = 10_000;

    /** @return the {@code maxResponseBytes} option */
    public long getMaxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * The largest response body read, in bytes after decompression (default 16 MB, several times the largest real page:
     * 200 users with every include). A larger body fails the call with a KantataLimitExceededException, and its
     * connection is discarded without reading the rest.
     *
     * @param maxResponseBytes the value
     */
    public void setMaxResponseBytes(long maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }

    /** @return the {@code maxPages} option */
    public int getMaxPages() {
        return maxPages;
    }

    /**
     * The most pages one list or consumer poll reads (default 10000, two million users at 200 a page). A list that
     * reports or grows to more pages fails with a KantataLimitExceededException instead of paging without end.
     *
     * @param maxPages the value
     */
    public void setMaxPages(int maxPages) {
        this.maxPages = maxPages;
    }

    /** @return the {@code onlyChanged} option */
    public boolean isOnlyChanged() {
        return onlyChanged;
    }

    /**
     * Emit only users that are new or whose content changed since they were last emitted successfully. With false,
     * every poll emits every user.
     *
     * @param onlyChanged the value
     */
    public void setOnlyChanged(boolean onlyChanged) {
        this.onlyChanged = onlyChanged;
    }

    /** @return the {@code fingerprintSideLoaded} option */
    public boolean isFingerprintSideLoaded() {
        return fingerprintSideLoaded;
    }

    /**
     * Whether the content of objects side-loaded with include (the manager, role, skills and so on) is part of a user's
     * fingerprint, so that a change to one of them emits every user it is side-loaded with; by default only the user's
     * own JSON counts, which holds the ids it references, so a manager's new headline emits the manager alone and a new
     * manager emits the report.
     *
     * @param fingerprintSideLoaded the value
     */
    public void setFingerprintSideLoaded(boolean fingerprintSideLoaded) {
        this.fingerprintSideLoaded = fingerprintSideLoaded;
    }

    /** @return the {@code emitRemoved} option */
    public boolean isEmitRemoved() {
        return emitRemoved;
    }

    /**
     * Emit a user that was seen before and is no longer returned once, as removed, with the last known user as body.
     *
     * @param emitRemoved the value
     */
    public void setEmitRemoved(boolean emitRemoved) {
        this.emitRemoved = emitRemoved;
    }

    /** @return the {@code stateRepository} option */
    public org.apache.camel.spi.StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where the consumer keeps the fingerprints of the users it emitted. In memory by default (kept by the
     * CamelContext, so it survives a route reload); set stateFile for one node, or bind the shipped JdbcStateRepository
     * (any DataSource; it commits its own writes and is safe for concurrent nodes), or any Camel StateRepository; a
     * BulkStateRepository is read and written in batches. See docs/STATE.md.
     *
     * @param stateRepository the value
     */
    public void setStateRepository(org.apache.camel.spi.StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    /** @return the {@code stateFile} option */
    public String getStateFile() {
        return stateFile;
    }

    /**
     * Keep the consumer's state in this file, so that a single node survives restarts without defining a bean: handy in
     * YAML, Kamelets and Camel JBang. It is a SQLite database (WAL journal, synchronous=FULL) that the sqlite3 shell
     * can open, created owner-only (rw-------): a kill -9 at any moment loses at most the completed exchanges of the
     * batch not yet written, which come again; a damaged file is refused at start; the consumer holds it while it runs,
     * so a second consumer on it, in this JVM or another process, fails to start. A file of an earlier version (the
     * KUSTATE1 log, or Camel's FileStateRepository lines) is migrated on first start, the original kept as
     * <file>.<format>.bak. Ignored when stateRepository is set.
     *
     * @param stateFile the value
     */
    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }

    /** @return the {@code stateKeyPrefix} option */
    public String getStateKeyPrefix() {
        return stateKeyPrefix;
    }

    /**
     * The namespace of this consumer's keys in the state repository, so that several consumers can share one
     * repository. By default it is derived from the account (the base URL, however spelled) and the list filters, not
     * from include, optionalFields, perPage or pageConcurrency; when a filter changes, the route's previous state is
     * taken over and reconciled (users no longer in scope are emitted as removed), with a WARN. Set it to name the
     * state yourself (cluster nodes then share it explicitly); a new value starts afresh. See docs/STATE.md.
     *
     * @param stateKeyPrefix the value
     */
    public void setStateKeyPrefix(String stateKeyPrefix) {
        this.stateKeyPrefix = stateKeyPrefix;
    }

    /** @return the {@code clusterNamespace} option */
    public String getClusterNamespace() {
        return clusterNamespace;
    }

    /**
     * The namespace of the cluster view (the CamelClusterService in the context, e.g. ZooKeeperClusterService) whose
     * leader alone may run this consumer: the same namespace as the route's ClusteredRoutePolicy or master: endpoint.
     * When set, the consumer emits and commits only while this node is that view's leader: it stops its walk, emits
     * nothing more and commits nothing more as soon as it learns otherwise, even if the Camel version keeps the route
     * running (CAMEL-24457). With a JdbcStateRepository it also takes a new leader term at each start and its state
     * writes are fenced by it: a write from an older term is rolled back. See docs/SYNCING.md.
     *
     * @param clusterNamespace the value
     */
    public void setClusterNamespace(String clusterNamespace) {
        this.clusterNamespace = clusterNamespace;
    }

    /** @return the {@code incremental} option */
    public boolean isIncremental() {
        return incremental;
    }

    /**
     * After a full poll, ask only for users updated since the last successful poll started (minus incrementalOverlap),
     * so a poll costs in proportion to the changes. Every fullSyncEvery polls a full poll catches removals.
     *
     * @param incremental the value
     */
    public void setIncremental(boolean incremental) {
        this.incremental = incremental;
    }

    /** @return the {@code fullSyncEvery} option */
    public int getFullSyncEvery() {
        return fullSyncEvery;
    }

    /**
     * In incremental mode, every how many polls a full poll is made (to detect removals and anything updated_after
     * misses).
     *
     * @param fullSyncEvery the value
     */
    public void setFullSyncEvery(int fullSyncEvery) {
        this.fullSyncEvery = fullSyncEvery;
    }

    /** @return the {@code incrementalOverlap} option */
    public long getIncrementalOverlap() {
        return incrementalOverlap;
    }

    /**
     * In incremental mode, how far before the last successful poll's start the updated_after window begins, to absorb
     * clock skew between this host and Kantata.
     *
     * @param incrementalOverlap the value
     */
    public void setIncrementalOverlap(long incrementalOverlap) {
        this.incrementalOverlap = incrementalOverlap;
    }

    /** @return the {@code changeDetection} option */
    public String getChangeDetection() {
        return changeDetection;
    }

    /**
     * How the consumer finds what changed after its first full poll: poll walks the account (or, with incremental, asks
     * for users updated since the last poll), events reads Kantata's change feed (GET /subscribed_events, account
     * administrators only) and reads only the users it names, which also sees removals within one poll; a full walk
     * still reconciles every eventsReconcileInterval, and at once when the feed refuses access (403) or the cursor is
     * older than eventsRetention.
     *
     * @param changeDetection the value
     */
    public void setChangeDetection(String changeDetection) {
        this.changeDetection = changeDetection;
    }

    /** @return the {@code eventsOverlap} option */
    public long getEventsOverlap() {
        return eventsOverlap;
    }

    /**
     * With changeDetection=events, how far before the cursor each poll reads the feed again, for events Kantata writes
     * late (with a created_at behind events already read); events read twice change nothing.
     *
     * @param eventsOverlap the value
     */
    public void setEventsOverlap(long eventsOverlap) {
        this.eventsOverlap = eventsOverlap;
    }

    /** @return the {@code eventsReconcileInterval} option */
    public long getEventsReconcileInterval() {
        return eventsReconcileInterval;
    }

    /**
     * With changeDetection=events, how often a full walk of the account reconciles the state with Kantata anyway
     * (whatever the feed missed).
     *
     * @param eventsReconcileInterval the value
     */
    public void setEventsReconcileInterval(long eventsReconcileInterval) {
        this.eventsReconcileInterval = eventsReconcileInterval;
    }

    /** @return the {@code eventsRetention} option */
    public long getEventsRetention() {
        return eventsRetention;
    }

    /**
     * With changeDetection=events, how long Kantata keeps events (7 to 9 days): a cursor older than this may have
     * missed events, so the poll walks the whole account instead.
     *
     * @param eventsRetention the value
     */
    public void setEventsRetention(long eventsRetention) {
        this.eventsRetention = eventsRetention;
    }

    /** @return the {@code maxMessagesPerPoll} option */
    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * The largest number of users emitted by one poll; what is left over comes on the next poll. 0 means no limit.
     *
     * @param maxMessagesPerPoll the value
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    /** @return the {@code maxFailuresPerUser} option */
    public int getMaxFailuresPerUser() {
        return maxFailuresPerUser;
    }

    /**
     * After this many consecutive failed deliveries of one user, the consumer reports it once (a WARN, the JMX
     * FailedUserCount) and retries it only when its content changes or every 64 polls, instead of after a back-off that
     * doubles each poll.
     *
     * @param maxFailuresPerUser the value
     */
    public void setMaxFailuresPerUser(int maxFailuresPerUser) {
        this.maxFailuresPerUser = maxFailuresPerUser;
    }

    /** @return the {@code maxRetries} option */
    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * How many times a call is retried after 429, 502, 503, 504 or a connection failure. 0 disables retries.
     *
     * @param maxRetries the value
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** @return the {@code initialBackoff} option */
    public long getInitialBackoff() {
        return initialBackoff;
    }

    /**
     * The backoff ceiling before the first retry; it doubles for each retry (exponential backoff with full jitter).
     *
     * @param initialBackoff the value
     */
    public void setInitialBackoff(long initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    /** @return the {@code maxBackoff} option */
    public long getMaxBackoff() {
        return maxBackoff;
    }

    /**
     * The largest backoff between two retries.
     *
     * @param maxBackoff the value
     */
    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    /** @return the {@code retryBudget} option */
    public long getRetryBudget() {
        return retryBudget;
    }

    /**
     * The longest total time spent retrying one call; a retry that would exceed it is not made.
     *
     * @param retryBudget the value
     */
    public void setRetryBudget(long retryBudget) {
        this.retryBudget = retryBudget;
    }

    /** @return the {@code maxRetryAfter} option */
    public long getMaxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * The longest Retry-After that is obeyed. A longer one fails the call at once with a KantataRateLimitException
     * instead of looking hung.
     *
     * @param maxRetryAfter the value
     */
    public void setMaxRetryAfter(long maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    /** @return the {@code retryNonIdempotent} option */
    public boolean isRetryNonIdempotent() {
        return retryNonIdempotent;
    }

    /**
     * Whether POST (the photo upload) is retried too. GET, PUT and DELETE are always retried.
     *
     * @param retryNonIdempotent the value
     */
    public void setRetryNonIdempotent(boolean retryNonIdempotent) {
        this.retryNonIdempotent = retryNonIdempotent;
    }

    /** @return the {@code connectTimeout} option */
    public long getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * How long to wait for a connection to Kantata.
     *
     * @param connectTimeout the value
     */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the {@code responseTimeout} option */
    public long getResponseTimeout() {
        return responseTimeout;
    }

    /**
     * How long to wait for a response once the request is sent (below Kantata's own 3-minute cut-off).
     *
     * @param responseTimeout the value
     */
    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    /** @return the {@code callTimeout} option */
    public long getCallTimeout() {
        return callTimeout;
    }

    /**
     * The overall deadline of one call, retries and waits included, so that a hung server can never hang a route or a
     * consumer.
     *
     * @param callTimeout the value
     */
    public void setCallTimeout(long callTimeout) {
        this.callTimeout = callTimeout;
    }

    /** @return the {@code sslContextParameters} option */
    public org.apache.camel.support.jsse.SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * Your own TLS configuration (trust store, protocols). Without it the JVM's default trust store is used with full
     * certificate and host name verification.
     *
     * @param sslContextParameters the value
     */
    public void setSslContextParameters(org.apache.camel.support.jsse.SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    /** @return the {@code useGlobalSslContextParameters} option */
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    /**
     * Use the CamelContext's global SSLContextParameters.
     *
     * @param useGlobalSslContextParameters the value
     */
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }

    /** @return the {@code proxyHost} option */
    public String getProxyHost() {
        return proxyHost;
    }

    /**
     * An HTTP proxy host.
     *
     * @param proxyHost the value
     */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    /** @return the {@code proxyPort} option */
    public Integer getProxyPort() {
        return proxyPort;
    }

    /**
     * The HTTP proxy port.
     *
     * @param proxyPort the value
     */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    /** @return the {@code proxyUsername} option */
    public String getProxyUsername() {
        return proxyUsername;
    }

    /**
     * The proxy user name.
     *
     * @param proxyUsername the value
     */
    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    /** @return the {@code proxyPassword} option */
    public String getProxyPassword() {
        return proxyPassword;
    }

    /**
     * The proxy password.
     *
     * @param proxyPassword the value
     */
    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    /** @return a copy, so that endpoints never share mutable configuration */
    public KantataUsersConfiguration copy() {
        try {
            KantataUsersConfiguration copy = (KantataUsersConfiguration) clone();
            if (query != null) {
                copy.query = new java.util.LinkedHashMap<>(query);
            }
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        // never the token, the token supplier's value, or the proxy credentials
        return "KantataUsersConfiguration[baseUrl=" + baseUrl + ", accessToken=" + (accessToken == null ? "none" : "****")
               + ", tokenSupplier=" + (tokenSupplier == null ? "none" : "set") + ", userId=" + userId + ", include=" + include
               + ", optionalFields=" + optionalFields + "]";
    }
}
