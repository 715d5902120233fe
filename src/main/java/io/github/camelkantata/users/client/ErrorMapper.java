package io.github.camelkantata.users.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataForbiddenException;
import io.github.camelkantata.users.KantataLimitExceededException;
import io.github.camelkantata.users.KantataMalformedResponseException;
import io.github.camelkantata.users.KantataNotFoundException;
import io.github.camelkantata.users.KantataRateLimitException;
import io.github.camelkantata.users.KantataTransportException;
import io.github.camelkantata.users.KantataUnavailableException;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.KantataValidationException;
import io.github.camelkantata.users.model.KantataError;

/**
 * Turns failed calls into typed exceptions with a short, safe excerpt of the body. "Safe" means bounded in length, free
 * of control characters, and with the access token masked should a server ever echo it.
 */
public final class ErrorMapper {

    static final int EXCERPT_CHARS = 300;

    /**
     * The bytes an excerpt is cut from: longer than the excerpt by at least a token's length, so that a token
     * straddling the cut is masked whole before the cut instead of leaving a readable prefix.
     */
    static final int EXCERPT_WINDOW = EXCERPT_CHARS * 4 + 4096;

    private final String baseUrl;
    private final Supplier<String> tokenSupplier;

    ErrorMapper(String baseUrl, Supplier<String> tokenSupplier) {
        this.baseUrl = baseUrl;
        this.tokenSupplier = tokenSupplier;
    }

    /** @return the exception for a non-2xx response */
    KantataUsersException http(ApiRequest request, ApiResponse response, int attempts, String detail) {
        ErrorKind kind = ApiCaller.kindOf(response.status());
        // errors[] is parsed from the masked body: a server that echoes the token must not put it in a message
        return create(kind, request, response.status(), response.reason(), maskHeaders(response.headers()),
                excerpt(response.body()), parseErrors(masked(response.body())), response.requestId(), attempts, detail,
                null);
    }

    /** @return the exception for a call that got no usable response */
    public KantataUsersException transport(ApiRequest request, int attempts, Throwable cause) {
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + mask(cause.getMessage()));
        return create(ErrorKind.TRANSPORT, request, 0, "no response", Collections.emptyMap(), null,
                Collections.emptyList(), null, attempts, what, sanitized(cause));
    }

    /** @return the exception for a call that cannot be made because of configuration (no token, failing supplier) */
    KantataUsersException configuration(ApiRequest request, int attempts, String detail, Throwable cause) {
        return create(ErrorKind.CONFIGURATION, request, 0, "not sent", Collections.emptyMap(), null,
                Collections.emptyList(), null, attempts, detail, cause == null ? null : sanitized(cause));
    }

    /** @return the exception for a call ended because its owner (route, consumer, endpoint, component) stopped */
    KantataUsersException stopped(ApiRequest request, int attempts, String why) {
        return create(ErrorKind.STOPPED, request, 0, "stopped", Collections.emptyMap(), null, Collections.emptyList(),
                null, attempts, why, null);
    }

    /** @return the exception for a call the client-side throttle could not fit before the call's deadline */
    KantataUsersException throttled(ApiRequest request, int attempts, String detail) {
        return create(ErrorKind.RATE_LIMITED, request, 0, "not sent: client-side throttle", Collections.emptyMap(), null,
                Collections.emptyList(), null, attempts, detail, null);
    }

    /**
     * @param  request  the request
     * @param  status   the response status, or 0 when none
     * @param  attempts attempts made
     * @param  detail   which limit and by how much
     * @return          the exception for a call that reached a safety limit
     */
    public KantataUsersException limit(ApiRequest request, int status, int attempts, String detail) {
        return create(ErrorKind.LIMIT_EXCEEDED, request, status, "limit exceeded", Collections.emptyMap(), null,
                Collections.emptyList(), null, attempts, detail, null);
    }

    /**
     * @param  request  the request
     * @param  response the 2xx response whose body could not be read
     * @param  attempts attempts made
     * @param  detail   what is wrong with it
     * @param  cause    the parse failure, or null
     * @return          the exception
     */
    public KantataMalformedResponseException malformed(
            ApiRequest request, ApiResponse response, int attempts,
            String detail, Throwable cause) {
        String message = detail + "; body starts: " + excerpt(response.body());
        // a parser's message quotes the text it choked on, which may be an echoed token: the cause is masked too
        return (KantataMalformedResponseException) create(ErrorKind.MALFORMED_RESPONSE, request, response.status(),
                response.reason(), maskHeaders(response.headers()), excerpt(response.body()), Collections.emptyList(),
                response.requestId(), attempts, message, cause == null ? null : sanitized(cause));
    }

    /** The constructor shared by every exception class, so one table picks the class for a kind. */
    @FunctionalInterface
    private interface ExceptionFactory {
        KantataUsersException create(
                ErrorKind kind, String operation, String uri, int status, String reason,
                Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                int attempts, String detail, Throwable cause);
    }

    private static final Map<ErrorKind, ExceptionFactory> EXCEPTIONS = Map.of(
            ErrorKind.AUTHENTICATION, KantataAuthenticationException::new,
            ErrorKind.FORBIDDEN, KantataForbiddenException::new,
            ErrorKind.NOT_FOUND, KantataNotFoundException::new,
            ErrorKind.VALIDATION, KantataValidationException::new,
            ErrorKind.RATE_LIMITED, KantataRateLimitException::new,
            ErrorKind.UNAVAILABLE, KantataUnavailableException::new,
            ErrorKind.MALFORMED_RESPONSE, KantataMalformedResponseException::new,
            ErrorKind.LIMIT_EXCEEDED, KantataLimitExceededException::new,
            ErrorKind.TRANSPORT, KantataTransportException::new);

    private KantataUsersException create(
            ErrorKind kind, ApiRequest request, int status, String reason,
            Map<String, String> headers, String body, List<KantataError> errors,
            String requestId, int attempts, String detail, Throwable cause) {
        ExceptionFactory factory = EXCEPTIONS.getOrDefault(kind, KantataUsersException::new);
        return factory.create(kind, request.operation(), request.describe(baseUrl), status, reason, headers, body, errors,
                requestId, attempts, detail, cause);
    }

    /** Reads Kantata's {@code {"errors":[...]}} leniently: a body that is not that shape gives an empty list. */
    static List<KantataError> parseErrors(byte[] body) {
        if (body == null || body.length == 0) {
            return Collections.emptyList();
        }
        List<KantataError> list = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Collections.emptyList();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("errors".equals(name) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        list.add(p.readValueAs(KantataError.class));
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (Exception notJson) {
            // HTML error pages and truncated bodies have no errors[]; the excerpt still shows what came back
        }
        return list;
    }

    private byte[] masked(byte[] body) {
        if (body == null || body.length == 0) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String safe = mask(text);
        return safe == text ? body : safe.getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> maskHeaders(Map<String, String> headers) {
        Map<String, String> safe = new java.util.HashMap<>(headers.size());
        headers.forEach((k, v) -> safe.put(k, v == null ? null : mask(v)));
        return safe;
    }

    String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        // masked before it is cut, so that a token straddling the cut cannot leave a readable prefix; the window
        // read is longer than the excerpt by at least a token's length for the same reason
        int n = Math.min(body.length, EXCERPT_WINDOW);
        String s = mask(new String(body, 0, n, StandardCharsets.UTF_8));
        if (s.length() > EXCERPT_CHARS) {
            s = s.substring(0, EXCERPT_CHARS) + "...";
        } else if (n < body.length) {
            s = s + "...";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }

    /**
     * A copy of a failure whose message is masked, with the same class name in its text and the same stack trace.
     * Causes are kept for diagnosis, but their messages may quote what a server sent.
     */
    Throwable sanitized(Throwable cause) {
        String message = cause.getMessage();
        String safe = message == null ? null : mask(message);
        Throwable inner = cause.getCause() == null || cause.getCause() == cause ? null : sanitized(cause.getCause());
        if (message != null && safe.equals(message) && inner == cause.getCause()) {
            return cause;
        }
        Throwable copy = new MaskedCause(cause.getClass().getName() + (safe == null ? "" : ": " + safe), inner);
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    /** Stands in for a cause whose message had to be masked. */
    static final class MaskedCause extends Exception {
        private static final long serialVersionUID = 1L;

        MaskedCause(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private String mask(String text) {
        try {
            String token = tokenSupplier.get();
            if (token != null && token.length() >= 4 && text.contains(token)) {
                return text.replace(token, "****");
            }
        } catch (RuntimeException ignored) {
            // a failing supplier must not turn error reporting into another error
        }
        return text;
    }
}
