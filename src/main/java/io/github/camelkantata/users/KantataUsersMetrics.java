package io.github.camelkantata.users;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.client.ClientMetrics;

/**
 * What one endpoint's calls did: requests sent, retries, 429 answers, pages read and errors by kind. Shown as JMX
 * attributes of the endpoint, and as Micrometer meters when Micrometer is on the class path.
 */
public final class KantataUsersMetrics implements ClientMetrics {

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder pages = new LongAdder();
    private final LongAdder usersFailed = new LongAdder();
    private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);

    /** Creates zeroed counters. */
    public KantataUsersMetrics() {
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, new LongAdder());
        }
    }

    @Override
    public void request(String operation, boolean retry) {
        requests.increment();
        if (retry) {
            retries.increment();
        }
    }

    @Override
    public void rateLimited(String operation) {
        rateLimited.increment();
    }

    @Override
    public void failed(String operation, ErrorKind kind) {
        errors.get(kind).increment();
    }

    @Override
    public void page(String operation) {
        pages.increment();
    }

    /** @return HTTP requests sent, retries included */
    public long getRequests() {
        return requests.sum();
    }

    /** @return requests that repeated an earlier attempt */
    public long getRetries() {
        return retries.sum();
    }

    /** @return 429 answers received */
    public long getRateLimited() {
        return rateLimited.sum();
    }

    /** @return list pages requested */
    public long getPages() {
        return pages.sum();
    }

    /**
     * Counts a user that a consumer reported as failed: its delivery failed {@code maxFailuresPerUser} times in a row.
     */
    public void userFailed() {
        usersFailed.increment();
    }

    /** @return users a consumer reported as failed ({@code maxFailuresPerUser} consecutive failed deliveries) */
    public long getUsersFailed() {
        return usersFailed.sum();
    }

    /** @param kind an error kind @return calls that ended with it */
    public long getErrors(ErrorKind kind) {
        return errors.get(kind).sum();
    }

    /** @return calls that ended with an error, by kind, leaving out kinds never seen */
    public Map<String, Long> getErrorsByKind() {
        Map<String, Long> m = new java.util.TreeMap<>();
        errors.forEach((k, v) -> {
            long n = v.sum();
            if (n > 0) {
                m.put(k.name(), n);
            }
        });
        return m;
    }

    @Override
    public String toString() {
        return "requests=" + getRequests() + ", retries=" + getRetries() + ", rateLimited=" + getRateLimited() + ", pages="
               + getPages() + ", errors=" + getErrorsByKind();
    }
}
