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
 */
public record ApiRequest(String operation, String method, String path, String query, byte[] body, String contentType) {

    /** @return true for methods that may be repeated without changing the outcome (GET, PUT, DELETE) */
    public boolean idempotent() {
        return !"POST".equals(method);
    }

    /** @return {@code METHOD /path?query}, safe to log: it never holds credentials */
    public String describe(String baseUrl) {
        return method + " " + baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
