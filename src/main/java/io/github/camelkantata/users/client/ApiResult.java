package io.github.camelkantata.users.client;

/**
 * A successful call's value with what it took to get it.
 *
 * @param value     the value
 * @param attempts  attempts made, retries included (so retries = attempts - 1)
 * @param requestId the {@code x-request-id} of the successful response, or null
 * @param status    the HTTP status of the successful response
 * @param <T>       the value type
 */
public record ApiResult<T>(T value, int attempts, String requestId, int status) {

    /** @param <R> the new type @param newValue the new value @return the same call facts with another value */
    public <R> ApiResult<R> with(R newValue) {
        return new ApiResult<>(newValue, attempts, requestId, status);
    }
}
