package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.KantataError;

/**
 * 429 Too Many Requests after the retry policy gave up, or with a {@code Retry-After} above {@code maxRetryAfter}.
 */
public class KantataRateLimitException extends KantataUsersException {

    private static final long serialVersionUID = 1L;

    /**
     * @see KantataUsersException#KantataUsersException(ErrorKind, String, String, int, String, Map, String, List,
     *      String, int, String, Throwable)
     */
    public KantataRateLimitException(ErrorKind kind, String operation, String requestUri, int statusCode, String statusText,
                                     Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                                     int attempts,
                                     String detail, Throwable cause) {
        super(kind, operation, requestUri, statusCode, statusText, headers, body, errors, requestId, attempts, detail,
              cause);
    }
}
