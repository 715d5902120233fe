package io.github.camelkantata.users.client;

import java.util.Map;

/**
 * An HTTP response from the Kantata API.
 *
 * @param status    the HTTP status code
 * @param reason    the reason phrase (may be empty)
 * @param headers   the response headers, first value per lower-cased name
 * @param body      the body bytes (empty, never null); for a body that was parsed while it was read, only its first
 *                  bytes, kept for error excerpts
 * @param requestId the {@code x-request-id} header, or null
 * @param parsed    what a {@link BodyReader} made of a 2xx body read as a stream (the {@code synchronous} path): the
 *                  value, or the {@link EnvelopeReader.MalformedException} it failed with; null when the body was
 *                  buffered instead
 */
public record ApiResponse(int status, String reason, Map<String, String> headers, byte[] body, String requestId,
        Object parsed) {

    /** A response whose body was buffered whole. */
    public ApiResponse(int status, String reason, Map<String, String> headers, byte[] body, String requestId) {
        this(status, reason, headers, body, requestId, null);
    }

    /** @param name a header name, any case @return its first value, or null */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
