package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.KantataError;

/**
 * No usable response: the connection was refused or reset, the server closed it without answering, or a timeout
 * expired. The status code is 0.
 */
public class KantataTransportException extends KantataUsersException {

    private static final long serialVersionUID = 1L;

    /**
     * @see KantataUsersException#KantataUsersException(ErrorKind, String, String, int, String, Map, String, List,
     *      String, int, String, Throwable)
     */
    public KantataTransportException(ErrorKind kind, String operation, String requestUri, int statusCode, String statusText,
                                     Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                                     int attempts,
                                     String detail, Throwable cause) {
        super(kind, operation, requestUri, statusCode, statusText, headers, body, errors, requestId, attempts, detail,
              cause);
    }
}
