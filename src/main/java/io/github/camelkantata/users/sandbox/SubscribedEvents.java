package io.github.camelkantata.users.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The sandbox's change feed, {@code GET /subscribed_events}, as Kantata documents it (see
 * {@code shared/kantata/subscribed-events.md}): every change the sandbox makes to a user records an event
 * ({@code user:created}, {@code user:updated}, {@code user:deleted}, and {@code account_membership:updated} when an
 * administrator disables or re-enables a member), with whole-second {@code created_at}, page-number paging (at most
 * 200) and the documented filters. Only account administrators may read it.
 * <p>
 * Tests make it misbehave the ways the vendor warns about: {@link #duplicateNext(int)} records the next events twice,
 * {@link #backdateNext(int, Duration)} writes the next events with a {@code created_at} in the past (an event that
 * shows up late, behind a cursor that already passed it), {@link #retention(Duration)} forgets older events, and
 * {@link #forbidden(boolean)} answers 403 as for a token without the add-on.
 */
public final class SubscribedEvents {

    /** One recorded event. */
    public record Event(long id, Instant createdAt, Instant subjectChangedAt, String eventType, String subjectType,
            String subjectId, String userId, String subjectUserId) {
    }

    private final List<Event> events = new ArrayList<>();
    private long nextId = 1;
    private int duplicates;
    private int backdated;
    private Duration backdateBy = Duration.ZERO;
    private Duration retention;
    private boolean forbidden;

    SubscribedEvents() {
    }

    // ------------------------------------------------------------------ test controls

    /** @param count the next {@code count} events are recorded twice, as Kantata sometimes does */
    public synchronized void duplicateNext(int count) {
        duplicates = count;
    }

    /** @param count the next {@code count} events get a {@code created_at} {@code by} in the past */
    public synchronized void backdateNext(int count, Duration by) {
        backdated = count;
        backdateBy = by;
    }

    /** @param keep events older than this are forgotten (null keeps everything) */
    public synchronized void retention(Duration keep) {
        retention = keep;
    }

    /** @param refuse whether the feed answers 403, as for a token without access to Subscribed Events */
    public synchronized void forbidden(boolean refuse) {
        forbidden = refuse;
    }

    /** @return every event still retained, in the order they were recorded */
    public synchronized List<Event> all() {
        return List.copyOf(retained());
    }

    /** Forgets every event. */
    public synchronized void clear() {
        events.clear();
    }

    // ------------------------------------------------------------------ recording

    synchronized void record(String eventType, SandboxUser subject, String actorId) {
        boolean membership = eventType.startsWith("account_membership:") && subject.accountMembershipId() != null;
        String subjectId = membership ? subject.accountMembershipId() : subject.id();
        Instant changed = Instant.now();
        Instant created = changed.truncatedTo(ChronoUnit.SECONDS);
        if (backdated > 0) {
            backdated--;
            created = created.minus(backdateBy).truncatedTo(ChronoUnit.SECONDS);
        }
        int copies = 1;
        if (duplicates > 0) {
            duplicates--;
            copies = 2;
        }
        for (int i = 0; i < copies; i++) {
            events.add(new Event(
                    nextId++, created, changed.truncatedTo(ChronoUnit.MILLIS), eventType,
                    membership ? "AccountMembership" : "User", subjectId, actorId, subject.id()));
        }
    }

    private List<Event> retained() {
        if (retention == null) {
            return events;
        }
        Instant oldest = Instant.now().minus(retention);
        return events.stream().filter(e -> !e.createdAt().isBefore(oldest)).toList();
    }

    // ------------------------------------------------------------------ HTTP

    synchronized UsersApi.Response list(Map<String, List<String>> q, UsersApi.Caller caller) {
        if (forbidden || !caller.admin()) {
            throw ApiException.system(403, "You do not have access to subscribed events (account administrators only)");
        }
        Predicate<Event> match = e -> true;
        Instant after = time(q, "created_after");
        if (after != null) {
            match = match.and(e -> e.createdAt().isAfter(after));
        }
        Instant before = time(q, "created_before");
        if (before != null) {
            match = match.and(e -> e.createdAt().isBefore(before));
        }
        String types = UsersApi.first(q, "event_types");
        if (types != null) {
            Set<String> set = new HashSet<>(Arrays.asList(types.split(",")));
            match = match.and(e -> set.contains(e.eventType()));
        }
        String subjectType = UsersApi.first(q, "subject_type");
        if (subjectType != null) {
            match = match.and(e -> e.subjectType().equalsIgnoreCase(subjectType));
        }
        String subjectIds = UsersApi.first(q, "subject_id");
        if (subjectIds != null) {
            if (subjectType == null) {
                throw ApiException.validation("subject_id", "subject_id requires subject_type");
            }
            Set<String> set = new HashSet<>(Arrays.asList(subjectIds.split(",")));
            match = match.and(e -> set.contains(e.subjectId()));
        }
        String order = UsersApi.first(q, "order");
        Comparator<Event> byCreated = Comparator.comparing(Event::createdAt).thenComparingLong(Event::id);
        if (order == null || order.equals("created_at:desc")) {
            byCreated = byCreated.reversed();
        } else if (!order.equals("created_at:asc")) {
            throw ApiException.validation("order", "order must be created_at:asc or created_at:desc");
        }
        List<Event> found = retained().stream().filter(match).sorted(byCreated).toList();
        int perPage = number(q, "per_page", 20);
        int page = number(q, "page", 1);
        if (perPage < 1 || perPage > UsersApi.MAX_PER_PAGE || page < 1) {
            throw ApiException.validation("per_page", "per_page must be 1 to 200 and page at least 1");
        }
        int from = Math.min(found.size(), (page - 1) * perPage);
        List<Event> slice = found.subList(from, Math.min(found.size(), from + perPage));
        int pageCount = (found.size() + perPage - 1) / perPage;
        boolean payload = String.valueOf(UsersApi.first(q, "optional_fields")).contains("current_payload");
        byte[] body = UsersApi.write(g -> {
            g.writeStartObject();
            g.writeNumberField("count", found.size());
            g.writeObjectFieldStart("meta");
            g.writeNumberField("count", found.size());
            g.writeNumberField("page_count", pageCount);
            g.writeNumberField("page_number", page);
            g.writeNumberField("page_size", perPage);
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Event e : slice) {
                g.writeStartObject();
                g.writeStringField("key", "subscribed_events");
                g.writeStringField("id", Long.toString(e.id()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("subscribed_events");
            for (Event e : slice) {
                g.writeObjectFieldStart(Long.toString(e.id()));
                g.writeStringField("id", Long.toString(e.id()));
                g.writeNumberField("account_id", Long.parseLong(SandboxData.ACCOUNT_ID));
                g.writeStringField("created_at", format(e.createdAt()));
                g.writeStringField("subject_changed_at", format(e.subjectChangedAt()));
                g.writeStringField("event_type", e.eventType());
                g.writeNumberField("subject_id", Long.parseLong(e.subjectId()));
                g.writeStringField("subject_type", e.subjectType());
                g.writeNumberField("user_id", Long.parseLong(e.userId()));
                if (payload) {
                    // payloads are JSON documents delivered as strings
                    g.writeStringField("current_payload", e.subjectType().equals("User")
                            ? "{\"id\":" + e.subjectUserId() + "}"
                            : "{\"id\":" + e.subjectId() + ",\"user_id\":" + e.subjectUserId() + "}");
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
        return new UsersApi.Response(200, body);
    }

    private static String format(Instant t) {
        // ISO_OFFSET_DATE_TIME always writes the seconds; OffsetDateTime.toString() drops them on a whole minute
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    private static int number(Map<String, List<String>> q, String name, int dflt) {
        String v = UsersApi.first(q, name);
        try {
            return v == null ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.validation(name, name + " must be a number");
        }
    }

    private static Instant time(Map<String, List<String>> q, String name) {
        String v = UsersApi.first(q, name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.validation(name, name + " must be an ISO 8601 date-time");
        }
    }
}
