package io.github.camelkantata.users.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * The standalone sandbox's test API over HTTP, under {@code /sandbox/} (outside the API's {@code /api/v1}, so no API
 * call can reach it): change the data as another Kantata user would, and queue faults, without writing Java. It is what
 * {@link KantataSandbox#data()} and {@link KantataSandbox#faults()} offer in a test:
 * <ul>
 * <li>{@code POST /sandbox/users} {@code {"full_name":"Ann Lee","email_address":"ann@example.com"}}: adds an active
 * account member, answers 201 {@code {"id":"251"}}</li>
 * <li>{@code PUT /sandbox/users/{id}} {@code {"headline":"CTO"}}: updates fields ({@link SandboxData#update})</li>
 * <li>{@code POST /sandbox/users/{id}/disable} and {@code .../enable}: the account membership</li>
 * <li>{@code DELETE /sandbox/users/{id}}: removes the user from the account</li>
 * <li>{@code POST /sandbox/faults} {@code {"status":503,"times":2}} or {@code {"delay_ms":3000,"times":1}}: the next
 * API requests fail or wait</li>
 * <li>{@code POST /sandbox/events} {@code {"duplicate_next":2,"backdate_next":1,"backdate_seconds":300,
 * "retention_seconds":60,"forbidden":true}} (any of the keys): the change feed's misbehaviours, as
 * {@link SubscribedEvents} sets them; {@code DELETE /sandbox/events} forgets every event</li>
 * </ul>
 * No token is asked for: the sandbox listens on 127.0.0.1 only, and the admin API is off unless
 * {@link KantataSandbox.Builder#admin(boolean)} turns it on ({@link KantataSandbox#main} does).
 */
final class SandboxAdmin {

    static final String PREFIX = "/sandbox/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxData data;
    private final SandboxFaults faults;

    SandboxAdmin(SandboxData data, SandboxFaults faults) {
        this.data = data;
        this.faults = faults;
    }

    void handle(HttpExchange ex) {
        try {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String[] path = ex.getRequestURI().getPath().substring(PREFIX.length()).split("/");
            byte[] body = ex.getRequestBody().readAllBytes();
            try {
                answer(ex, method, path, body);
            } catch (IllegalArgumentException e) {
                // an unknown user or field, or a body that is not what the endpoint takes
                int status = e.getMessage() != null && e.getMessage().startsWith("No such user:") ? 404 : 400;
                send(ex, status, Map.of("error", String.valueOf(e.getMessage())));
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; nothing more can be sent
        } finally {
            ex.close();
        }
    }

    private void answer(HttpExchange ex, String method, String[] path, byte[] body) throws IOException {
        if (path.length == 1 && "users".equals(path[0]) && "POST".equals(method)) {
            Map<String, Object> fields = fields(body);
            Object name = fields.remove("full_name");
            Object email = fields.remove("email_address");
            if (name == null) {
                throw new IllegalArgumentException("full_name is required");
            }
            String id = data.addUser(name.toString(), email == null ? null : email.toString());
            if (!fields.isEmpty()) {
                data.update(id, fields);
            }
            send(ex, 201, Map.of("id", id));
        } else if (path.length == 2 && "users".equals(path[0]) && "PUT".equals(method)) {
            data.update(path[1], fields(body));
            send(ex, 200, Map.of("id", path[1]));
        } else if (path.length == 2 && "users".equals(path[0]) && "DELETE".equals(method)) {
            data.removeFromAccount(path[1]);
            send(ex, 200, Map.of("id", path[1], "removed", true));
        } else if (path.length == 3 && "users".equals(path[0]) && "POST".equals(method)
                && ("disable".equals(path[2]) || "enable".equals(path[2]))) {
            if ("disable".equals(path[2])) {
                data.disable(path[1]);
            } else {
                data.enable(path[1]);
            }
            send(ex, 200, Map.of("id", path[1], "disabled", "disable".equals(path[2])));
        } else if (path.length == 1 && "faults".equals(path[0]) && "POST".equals(method)) {
            Map<String, Object> f = fields(body);
            int times = f.get("times") instanceof Number n ? n.intValue() : 1;
            if (f.get("status") instanceof Number status) {
                faults.status(status.intValue(), times);
            } else if (f.get("delay_ms") instanceof Number delay) {
                faults.delay(Duration.ofMillis(delay.longValue()), times);
            } else {
                throw new IllegalArgumentException("give \"status\" (an HTTP status) or \"delay_ms\", and \"times\"");
            }
            send(ex, 200, Map.of("queued", times));
        } else if (path.length == 1 && "events".equals(path[0]) && "POST".equals(method)) {
            // the change feed's misbehaviours (SubscribedEvents): each key given sets one, the others stay as they are
            Map<String, Object> f = fields(body);
            SubscribedEvents events = data.events();
            Map<String, Object> set = new LinkedHashMap<>();
            for (String key : f.keySet()) {
                if (!List.of("duplicate_next", "backdate_next", "backdate_seconds", "retention_seconds", "forbidden")
                        .contains(key)) {
                    throw new IllegalArgumentException(
                            "unknown key \"" + key + "\"; give duplicate_next, backdate_next and "
                                                       + "backdate_seconds, retention_seconds (null keeps every event) or forbidden");
                }
            }
            if (f.get("duplicate_next") instanceof Number n) {
                events.duplicateNext(n.intValue());
                set.put("duplicate_next", n.intValue());
            }
            if (f.get("backdate_next") instanceof Number n) {
                long seconds = f.get("backdate_seconds") instanceof Number b ? b.longValue() : 300;
                events.backdateNext(n.intValue(), Duration.ofSeconds(seconds));
                set.put("backdate_next", n.intValue());
                set.put("backdate_seconds", seconds);
            }
            if (f.containsKey("retention_seconds")) {
                Object keep = f.get("retention_seconds");
                events.retention(keep instanceof Number k ? Duration.ofSeconds(k.longValue()) : null);
                set.put("retention_seconds", keep);
            }
            if (f.get("forbidden") instanceof Boolean refuse) {
                events.forbidden(refuse);
                set.put("forbidden", refuse);
            }
            send(ex, 200, set);
        } else if (path.length == 1 && "events".equals(path[0]) && "DELETE".equals(method)) {
            data.events().clear();
            send(ex, 200, Map.of("cleared", true));
        } else {
            send(ex, 404, Map.of("error", "No admin endpoint " + method + " " + ex.getRequestURI().getPath()
                                          + "; see docs/SANDBOX.md"));
        }
    }

    private static Map<String, Object> fields(byte[] body) {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        try {
            return JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
    }

    private static void send(HttpExchange ex, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
