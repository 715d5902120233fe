package io.github.camelkantata.users.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting on the client's futures from a thread that may be interrupted (a stopping consumer). */
public final class Futures {

    private Futures() {
    }

    /**
     * Waits for a future like {@link CompletableFuture#join()}, but gives up when the thread is interrupted: the future
     * is cancelled (ending its HTTP exchange) and the interrupt is kept.
     *
     * @param  <T>                   the result type
     * @param  future                what to wait for
     * @return                       its value
     * @throws CompletionException   with the failure as cause, or when interrupted
     * @throws CancellationException when it was cancelled
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for Kantata", e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
    }
}
