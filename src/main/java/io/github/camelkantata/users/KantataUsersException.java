package io.github.camelkantata.users;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.KantataError;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * A Kantata Users API call that failed: a non-2xx response, a response that could not be read, or a transport failure.
 * <p>
 * It extends camel-http's {@link HttpOperationFailedException}, so an existing
 * {@code onException(HttpOperationFailedException.class)} handles it. It carries the HTTP status
 * ({@link #getStatusCode()}, 0 for transport failures), Kantata's {@code errors[]} ({@link #getErrors()}), the
 * {@code x-request-id} ({@link #getRequestId()}), the operation, the number of attempts made, and an {@link ErrorKind}
 * to tell failures apart in code. Subclasses exist per kind so that {@code onException} can select them by type. The
 * access token never appears in any of it, and the message and {@link #getUri()} show the names of the query parameters
 * but not the values of those that hold personal data ({@link PersonalData}); {@link #getUnredactedUri()} has them.
 */
public class KantataUsersException extends HttpOperationFailedException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of how it is reported. */
    public enum ErrorKind {
        /** 400: Kantata rejected the request as malformed. */
        BAD_REQUEST,
        /** 401: the token is missing, revoked or invalid ({@code type: oauth}). */
        AUTHENTICATION,
        /** 403: the token is valid but not allowed to do this. */
        FORBIDDEN,
        /** 404: no such user, or the user is hidden by a default filter such as {@code showDisabled}. */
        NOT_FOUND,
        /** 422: Kantata refused the values sent; see the field list. */
        VALIDATION,
        /** 429 after retries were exhausted, or a {@code Retry-After} above {@code maxRetryAfter}. */
        RATE_LIMITED,
        /** 502, 503 or 504 after retries were exhausted. */
        UNAVAILABLE,
        /** Any other 5xx. */
        SERVER_ERROR,
        /** Any other non-2xx status. */
        HTTP_ERROR,
        /** A 2xx response whose body is not what the API documents. */
        MALFORMED_RESPONSE,
        /** No usable response: connection refused or reset, empty response, or a timeout. */
        TRANSPORT,
        /**
         * A safety limit was reached: a response body larger than {@code maxResponseBytes}, or a list of more than
         * {@code maxPages} pages. What was read so far is discarded.
         */
        LIMIT_EXCEEDED,
        /** The route, consumer, endpoint or component stopped while the call was in flight; nothing more is sent. */
        STOPPED,
        /** The call could not be made: no access token, or the {@code tokenSupplier} failed. Nothing was sent. */
        CONFIGURATION
    }

    private final ErrorKind kind;
    private final String operation;
    private final List<KantataError> errors;
    private final String requestId;
    private final int attempts;
    private final String detail;
    private final String unredactedUri;

    /**
     * @param kind       what went wrong
     * @param operation  the component operation, e.g. {@code get}
     * @param requestUri the request's method and URI without credentials, e.g. {@code GET https://.../users/5}; the
     *                   message and {@link #getUri()} show it with the values of personal filters hidden
     * @param statusCode the HTTP status, or 0 when no response arrived
     * @param statusText the HTTP reason phrase, or a short description
     * @param headers    the response headers (may be empty)
     * @param body       a short, safe excerpt of the response body (may be null)
     * @param errors     Kantata's {@code errors[]} (may be empty)
     * @param requestId  the {@code x-request-id} response header, or null
     * @param attempts   how many attempts were made, retries included
     * @param detail     an explanation for the message, or null
     * @param cause      the underlying failure, or null
     */
    public KantataUsersException(ErrorKind kind, String operation, String requestUri, int statusCode, String statusText,
                                 Map<String, String> headers, String body, List<KantataError> errors, String requestId,
                                 int attempts, String detail, Throwable cause) {
        super(PersonalData.redactUri(requestUri), statusCode, statusText, null,
              headers == null ? Collections.emptyMap() : headers, body);
        this.unredactedUri = requestUri;
        this.kind = kind;
        this.operation = operation;
        this.errors = errors == null ? Collections.emptyList() : List.copyOf(errors);
        this.requestId = requestId;
        this.attempts = attempts;
        this.detail = detail;
        if (cause != null) {
            initCause(cause);
        }
    }

    /**
     * The request's method and URI as sent, personal filter values included (e-mail addresses, names, id lists), for
     * code that must act on them. {@link #getUri()} and the message hide those values: never log this one.
     *
     * @return the method and the full request URI, without credentials
     */
    public String getUnredactedUri() {
        return unredactedUri;
    }

    /** @return what went wrong */
    public ErrorKind getKind() {
        return kind;
    }

    /** @return the component operation that failed, e.g. {@code get} */
    public String getOperation() {
        return operation;
    }

    /** @return Kantata's {@code errors[]}; empty when the response had none */
    public List<KantataError> getErrors() {
        return errors;
    }

    /** @return the {@code x-request-id} response header, to quote to Kantata support; null if absent */
    public String getRequestId() {
        return requestId;
    }

    /** @return how many attempts were made, retries included */
    public int getAttempts() {
        return attempts;
    }

    /** @return true when the failure is worth retrying later (rate limit, unavailability, transport) */
    public boolean isRetryable() {
        return kind == ErrorKind.RATE_LIMITED || kind == ErrorKind.UNAVAILABLE || kind == ErrorKind.TRANSPORT;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder("Kantata ").append(operation).append(" failed: ");
        if (getStatusCode() > 0) {
            sb.append("HTTP ").append(getStatusCode());
            if (getStatusText() != null && !getStatusText().isEmpty()) {
                sb.append(' ').append(getStatusText());
            }
        } else {
            sb.append(kind);
        }
        sb.append(" (").append(getUri()).append(')');
        if (!errors.isEmpty()) {
            sb.append(" errors=").append(errors);
        }
        if (detail != null) {
            sb.append(": ").append(detail);
        }
        if (requestId != null) {
            sb.append(" [x-request-id=").append(requestId).append(']');
        }
        if (attempts > 1) {
            sb.append(" after ").append(attempts).append(" attempts");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return getClass().getName() + ": " + getMessage();
    }
}
