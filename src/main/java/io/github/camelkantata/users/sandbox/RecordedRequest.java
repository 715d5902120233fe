package io.github.camelkantata.users.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One request as the sandbox received it (faulted requests included). Immutable. */
public final class RecordedRequest {

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> queryParams;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    RecordedRequest(String method, String path, String rawQuery, Map<String, List<String>> queryParams,
                    Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.queryParams = queryParams;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        this.headers = Collections.unmodifiableMap(h);
        this.body = body.clone();
    }

    /** @return the HTTP method, e.g. {@code GET} */
    public String method() {
        return method;
    }

    /** @return the decoded path without the query, e.g. {@code /api/v1/users/5} */
    public String path() {
        return path;
    }

    /** @return the raw (still encoded) query string, or {@code null} if there was none */
    public String rawQuery() {
        return rawQuery;
    }

    /** @return decoded query parameters in arrival order; each name maps to all its values */
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    /**
     * @param  name parameter name (exact)
     * @return      the first decoded value, or {@code null}
     */
    public String queryParam(String name) {
        List<String> v = queryParams.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * @param  name header name (any case)
     * @return      the first value, or {@code null}
     */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** @return all headers; lookups in this map ignore case */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return a copy of the request body (empty if none) */
    public byte[] body() {
        return body.clone();
    }

    /** @return the body decoded as UTF-8 */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the {@code Content-Type} header, or {@code null} */
    public String contentType() {
        return header("Content-Type");
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
    }
}
