package io.github.camelkantata.users.client;

import java.util.Map;

/**
 * A raw HTTP response from the Kantata API.
 *
 * @param status    the HTTP status code
 * @param reason    the reason phrase (may be empty)
 * @param headers   the response headers, first value per lower-cased name
 * @param body      the body bytes (empty, never null)
 * @param requestId the {@code x-request-id} header, or null
 */
public record ApiResponse(int status, String reason, Map<String, String> headers, byte[] body, String requestId) {

    /** @param  name a header name, any case @return its first value, or null */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
