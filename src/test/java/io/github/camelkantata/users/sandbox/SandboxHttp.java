package io.github.camelkantata.users.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small HTTP helper so the tests read like the requests they make. */
final class SandboxHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxHttp() {
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder req(KantataSandbox s, String token, String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + pathAndQuery));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    static HttpResponse<String> get(KantataSandbox s, String pathAndQuery) {
        return send(req(s, s.token(), pathAndQuery).GET());
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static JsonNode getJson(KantataSandbox s, String pathAndQuery, int expectedStatus) {
        HttpResponse<String> r = get(s, pathAndQuery);
        if (r.statusCode() != expectedStatus) {
            throw new AssertionError("GET " + pathAndQuery + " -> " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    /** Ids in {@code results}, in order: the authoritative answer of a users query. */
    static List<String> resultIds(JsonNode envelope) {
        List<String> ids = new ArrayList<>();
        for (JsonNode r : envelope.get("results")) {
            ids.add(r.get("id").asText());
        }
        return ids;
    }

    /** Every page of a listing, following meta like a real client would. */
    static List<String> allIds(KantataSandbox s, String query) {
        List<String> ids = new ArrayList<>();
        for (int page = 1;; page++) {
            JsonNode env = getJson(s, "/users?per_page=200&page=" + page + (query.isEmpty() ? "" : "&" + query), 200);
            ids.addAll(resultIds(env));
            if (env.get("meta").get("page_number").asInt() >= env.get("meta").get("page_count").asInt()) {
                return ids;
            }
        }
    }
}
