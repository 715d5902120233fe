package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.KantataError;

/**
 * A response whose body is not what the API documents: invalid or truncated JSON, an HTML page, a missing
 * {@code results} or {@code users} key, or a result that points to a missing object.
 */
public class KantataMalformedResponseException extends KantataUsersException {

    private static final long serialVersionUID = 1L;

    /**
     * @see KantataUsersException#KantataUsersException(ErrorKind, String, String, int, String, Map, String, List,
     *      String, int, String, Throwable)
     */
    public KantataMalformedResponseException(ErrorKind kind, String operation, String requestUri, int statusCode,
                                             String statusText,
                                             Map<String, String> headers, String body, List<KantataError> errors,
                                             String requestId, int attempts,
                                             String detail, Throwable cause) {
        super(kind, operation, requestUri, statusCode, statusText, headers, body, errors, requestId, attempts, detail,
              cause);
    }
}
