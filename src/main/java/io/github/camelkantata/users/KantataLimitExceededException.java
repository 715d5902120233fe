package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.KantataError;

/**
 * A safety limit was reached ({@link KantataUsersException.ErrorKind#LIMIT_EXCEEDED}): a response body larger than
 * {@code maxResponseBytes} (counted after decompression), or a list longer than {@code maxPages} pages. The status is
 * that of the response when one had started to arrive, otherwise 0. Not retryable: the same request gives the same
 * answer.
 */
public class KantataLimitExceededException extends KantataUsersException {

    private static final long serialVersionUID = 1L;

    /**
     * @see KantataUsersException#KantataUsersException(ErrorKind, String, String, int, String, Map, String, List,
     *      String, int, String, Throwable)
     */
    public KantataLimitExceededException(ErrorKind kind, String operation, String requestUri, int statusCode, String statusText,
                                         Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                                         int attempts,
                                         String detail, Throwable cause) {
        super(kind, operation, requestUri, statusCode, statusText, headers, body, errors, requestId, attempts, detail,
              cause);
    }
}
