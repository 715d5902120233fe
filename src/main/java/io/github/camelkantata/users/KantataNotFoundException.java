package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.KantataError;

/**
 * 404: the user does not exist, is not visible to the token, or is hidden by a default filter such as
 * {@code showDisabled=false}.
 */
public class KantataNotFoundException extends KantataUsersException {

    private static final long serialVersionUID = 1L;

    /**
     * @see KantataUsersException#KantataUsersException(ErrorKind, String, String, int, String, Map, String, List,
     *      String, int, String, Throwable)
     */
    public KantataNotFoundException(ErrorKind kind, String operation, String requestUri, int statusCode, String statusText,
                                    Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                                    int attempts,
                                    String detail, Throwable cause) {
        super(kind, operation, requestUri, statusCode, statusText, headers, body, errors, requestId, attempts, detail,
              cause);
    }
}
