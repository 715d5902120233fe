package io.github.camelkantata.users.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before repeating a failed call.
 * <p>
 * 429, 502, 503, 504 and connection failures (refused, reset, closed without a response) are retried with exponential
 * backoff and full jitter, up to {@code maxRetries} retries and within {@code retryBudget} of total time. A
 * {@code Retry-After} header (seconds or HTTP date) is honoured up to {@code maxRetryAfter}; above that the call fails
 * at once rather than look hung. POST is only retried when {@code retryNonIdempotent} is set.
 *
 * @param maxRetries         retries after the first attempt; 0 disables retrying
 * @param initialBackoff     the backoff ceiling of the first retry; it doubles per retry
 * @param maxBackoff         the largest backoff ceiling
 * @param retryBudget        the longest total time spent retrying one call
 * @param maxRetryAfter      the longest {@code Retry-After} that is obeyed
 * @param retryNonIdempotent whether POST (photo upload) is retried too
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration retryBudget,
        Duration maxRetryAfter, boolean retryNonIdempotent) {

    /** Three retries, 200 ms doubling to 10 s, 60 s budget, Retry-After up to 60 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(
            3, Duration.ofMillis(200), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(60), false);

    /** No retries at all. */
    public static final RetryPolicy NONE = new RetryPolicy(
            0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            false);

    /** @param status an HTTP status @return whether that status is worth retrying */
    public static boolean isRetryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** @param request the request @return whether its method may be retried under this policy */
    public boolean mayRetry(ApiRequest request) {
        return request.idempotent() || retryNonIdempotent;
    }

    /**
     * Full jitter: a uniformly random wait between zero and the exponential ceiling, so that many clients that failed
     * together do not retry together.
     *
     * @param  retry the retry number, from 1
     * @return       the wait in milliseconds
     */
    public long backoffMillis(int retry) {
        long base = Math.max(1, initialBackoff.toMillis());
        long ceiling = Math.min(maxBackoff.toMillis(), base << Math.min(20, retry - 1));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /**
     * Parses a {@code Retry-After} header.
     *
     * @param  value the header value, seconds or an HTTP date; may be null
     * @return       the wait it asks for, or null when absent or unreadable
     */
    public static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return Duration.ofSeconds(Math.max(0, seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
