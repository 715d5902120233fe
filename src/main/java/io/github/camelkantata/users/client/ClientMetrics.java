package io.github.camelkantata.users.client;

import io.github.camelkantata.users.KantataUsersException.ErrorKind;

/**
 * Where the client reports what it does, for counters (JMX, Micrometer). Implementations must be thread-safe and cheap:
 * they are called on the request path.
 */
public interface ClientMetrics {

    /** Counts nothing. */
    ClientMetrics NONE = new ClientMetrics() {
    };

    /**
     * A request is about to be sent.
     *
     * @param operation the component operation
     * @param retry     whether it repeats an earlier attempt of the same call
     */
    default void request(String operation, boolean retry) {
    }

    /** @param operation the component operation that got a 429 */
    default void rateLimited(String operation) {
    }

    /**
     * A call ended with an error.
     *
     * @param operation the component operation
     * @param kind      what went wrong
     */
    default void failed(String operation, ErrorKind kind) {
    }

    /** @param operation the component operation that read one more page of a list */
    default void page(String operation) {
    }
}
