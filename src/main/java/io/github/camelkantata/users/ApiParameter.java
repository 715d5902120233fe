package io.github.camelkantata.users;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Ties a filter option of {@link KantataUsersListFilters} to the {@code GET /users} query parameter it is sent as.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ApiParameter {

    /** @return the API parameter name, e.g. {@code on_my_account} */
    String value();

    /** @return how the value is checked before it is sent */
    Kind kind() default Kind.STRING;

    /**
     * @return true when a value can identify people (e-mail addresses, names, search terms, lists of user ids): it is
     *         then left out of exception messages, logs, health details and the endpoint URI Camel shows, which keep
     *         the parameter's name only
     */
    boolean personal() default false;

    /** How a value is checked before any request is sent. */
    enum Kind {
        /** Free text. */
        STRING,
        /** An integer id. */
        INT,
        /** true or false. */
        BOOL,
        /** An ISO 8601 date-time (a bare date is accepted as its start of day in UTC). */
        DATETIME,
        /** A comma-separated list of integer ids. */
        IDS
    }
}
