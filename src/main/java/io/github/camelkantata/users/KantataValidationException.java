package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.camelkantata.users.model.KantataError;

/**
 * 422 Unprocessable Entity: Kantata refused the values sent. {@link #getErrors()} lists each field.
 */
public class KantataValidationException extends KantataUsersException {

    private static final long serialVersionUID = 1L;

    /**
     * @see KantataUsersException#KantataUsersException(ErrorKind, String, String, int, String, Map, String, List,
     *      String, int, String, Throwable)
     */
    public KantataValidationException(ErrorKind kind, String operation, String requestUri, int statusCode, String statusText,
                                      Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                                      int attempts,
                                      String detail, Throwable cause) {
        super(kind, operation, requestUri, statusCode, statusText, headers, body, errors, requestId, attempts, detail,
              cause);
    }

    /** @return the names of the fields Kantata refused, in the order it listed them */
    public List<String> getFields() {
        return getErrors().stream().map(KantataError::getField).filter(f -> f != null).distinct()
                .collect(Collectors.toList());
    }
}
