package io.github.camelkantata.users.state;

/**
 * A watch on the entries under one key prefix of a {@link BulkStateRepository}, as returned by
 * {@link BulkStateRepository#watch(String, java.util.function.BiConsumer)}.
 */
public interface StateWatch extends AutoCloseable {

    /**
     * Tells whether the listener still hears of every write.
     *
     * @return false once the watch was closed or its repository stopped (what a stopped repository holds may change
     *         before it starts again, unseen)
     */
    boolean isActive();

    /** Ends the watch: the listener is called no more. */
    @Override
    void close();
}
