package io.github.camelkantata.users;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operations of {@code kantata-users:operation}, one per Users API call. */
public enum KantataUsersOperation {
    /** {@code GET /users}: every page, or one page when {@code page} is set. Also the consumer. */
    list,
    /** {@code GET /users/me}: the token's owner. */
    me,
    /** {@code GET /users/{id}}. */
    get,
    /** {@code PUT /users/{id}} with {@code {"user":{...}}}. */
    update,
    /** {@code GET /users?by_email_addresses=...}: users by e-mail address, in bulk. */
    lookup,
    /** {@code GET /users/{id}/capacity?start_date&end_date}. */
    capacity,
    /** {@code POST /users/{id}/profile_photo}, or {@code DELETE} with {@code photoAction=reset}. */
    photo;

    /**
     * @param  text                     an operation name from a URI
     * @return                          the operation
     * @throws IllegalArgumentException naming the value and the allowed operations
     */
    public static KantataUsersOperation parse(String text) {
        String s = text == null ? "" : text.trim();
        for (KantataUsersOperation op : values()) {
            if (op.name().equals(s.toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        throw new IllegalArgumentException(
                "Unknown kantata-users operation '" + s + "'. Allowed: "
                                           + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
