package io.github.camelkantata.users.client;

import java.io.IOException;

/**
 * A response body went past {@code maxResponseBytes}. Thrown inside the HTTP client's response consumer, which ends the
 * exchange and discards its connection without reading the rest; the caller maps it to a typed
 * {@code KantataLimitExceededException}.
 */
final class ResponseLimitException extends IOException {

    private static final long serialVersionUID = 1L;
    private final int status;

    ResponseLimitException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the status of the response whose body was too large */
    int status() {
        return status;
    }
}
