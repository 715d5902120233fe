package io.github.camelkantata.users;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.camelkantata.users.client.ApiCaller;
import io.github.camelkantata.users.client.CallGroup;
import io.github.camelkantata.users.client.ClientSettings;
import io.github.camelkantata.users.client.KantataUsersClient;
import io.github.camelkantata.users.client.QueryString;
import io.github.camelkantata.users.client.RetryPolicy;
import io.github.camelkantata.users.consumer.KantataUsersConsumer;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the Kantata OX Users API: {@code list}, {@code me}, {@code get}, {@code update}, {@code capacity} and
 * {@code photo}, and polls {@code list} for new, changed and removed users.
 */
@ManagedResource(description = "Kantata OX Users endpoint")
@UriEndpoint(firstVersion = "0.1.0", scheme = KantataUsersConstants.SCHEME, title = "Kantata OX Users",
             syntax = "kantata-users:operation", category = { Category.SAAS, Category.API },
             headersClass = KantataUsersConstants.class)
public class KantataUsersEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    private static final Logger LOG = LoggerFactory.getLogger(KantataUsersEndpoint.class);

    /** The include values GET /users accepts. */
    public static final List<String> INCLUDES = List.of("account_membership", "custom_field_values",
            "external_references", "manager", "role", "skill_memberships", "skills", "work_samples");

    /** The optional_fields values GET /users accepts. */
    public static final List<String> OPTIONAL_FIELDS = List.of("bio", "website", "city", "state", "country",
            "abbreviated_timezone", "last_site_activity", "classification");

    @UriPath(description = "The Users API operation.", enums = "list,me,get,update,lookup,capacity,photo")
    @Metadata(required = true)
    private KantataUsersOperation operation;

    @UriParam
    private KantataUsersConfiguration configuration;

    /**
     * The consumer's default delay between polls: each poll walks the whole account (500 pages for 100,000 users), so
     * Camel's 500 ms would walk it back to back, and camel-jira's 6 s, made for one page of recent issues, would still
     * do so for a large account. A minute keeps the target at most about a minute behind Kantata at a cost of one walk
     * a minute; incremental mode or a shorter delay suits those who need it sooner.
     */
    public static final long DEFAULT_DELAY = 60_000L;

    // redeclared only to give the catalog this component's default; the value lives in ScheduledPollEndpoint
    @UriParam(label = "consumer,scheduler", defaultValue = "60000",
              description = "Milliseconds before the next poll. The default, a minute, suits a poll that walks the whole account; set a shorter delay (or incremental=true) for a faster sync.")
    @SuppressWarnings("unused")
    private long delay = DEFAULT_DELAY;

    private String listQuery;
    private String itemQuery;
    private KantataUsersClient client;
    private CallGroup calls;
    private final KantataUsersMetrics metrics = new KantataUsersMetrics();
    private ClientSettings transportSettings;
    private volatile String lastPollSummary;
    private AutoCloseable meters;

    /**
     * @param uri           the endpoint URI
     * @param component     the component
     * @param operation     the operation
     * @param configuration the endpoint's own copy of the configuration
     */
    public KantataUsersEndpoint(String uri, KantataUsersComponent component, KantataUsersOperation operation,
                                KantataUsersConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
        setDelay(DEFAULT_DELAY);
    }

    @Override
    public KantataUsersComponent getComponent() {
        return (KantataUsersComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new KantataUsersProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != KantataUsersOperation.list) {
            throw new IllegalArgumentException(
                    "Invalid value for the operation of a kantata-users consumer: '" + operation
                                               + "'. Allowed: list (only kantata-users:list can be consumed)");
        }
        KantataUsersConsumer consumer = new KantataUsersConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        validate();
        listQuery = buildListQuery(false);
        itemQuery = buildItemQuery();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        KantataUsersConfiguration c = configuration;
        SSLContextParameters ssl = sslContextParameters();
        ClientSettings settings = new ClientSettings(
                Duration.ofMillis(c.getConnectTimeout()),
                Duration.ofMillis(c.getResponseTimeout()), ssl == null ? null : ssl.createSSLContext(getCamelContext()),
                c.getProxyHost(), c.getProxyPort() == null ? 8080 : c.getProxyPort(), c.getProxyUsername(),
                c.getProxyPassword(), getComponent().getMaxConnections(), c.getMaxResponseBytes(), ssl);
        Supplier<String> token = c.getTokenSupplier() != null ? c.getTokenSupplier() : c::getAccessToken;
        String tokenIdentity = c.getTokenSupplier() != null
                ? "supplier@" + System.identityHashCode(c.getTokenSupplier()) : "token:" + c.getAccessToken();
        RetryPolicy retry = new RetryPolicy(
                c.getMaxRetries(), Duration.ofMillis(c.getInitialBackoff()),
                Duration.ofMillis(c.getMaxBackoff()), Duration.ofMillis(c.getRetryBudget()),
                Duration.ofMillis(c.getMaxRetryAfter()), c.isRetryNonIdempotent());
        calls = getComponent().calls().child("the kantata-users endpoint");
        ApiCaller caller = new ApiCaller(
                getComponent().acquireTransport(settings), trimmedBaseUrl(), token,
                c.getTokenSupplier() != null, retry, getComponent().throttle(tokenIdentity), getComponent().scheduler(),
                getComponent().worker(), Duration.ofMillis(c.getCallTimeout()), calls, metrics);
        transportSettings = settings;
        client = new KantataUsersClient(caller, c.getMaxPages());
        meters = MicrometerMeters.bindIfPresent(this);
    }

    @Override
    protected void doStop() throws Exception {
        // calls made through the endpoint's own client (health checks, direct client users) end now; producers and
        // consumers ended theirs when they stopped
        if (calls != null) {
            calls.close("stopped");
        }
        if (meters != null) {
            meters.close();
            meters = null;
        }
        if (client != null) {
            client.caller().stopTimers();
        }
        if (transportSettings != null) {
            getComponent().releaseTransport(transportSettings);
            transportSettings = null;
        }
        super.doStop();
    }

    private SSLContextParameters sslContextParameters() {
        SSLContextParameters params = configuration.getSslContextParameters();
        if (params == null && configuration.isUseGlobalSslContextParameters()) {
            params = getComponent().retrieveGlobalSslContextParameters();
        }
        return params;
    }

    /** @return what this endpoint's calls did so far: requests, retries, 429s, errors by kind, pages */
    public KantataUsersMetrics getMetrics() {
        return metrics;
    }

    /** @return HTTP requests sent by this endpoint, retries included */
    @ManagedAttribute(description = "HTTP requests sent by this endpoint, retries included")
    public long getRequestCount() {
        return metrics.getRequests();
    }

    /** @return requests that repeated an earlier attempt */
    @ManagedAttribute(description = "Requests that repeated an earlier attempt (retries)")
    public long getRetryCount() {
        return metrics.getRetries();
    }

    /** @return 429 answers received */
    @ManagedAttribute(description = "429 Too Many Requests answers received")
    public long getRateLimitedCount() {
        return metrics.getRateLimited();
    }

    /** @return list pages requested */
    @ManagedAttribute(description = "List pages requested")
    public long getPageCount() {
        return metrics.getPages();
    }

    /** @return calls that ended with an error, by kind */
    @ManagedAttribute(description = "Calls that ended with an error, by kind (e.g. {RATE_LIMITED=2, NOT_FOUND=1})")
    public String getErrorsByKind() {
        return metrics.getErrorsByKind().toString();
    }

    /** @return users the consumer reported as failed after {@code maxFailuresPerUser} consecutive failed deliveries */
    @ManagedAttribute(description = "Users the consumer reported as failed after maxFailuresPerUser consecutive failed deliveries")
    public long getFailedUserCount() {
        return metrics.getUsersFailed();
    }

    /**
     * @return the last consumer poll: when it ended, its outcome, users delivered and failed by change type, pages,
     *         retries and duration
     */
    @ManagedAttribute(description = "The last consumer poll: when it ended, its outcome (ok, incomplete, failed), users delivered and failed, pages, retries, duration")
    public String getLastPollSummary() {
        return lastPollSummary;
    }

    /** @param summary the last consumer poll, as logged */
    public void setLastPollSummary(String summary) {
        this.lastPollSummary = summary;
    }

    private void validate() {
        KantataUsersConfiguration c = configuration;
        if (c.getTokenSupplier() == null && (c.getAccessToken() == null || c.getAccessToken().isBlank())) {
            throw new IllegalArgumentException(
                    "Missing option 'accessToken': set accessToken (on the component, e.g. "
                                               + "camel.component.kantata-users.access-token) or tokenSupplier");
        }
        validateBaseUrl(c.getBaseUrl());
        if (c.getPerPage() != null && (c.getPerPage() < 1 || c.getPerPage() > 200)) {
            throw ListFilterSupport.invalid("perPage", c.getPerPage(), "an integer from 1 to 200");
        }
        if (c.getPage() != null && c.getPage() < 1) {
            throw ListFilterSupport.invalid("page", c.getPage(), "an integer from 1");
        }
        if (c.getUserId() != null) {
            Requests.checkUserId("userId", c.getUserId());
        }
        LocalDate start = c.getStartDate() == null ? null : Requests.parseDate("startDate", c.getStartDate());
        LocalDate end = c.getEndDate() == null ? null : Requests.parseDate("endDate", c.getEndDate());
        if (start != null && end != null && start.isAfter(end)) {
            throw ListFilterSupport.invalid("startDate", c.getStartDate(),
                    "a date on or before endDate (" + c.getEndDate() + ")");
        }
        checkList("include", c.getInclude(), INCLUDES);
        checkList("optionalFields", c.getOptionalFields(), OPTIONAL_FIELDS);
        if (!"upload".equals(c.getPhotoAction()) && !"reset".equals(c.getPhotoAction())) {
            throw ListFilterSupport.invalid("photoAction", c.getPhotoAction(), "upload or reset");
        }
        if (!"poll".equals(c.getChangeDetection()) && !"events".equals(c.getChangeDetection())) {
            throw ListFilterSupport.invalid("changeDetection", c.getChangeDetection(), "poll or events");
        }
        if (c.getEventsOverlap() < 0) {
            throw ListFilterSupport.invalid("eventsOverlap", c.getEventsOverlap() + " ms",
                    "a duration of 0 or more, such as 15m");
        }
        if (c.getEventsRetention() <= 0) {
            throw ListFilterSupport.invalid("eventsRetention", c.getEventsRetention() + " ms",
                    "a positive duration, such as 7d");
        }
        if (c.getEventsReconcileInterval() <= 0) {
            throw ListFilterSupport.invalid("eventsReconcileInterval", c.getEventsReconcileInterval() + " ms",
                    "a positive duration, such as 1d");
        }
        if (!"List".equals(c.getOutputType()) && !"StreamList".equals(c.getOutputType())) {
            throw ListFilterSupport.invalid("outputType", c.getOutputType(), "List or StreamList");
        }
        positive("pageConcurrency", c.getPageConcurrency(), 1);
        positive("maxRetries", c.getMaxRetries(), 0);
        positive("fullSyncEvery", c.getFullSyncEvery(), 1);
        positive("maxMessagesPerPoll", c.getMaxMessagesPerPoll(), 0);
        positive("maxFailuresPerUser", c.getMaxFailuresPerUser(), 1);
        if (c.getMaxPhotoBytes() < 1) {
            throw ListFilterSupport.invalid("maxPhotoBytes", c.getMaxPhotoBytes(), "a positive number of bytes");
        }
        for (String[] d : new String[][] {
                { "connectTimeout", "" + c.getConnectTimeout() }, { "responseTimeout", "" + c.getResponseTimeout() },
                { "callTimeout", "" + c.getCallTimeout() }, { "streamIdleTimeout", "" + c.getStreamIdleTimeout() } }) {
            if (Long.parseLong(d[1]) <= 0) {
                throw ListFilterSupport.invalid(d[0], d[1] + " ms", "a positive duration such as 30s");
            }
        }
        ListFilterSupport.validate(configuration);
        if (operation == KantataUsersOperation.lookup
                && (configuration.getByEmailAddress() != null || configuration.getByEmailAddresses() != null)) {
            // the value is not echoed: it holds e-mail addresses
            throw new IllegalArgumentException(
                    "Invalid option '"
                                               + (configuration.getByEmailAddresses() != null
                                                       ? "byEmailAddresses" : "byEmailAddress")
                                               + "' on kantata-users:lookup. Allowed: leave it unset; the addresses come "
                                               + "from the message body or the " + KantataUsersConstants.EMAIL_ADDRESSES
                                               + " header");
        }
    }

    private static void positive(String option, int value, int min) {
        if (value < min) {
            throw ListFilterSupport.invalid(option, value, "an integer of at least " + min);
        }
    }

    private void validateBaseUrl(String baseUrl) {
        String allowed = "an absolute https:// URL such as https://api.mavenlink.com/api/v1";
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (RuntimeException e) {
            throw ListFilterSupport.invalid("baseUrl", baseUrl, allowed);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            // never echo the value: it holds a password
            throw new IllegalArgumentException(
                    "Invalid value for option 'baseUrl': it holds credentials (user:password@). "
                                               + "Allowed: " + allowed + " without credentials; the token goes in "
                                               + "accessToken, proxy credentials in proxyUsername/proxyPassword");
        }
        if (uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme)) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || baseUrl.endsWith("?") || baseUrl.endsWith("#")) {
            throw ListFilterSupport.invalid("baseUrl", baseUrl, allowed + ", without a query (?) or fragment (#)");
        }
        if ("http".equals(scheme) && !isLoopback(uri.getHost())) {
            LOG.warn("kantata-users baseUrl {} uses plain http to a non-loopback host: the access token travels in clear. "
                     + "Use https.",
                    baseUrl);
        }
    }

    private static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            // literal addresses only: never a DNS lookup at start-up
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
            }
        } catch (Exception e) {
            return false;
        }
        return false;
    }

    private static void checkList(String option, String value, List<String> allowed) {
        if (value == null) {
            return;
        }
        for (String v : value.split(",")) {
            String s = v.trim();
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException(
                        "Invalid value for option '" + option + "': '" + s + "' (in '" + value
                                                   + "'). Allowed: " + String.join(", ", allowed));
            }
        }
    }

    private static String normalizeList(String value) {
        if (value == null) {
            return null;
        }
        Set<String> set = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
        return String.join(",", set);
    }

    private String buildItemQuery() {
        QueryString q = new QueryString();
        // Kantata applies its default filters to show routes too: a disabled user is a 404 unless asked for
        q.add("show_disabled", configuration.getShowDisabled());
        q.add("include", normalizeList(configuration.getInclude()));
        q.add("optional_fields", normalizeList(configuration.getOptionalFields()));
        return q.toString();
    }

    /**
     * The list query without paging, built once.
     *
     * @param  consumerDefaults whether the consumer's scope default applies ({@code on_my_account=true} unless a scope
     *                          filter is set)
     * @return                  the encoded query string
     */
    public String buildListQuery(boolean consumerDefaults) {
        return buildListQuery(consumerDefaults, null);
    }

    /**
     * The list query without paging, with one more {@code include} value when it is not there yet.
     *
     * @param  consumerDefaults whether the consumer's scope default applies
     * @param  alsoInclude      an include value to add, or null
     * @return                  the encoded query string
     */
    public String buildListQuery(boolean consumerDefaults, String alsoInclude) {
        QueryString q = new QueryString();
        KantataUsersListFilters f = configuration;
        if (consumerDefaults && f.getOnMyAccount() == null && !hasScopeFilter(f)) {
            f = f.copy();
            f.setOnMyAccount(Boolean.TRUE);
        }
        ListFilterSupport.appendTo(f, q);
        String include = configuration.getInclude();
        if (alsoInclude != null) {
            include = include == null || include.isBlank() ? alsoInclude : include + "," + alsoInclude;
        }
        q.add("include", normalizeList(include));
        q.add("optional_fields", normalizeList(configuration.getOptionalFields()));
        if (configuration.getQuery() != null) {
            for (Map.Entry<String, Object> e : configuration.getQuery().entrySet()) {
                Object v = e.getValue();
                if (v instanceof Iterable<?> it) {
                    for (Object o : it) {
                        q.add(e.getKey(), o);
                    }
                } else {
                    q.add(e.getKey(), v);
                }
            }
        }
        return q.toString();
    }

    private static boolean hasScopeFilter(KantataUsersListFilters f) {
        return f.getAccountId() != null || f.getParticipantIn() != null || f.getOnMyAccountOrParticipantInWorkspace() != null
                || f.getAllContacts() != null || f.getContactsOnDifferentAccount() != null || f.getOnly() != null
                || f.getWithUsers() != null;
    }

    /**
     * @return what tells this endpoint's connection setting apart (token or token supplier, and base URL); holds the
     *         token, so only ever digested
     */
    String connectionIdentity() {
        KantataUsersConfiguration c = configuration;
        String token = c.getTokenSupplier() != null
                ? "supplier@" + System.identityHashCode(c.getTokenSupplier()) : "token:" + c.getAccessToken();
        return token + "\n" + trimmedBaseUrl();
    }

    private String trimmedBaseUrl() {
        String b = configuration.getBaseUrl();
        b = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        int colon = b.indexOf(':');
        return b.substring(0, colon).toLowerCase(java.util.Locale.ROOT) + b.substring(colon); // HTTPS:// works too
    }

    /** @return the operation */
    public KantataUsersOperation getOperation() {
        return operation;
    }

    /** @param operation the Users API operation */
    public void setOperation(KantataUsersOperation operation) {
        this.operation = operation;
    }

    /** @return the configuration */
    public KantataUsersConfiguration getConfiguration() {
        return configuration;
    }

    /** @param configuration the endpoint's configuration */
    public void setConfiguration(KantataUsersConfiguration configuration) {
        this.configuration = configuration;
    }

    /** @return the GET /users filters: they are part of the configuration */
    public KantataUsersListFilters getFilters() {
        return configuration;
    }

    /** @return the list query without paging (producer form) */
    public String getListQuery() {
        return listQuery;
    }

    /** @return the include/optional_fields query of single-user calls */
    public String getItemQuery() {
        return itemQuery;
    }

    /** @return the Camel-free client, available once the endpoint has started */
    public KantataUsersClient getClient() {
        return client;
    }

    /**
     * Identity, not the URI: the URI shown never holds {@code accessToken} or the proxy credentials, so two endpoints
     * that differ only by token would otherwise be equal, and Camel's producer cache would send the second one's calls
     * with the first one's token (a per-tenant {@code toD(...accessToken=${header.token})}). Camel's endpoint registry
     * still returns one instance per full URI.
     */
    @Override
    public boolean equals(Object object) {
        return this == object;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "https".equalsIgnoreCase(URI.create(configuration.getBaseUrl()).getScheme()) ? "https" : "http";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return Map.of("operation", operation.name());
    }
}
