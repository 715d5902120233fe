package io.github.camelkantata.users.sandbox;

import java.util.List;

/** Ends a request with a Kantata error body; thrown anywhere below the request handler. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One entry of the {@code errors} array; {@code field} is only set for validation errors. */
    record Error(String type, String message, String field) {
    }

    final int status;
    final transient List<Error> errors;

    ApiException(int status, List<Error> errors) {
        super(status + " " + errors, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static ApiException system(int status, String message) {
        return new ApiException(status, List.of(new Error("system", message, null)));
    }

    static ApiException notFound() {
        return system(404, "The requested resource could not be found.");
    }

    static ApiException validation(String field, String message) {
        return new ApiException(422, List.of(new Error("validation", message, field)));
    }
}
