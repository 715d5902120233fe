package io.github.camelkantata.users.client;

/**
 * One HTTP request to the Kantata API, relative to the base URL, without credentials.
 *
 * @param operation   the component operation it serves, for errors and logs (e.g. {@code list})
 * @param method      GET, PUT, POST or DELETE
 * @param path        the path below the base URL, starting with {@code /} (e.g. {@code /users/5})
 * @param query       the encoded query string without {@code ?}, or null
 * @param body        the request body, or null
 * @param contentType the body's content type, or null
 * @param parts       a body streamed from parts (a photo upload), instead of {@code body}; or null
 */
public record ApiRequest(String operation, String method, String path, String query, byte[] body, String contentType,
        BodyParts parts) {

    /** A request whose body, if any, is one byte array. */
    public ApiRequest(String operation, String method, String path, String query, byte[] body, String contentType) {
        this(operation, method, path, query, body, contentType, null);
    }

    /** @return true for methods that may be repeated without changing the outcome (GET, PUT, DELETE) */
    public boolean idempotent() {
        return !"POST".equals(method);
    }

    /** @return {@code METHOD /path?query}, safe to log: it never holds credentials */
    public String describe(String baseUrl) {
        return method + " " + baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
