package io.github.camelkantata.users.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Kantata's change feed, {@code GET /subscribed_events}, for the users that changed in a time window: every page,
 * oldest first ({@code order=created_at:asc}, {@code per_page=200}), from an overlap before the cursor (events can be
 * written late, with a {@code created_at} behind events already read) to a fixed upper bound (so pages do not shift
 * while they are read). Duplicated and out-of-order events need no care here: the result is a set of user ids, which
 * the consumer then reads and compares with its state, so an event seen twice never yields a second message for the
 * same content.
 * <p>
 * {@code user:*} events name the user as their subject; {@code account_membership:*} events (a member disabled,
 * re-enabled or removed) name the membership, and their {@code current_payload} names the user.
 */
public final class EventFeed {

    /** The event types that can change what the users consumer emits. */
    public static final String EVENT_TYPES = "user:created,user:updated,user:deleted,user:custom_field_value_created,"
                                             + "user:custom_field_value_updated,user:custom_field_value_deleted,"
                                             + "account_membership:created,account_membership:updated,"
                                             + "account_membership:deleted";

    /**
     * What a window of the feed said.
     *
     * @param userIds the users named, in the order first seen
     * @param events  the events read, duplicates included
     * @param pages   the pages read
     * @param until   the window's upper bound: the next window starts here (less the overlap)
     */
    public record Window(Set<String> userIds, int events, int pages, Instant until) {
    }

    private EventFeed() {
    }

    /**
     * @param  client  the client
     * @param  after   the cursor: events created after {@code after - overlap} are read
     * @param  overlap how far before the cursor to read again, for events written late
     * @param  until   the upper bound, usually now
     * @return         the users named in the window, or a failed future with the API's typed error (a 403 when the
     *                 token may not read the feed)
     */
    public static CompletableFuture<ApiResult<Window>> read(
            KantataUsersClient client, Instant after, Duration overlap,
            Instant until) {
        String base = "created_after=" + QueryString.encode(after.minus(overlap).toString()) + "&created_before="
                      + QueryString.encode(until.toString()) + "&event_types=" + EVENT_TYPES
                      + "&optional_fields=current_payload,previous_payload&order=created_at:asc&per_page=200";
        Set<String> ids = new LinkedHashSet<>();
        return page(client, base, 1, ids, new int[2], 0, until);
    }

    private static CompletableFuture<ApiResult<Window>> page(
            KantataUsersClient client, String base, int page,
            Set<String> ids, int[] counts, int attempts, Instant until) {
        ApiRequest request = new ApiRequest("events", "GET", "/subscribed_events", base + "&page=" + page, null, null);
        return client.caller().call(request).thenCompose(r -> {
            ApiResult<JsonNode> parsed = client.read(request, r, EventFeed::parse, null);
            JsonNode env = parsed.value();
            JsonNode events = env.path("subscribed_events");
            for (JsonNode ref : env.path("results")) {
                JsonNode e = events.path(ref.path("id").asText());
                String user = userOf(e);
                if (user != null) {
                    ids.add(user);
                }
                counts[0]++;
            }
            counts[1]++;
            int total = attempts + parsed.attempts();
            int pageCount = env.path("meta").path("page_count").asInt(1);
            if (page < pageCount && env.path("results").size() > 0) {
                return page(client, base, page + 1, ids, counts, total, until);
            }
            return CompletableFuture.completedFuture(
                    new ApiResult<>(new Window(ids, counts[0], counts[1], until), total, parsed.requestId(), parsed.status()));
        });
    }

    private static JsonNode parse(byte[] body) throws EnvelopeReader.MalformedException {
        try {
            JsonNode env = Json.MAPPER.readTree(body);
            if (env == null || !env.path("results").isArray()) {
                throw new EnvelopeReader.MalformedException("not a subscribed_events envelope (no results array)", null);
            }
            return env;
        } catch (IOException e) {
            throw new EnvelopeReader.MalformedException("the body is not JSON", e);
        }
    }

    /** @return the id of the user an event is about, or null when it names none */
    static String userOf(JsonNode event) {
        String subjectType = event.path("subject_type").asText("");
        if ("User".equalsIgnoreCase(subjectType)) {
            return text(event.path("subject_id"));
        }
        // a deleted membership may carry only its previous payload
        for (String field : new String[] { "current_payload", "previous_payload" }) {
            JsonNode payload = event.path(field);
            if (payload.isTextual()) {
                try {
                    payload = Json.MAPPER.readTree(payload.asText());
                } catch (IOException e) {
                    continue;
                }
            }
            String user = payload == null ? null : text(payload.path("user_id"));
            if (user != null) {
                return user;
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
