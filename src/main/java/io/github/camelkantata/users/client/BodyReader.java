package io.github.camelkantata.users.client;

import java.io.InputStream;

/**
 * Reads a 2xx response body from the connection's stream, as it arrives, so that the body is never buffered whole. Used
 * where the calling thread reads the connection itself ({@code synchronous=true}); the async path buffers the body (up
 * to {@code maxResponseBytes}) on the I/O thread and parses it afterwards.
 */
@FunctionalInterface
public interface BodyReader {

    /**
     * @param  body                              the body, inflated and capped at {@code maxResponseBytes}; the reader
     *                                           does not close it
     * @return                                   the parsed value
     * @throws EnvelopeReader.MalformedException when the body is not what the API documents, or the stream failed (then
     *                                           with an {@link java.io.IOException} that is not Jackson's as its cause)
     */
    Object read(InputStream body) throws EnvelopeReader.MalformedException;
}
