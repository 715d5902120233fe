package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of Kantata's {@code errors[]} array: a {@code type} ({@code oauth}, {@code system}, {@code validation},
 * ...), a human-readable {@code message} and, for validation errors, the {@code field}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class KantataError {

    private final String type;
    private final String message;
    private final String field;

    /**
     * @param type    the error type, e.g. {@code oauth}, {@code system} or {@code validation}
     * @param message the message Kantata gave
     * @param field   the offending field for validation errors, else null
     */
    @JsonCreator
    public KantataError(@JsonProperty("type") String type, @JsonProperty("message") String message,
                        @JsonProperty("field") String field) {
        this.type = type;
        this.message = message;
        this.field = field;
    }

    /** @return the error type, e.g. {@code oauth}, {@code system} or {@code validation} */
    @JsonProperty("type")
    public String getType() {
        return type;
    }

    /** @return the message Kantata gave */
    @JsonProperty("message")
    public String getMessage() {
        return message;
    }

    /** @return the offending field of a validation error, or null */
    @JsonProperty("field")
    public String getField() {
        return field;
    }

    @Override
    public String toString() {
        return type + (field != null ? "(" + field + ")" : "") + ": " + message;
    }
}
