package io.github.camelkantata.users;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.github.camelkantata.users.client.CallGroup;
import io.github.camelkantata.users.client.ClientSettings;
import io.github.camelkantata.users.client.HttpTransport;
import io.github.camelkantata.users.client.Throttle;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * The {@code kantata-users:} component: the Kantata OX (formerly Mavenlink) Users API in Camel routes.
 * <p>
 * Options set here are the defaults of every endpoint. The component owns what must be shared: one pooled HTTP client
 * per connection setting, one throttle per token (Kantata's rate limits are per token), the scheduler for retries and
 * deadlines, and the executor that completes exchanges off the I/O threads.
 */
@Component("kantata-users")
public class KantataUsersComponent extends HealthCheckComponent implements SSLContextParametersAware {

    @Metadata(label = "advanced", description = "The shared configuration: every endpoint starts from a copy of it.")
    private KantataUsersConfiguration configuration = new KantataUsersConfiguration();

    @Metadata(label = "advanced", defaultValue = "0",
              description = "Client-side limit on requests per second, shared by every endpoint and consumer of this component that uses the same token. 0 (the default) means no limit.")
    private double maxRequestsPerSecond;

    @Metadata(label = "advanced", defaultValue = "10",
              description = "How many requests may go at once, after a quiet period, under maxRequestsPerSecond.")
    private int maxBurst = 10;

    @Metadata(label = "advanced", defaultValue = "64",
              description = "The size of the HTTP connection pool shared by the endpoints of this component.")
    private int maxConnections = 64;

    @Metadata(label = "advanced", defaultValue = "16",
              description = "Threads that continue exchanges when responses arrive (and run retries and token look-ups), shared by every endpoint of this component. Bounded whatever the load: work beyond it queues, and no call is ever rejected. Routes that block for long after a kantata-users call need more.")
    private int workerPoolSize = DEFAULT_WORKER_POOL_SIZE;

    @Metadata(label = "advanced", defaultValue = "false",
              description = "Continue exchanges on the HTTP client's I/O thread when a response has been read, instead of handing them to a worker thread. It saves one thread hand-off per call (lower latency, less CPU), but while a route runs after a kantata-users call that I/O thread serves no other call of this component: only for routes that never block or run long after the call (hand slow work to seda: or threads()). Off by default, so that a slow route can never stall the I/O reactor.")
    private boolean completeOnIoThread;

    @Metadata(label = "advanced", defaultValue = "1000",
              description = "How long, in milliseconds, a producer health check waits for its GET /users/me before it reports DOWN; the check sends one request with no retry, whatever the endpoint's retry and timeout options.")
    private long healthCheckTimeout = 1000L;

    @Metadata(label = "advanced", defaultValue = "30000",
              description = "How long, in milliseconds, a producer health check keeps its answer: probes within that time get the same answer and send no request, so each connection setting costs at most one GET /users/me per interval.")
    private long healthCheckCacheTime = 30_000L;

    /** The default of {@code workerPoolSize}. */
    public static final int DEFAULT_WORKER_POOL_SIZE = 16;

    /** A transport and how many started endpoints use it. */
    private static final class SharedTransport {
        final HttpTransport transport;
        int users;

        SharedTransport(HttpTransport transport) {
            this.transport = transport;
        }
    }

    private final Map<ClientSettings, SharedTransport> transports = new HashMap<>();
    private final Map<String, Throttle> throttles = new HashMap<>();
    private final Map<String, KantataUsersProducerHealthCheck> healthChecks = new HashMap<>();
    private final CallGroup calls = new CallGroup("the kantata-users component");
    private ScheduledExecutorService scheduler;
    private ExecutorService completionExecutor;

    /** Creates the component. */
    public KantataUsersComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        KantataUsersOperation operation = KantataUsersOperation.parse(remaining);
        KantataUsersConfiguration config = configuration != null ? configuration.copy() : new KantataUsersConfiguration();
        KantataUsersEndpoint endpoint = new KantataUsersEndpoint(withoutSecrets(uri), this, operation, config);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * The endpoint URI Camel shows everywhere (toString, JMX, dev consoles, route dumps), without the secret options.
     * Camel masks secrets in most views but not all (the endpoint dev console's JSON prints raw URIs), and a
     * placeholder such as {@code accessToken={{token}}} is resolved into the URI before the endpoint exists; so the
     * endpoint never holds a URI with the token in the first place. The values themselves were already bound. The
     * values of personal filters ({@link PersonalData}) are masked the same way.
     */
    static String withoutSecrets(String uri) throws java.net.URISyntaxException {
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        Map<String, Object> params = org.apache.camel.util.URISupport.parseQuery(uri.substring(q + 1), true);
        boolean removed = false;
        for (String secret : SECRET_OPTIONS) {
            removed |= params.remove(secret) != null;
        }
        // personal data (e-mail addresses, names, id lists) is shown masked: Camel logs this URI when a poll fails
        for (String personal : PersonalData.personalOptions()) {
            removed |= params.replace(personal, PersonalData.HIDDEN) != null;
        }
        if (!removed) {
            return uri;
        }
        String rest = org.apache.camel.util.URISupport.createQueryString(params);
        return rest.isEmpty() ? uri.substring(0, q) : uri.substring(0, q + 1) + rest;
    }

    private static final java.util.List<String> SECRET_OPTIONS = java.util.List.of("accessToken", "proxyUsername",
            "proxyPassword");

    /** @return the shared configuration */
    public KantataUsersConfiguration getConfiguration() {
        return configuration;
    }

    /** @param configuration the shared configuration: every endpoint starts from a copy of it */
    public void setConfiguration(KantataUsersConfiguration configuration) {
        this.configuration = configuration;
    }

    /** @return the shared requests-per-second limit, 0 for none */
    public double getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    /**
     * Client-side limit on requests per second, shared by every endpoint and consumer of this component that uses the
     * same token. 0 (the default) means no limit.
     *
     * @param maxRequestsPerSecond the limit
     */
    public void setMaxRequestsPerSecond(double maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    /** @return the burst size of the throttle */
    public int getMaxBurst() {
        return maxBurst;
    }

    /**
     * How many requests may go at once, after a quiet period, under maxRequestsPerSecond.
     *
     * @param maxBurst the burst size
     */
    public void setMaxBurst(int maxBurst) {
        this.maxBurst = maxBurst;
    }

    /** @return the HTTP connection pool size */
    public int getMaxConnections() {
        return maxConnections;
    }

    /**
     * The size of the HTTP connection pool shared by the endpoints of this component.
     *
     * @param maxConnections the pool size
     */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** @return the size of the worker pool */
    public int getWorkerPoolSize() {
        return workerPoolSize;
    }

    /**
     * Threads that continue exchanges when responses arrive (and run retries and token look-ups), shared by every
     * endpoint of this component. Bounded whatever the load: work beyond it queues, and no call is ever rejected.
     * Routes that block for long after a kantata-users call need more.
     *
     * @param workerPoolSize the number of threads, at least 1
     */
    public void setWorkerPoolSize(int workerPoolSize) {
        this.workerPoolSize = workerPoolSize;
    }

    /** @return whether exchanges continue on the HTTP client's I/O thread */
    public boolean isCompleteOnIoThread() {
        return completeOnIoThread;
    }

    /**
     * Continue exchanges on the HTTP client's I/O thread when a response has been read, instead of handing them to a
     * worker thread. It saves one thread hand-off per call (lower latency, less CPU), but while a route runs after a
     * kantata-users call that I/O thread serves no other call of this component: only for routes that never block or
     * run long after the call. Off by default, so that a slow route can never stall the I/O reactor.
     *
     * @param completeOnIoThread true to run the rest of the route on the I/O thread
     */
    public void setCompleteOnIoThread(boolean completeOnIoThread) {
        this.completeOnIoThread = completeOnIoThread;
    }

    /** @return the producer health check's own timeout, in milliseconds */
    public long getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    /**
     * How long, in milliseconds, a producer health check waits for its GET /users/me before it reports DOWN; the check
     * sends one request with no retry, whatever the endpoint's retry and timeout options.
     *
     * @param healthCheckTimeout the timeout in milliseconds, at least 1
     */
    public void setHealthCheckTimeout(long healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    /** @return how long a producer health check keeps its answer, in milliseconds */
    public long getHealthCheckCacheTime() {
        return healthCheckCacheTime;
    }

    /**
     * How long, in milliseconds, a producer health check keeps its answer: probes within that time get the same answer
     * and send no request, so each connection setting costs at most one GET /users/me per interval.
     *
     * @param healthCheckCacheTime the time in milliseconds; 0 sends a request on every probe
     */
    public void setHealthCheckCacheTime(long healthCheckCacheTime) {
        this.healthCheckCacheTime = healthCheckCacheTime;
    }

    /**
     * The producer health check of the endpoint's connection setting (token and base URL), registered in
     * {@code repository} when its first producer starts. Every call must be matched by
     * {@link #releaseHealthCheck(Object, KantataUsersProducerHealthCheck, WritableHealthCheckRepository)}.
     */
    synchronized KantataUsersProducerHealthCheck acquireHealthCheck(
            Object producer, KantataUsersEndpoint endpoint,
            WritableHealthCheckRepository repository) {
        if (healthCheckTimeout <= 0) {
            throw new IllegalArgumentException(
                    "Invalid value for healthCheckTimeout: " + healthCheckTimeout
                                               + ". Allowed: a number of milliseconds, at least 1");
        }
        if (healthCheckCacheTime < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for healthCheckCacheTime: " + healthCheckCacheTime
                                               + ". Allowed: a number of milliseconds, 0 or more");
        }
        // the id names the connection by a short digest: no token, no URI (a URI may carry the token)
        String id = "producer:kantata-users-" + digest(endpoint.connectionIdentity()).substring(0, 8);
        KantataUsersProducerHealthCheck check = healthChecks.get(id);
        if (check == null) {
            check = new KantataUsersProducerHealthCheck(id, this);
            check.setEnabled(isHealthCheckProducerEnabled());
            healthChecks.put(id, check);
            repository.addHealthCheck(check);
        }
        check.add(producer, endpoint);
        return check;
    }

    /** A producer stopped: the last one to use a check removes it from {@code repository}. */
    synchronized void releaseHealthCheck(
            Object producer, KantataUsersProducerHealthCheck check,
            WritableHealthCheckRepository repository) {
        if (check.remove(producer)) {
            healthChecks.remove(check.getId());
            repository.removeHealthCheck(check);
        }
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return configuration.isUseGlobalSslContextParameters();
    }

    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        configuration.setUseGlobalSslContextParameters(useGlobalSslContextParameters);
    }

    /**
     * The shared HTTP transport for these settings, created on first use. Every call must be matched by
     * {@link #releaseTransport(ClientSettings)}: the last release closes it, so route restarts and {@code toD}
     * endpoints that come and go do not accumulate clients and their threads.
     *
     * @param  settings connection settings
     * @return          a started transport
     */
    synchronized HttpTransport acquireTransport(ClientSettings settings) {
        ensureExecutors();
        SharedTransport shared = transports.computeIfAbsent(settings,
                s -> new SharedTransport(new HttpTransport(s, completeOnIoThread ? Runnable::run : completionExecutor)));
        shared.users++;
        return shared.transport;
    }

    /** @param settings the settings a transport was acquired with */
    synchronized void releaseTransport(ClientSettings settings) {
        SharedTransport shared = transports.get(settings);
        if (shared != null && --shared.users <= 0) {
            transports.remove(settings);
            shared.transport.close();
        }
    }

    /** @return the HTTP clients open now (one per distinct connection setting in use) */
    public synchronized int openTransports() {
        return transports.size();
    }

    /** @return the parent of every endpoint's calls: all end when the component stops */
    CallGroup calls() {
        return calls;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        calls.open();
    }

    /** @return the worker that continues exchanges and runs attempts */
    synchronized ExecutorService worker() {
        ensureExecutors();
        return completionExecutor;
    }

    /**
     * The throttle shared by every user of one token, or null when no limit is set.
     *
     * @param  tokenIdentity the token, or an identity for a token supplier
     * @return               the throttle, or null
     */
    synchronized Throttle throttle(String tokenIdentity) {
        if (maxRequestsPerSecond <= 0) {
            return null;
        }
        ensureExecutors();
        // keyed by a digest so that no map dump or heap summary shows the token itself
        return throttles.computeIfAbsent(digest(tokenIdentity), k -> new Throttle(maxRequestsPerSecond, maxBurst, scheduler));
    }

    /** @return the scheduler for retries, deadlines and throttled permits */
    synchronized ScheduledExecutorService scheduler() {
        ensureExecutors();
        return scheduler;
    }

    private void ensureExecutors() {
        // Camel's default profile caps queues at 1000 tasks and rejects beyond: one timer per call in flight would hit
        // that at 1000 calls. Both pools here have unbounded queues and fixed thread counts, so load queues work
        // instead of failing it or growing threads.
        if (scheduler == null) {
            scheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "KantataUsersScheduler",
                    profile("KantataUsersScheduler", 1));
        }
        if (completionExecutor == null) {
            int n = Math.max(1, workerPoolSize);
            completionExecutor = getCamelContext().getExecutorServiceManager().newThreadPool(this, "KantataUsers",
                    profile("KantataUsers", n));
        }
    }

    private static ThreadPoolProfile profile(String id, int threads) {
        ThreadPoolProfile p = new ThreadPoolProfile(id);
        p.setPoolSize(threads);
        p.setMaxPoolSize(threads);
        p.setMaxQueueSize(-1); // unbounded: queue, never reject
        p.setKeepAliveTime(60L);
        p.setTimeUnit(java.util.concurrent.TimeUnit.SECONDS);
        p.setAllowCoreThreadTimeOut(true);
        return p;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        // endpoints normally stop first, each ending its calls; whatever is left (a producer outside any route whose
        // endpoint was not stopped) ends here, before the pools and clients go
        calls.close("stopped");
        for (SharedTransport t : transports.values()) {
            t.transport.close();
        }
        transports.clear();
        throttles.clear();
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdown(scheduler);
            scheduler = null;
        }
        if (completionExecutor != null) {
            getCamelContext().getExecutorServiceManager().shutdown(completionExecutor);
            completionExecutor = null;
        }
        super.doStop();
    }
}
