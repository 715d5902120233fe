package io.github.camelkantata.users;

import java.lang.reflect.Field;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.github.camelkantata.users.client.QueryString;

/**
 * Derives request building and validation from the fields of {@link KantataUsersListFilters}, so that the list of
 * filters is declared once. The fields are read reflectively once per class load; a request's filter query is built
 * once per endpoint, at start, not per message or per page.
 */
public final class ListFilterSupport {

    /** One filter: the option name, the API parameter and how to check it. */
    public record Filter(String option, String apiName, ApiParameter.Kind kind, Field field) {

        /** @return true when a value can identify people, see {@link ApiParameter#personal()} */
        public boolean personal() {
            return field.getAnnotation(ApiParameter.class).personal();
        }
    }

    private static final List<Filter> FILTERS;

    static {
        List<Filter> list = new ArrayList<>();
        for (Field f : KantataUsersListFilters.class.getDeclaredFields()) {
            ApiParameter p = f.getAnnotation(ApiParameter.class);
            if (p != null) {
                f.setAccessible(true);
                list.add(new Filter(f.getName(), p.value(), p.kind(), f));
            }
        }
        FILTERS = Collections.unmodifiableList(list);
    }

    private ListFilterSupport() {
    }

    /** @return every filter, in declaration (OpenAPI) order */
    public static List<Filter> filters() {
        return FILTERS;
    }

    /**
     * @param  apiName an API query parameter, e.g. {@code on_my_account}
     * @return         the filter sent as it, or null when no filter is
     */
    public static Filter byApiName(String apiName) {
        return BY_API_NAME.get(apiName);
    }

    private static final java.util.Map<String, Filter> BY_API_NAME;

    static {
        java.util.Map<String, Filter> map = new java.util.HashMap<>();
        for (Filter f : FILTERS) {
            map.put(f.apiName(), f);
        }
        BY_API_NAME = java.util.Map.copyOf(map);
    }

    /**
     * Checks every set filter.
     *
     * @param  filters                  the filters
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    public static void validate(KantataUsersListFilters filters) {
        for (Filter f : FILTERS) {
            Object v = value(f, filters);
            if (v != null) {
                normalize(f, v, "option '" + f.option() + "'");
            }
        }
    }

    /**
     * Appends every set filter to a query.
     *
     * @param filters the filters
     * @param query   the query to add to
     */
    public static void appendTo(KantataUsersListFilters filters, QueryString query) {
        for (Filter f : FILTERS) {
            Object v = value(f, filters);
            if (v != null) {
                query.add(f.apiName(), normalize(f, v, "option '" + f.option() + "'"));
            }
        }
    }

    /**
     * Appends every set filter to query parameters, in declaration order.
     *
     * @param filters    the filters
     * @param parameters API name to values, added to
     */
    public static void putAll(KantataUsersListFilters filters, java.util.Map<String, List<String>> parameters) {
        for (Filter f : FILTERS) {
            Object v = value(f, filters);
            if (v != null) {
                parameters.computeIfAbsent(f.apiName(), k -> new ArrayList<>())
                        .add(normalize(f, v, "option '" + f.option() + "'"));
            }
        }
    }

    /**
     * Checks one value of a filter and gives it as it is sent. Lists (a {@code Collection} or an array) are joined with
     * commas; booleans, numbers and {@code java.time} values are accepted as such or as text.
     *
     * @param  f                        the filter
     * @param  value                    the value, not null
     * @param  what                     how the error names the source, e.g. {@code option 'withUsers'}
     * @return                          the value as sent
     * @throws IllegalArgumentException naming the source, the value (for a list of ids, the offending id only: the list
     *                                  may identify people) and what is allowed
     */
    public static String normalize(Filter f, Object value, String what) {
        String s = joined(value).trim();
        switch (f.kind()) {
            case IDS: {
                StringBuilder ids = new StringBuilder(s.length());
                for (String id : s.split(",", -1)) {
                    if (!id.trim().matches("\\d+")) {
                        throw invalidIn(what, id.trim(), "a comma-separated list of numeric ids, e.g. 12,34");
                    }
                    ids.append(ids.length() > 0 ? "," : "").append(id.trim());
                }
                return ids.toString();
            }
            case DATETIME:
                if (value instanceof java.time.temporal.TemporalAccessor t) {
                    return formatDateTime(toOffsetDateTime(what, t));
                }
                return formatDateTime(parseDateTime(what, s));
            case INT:
                if (!s.matches("\\d{1,10}") || Long.parseLong(s) > Integer.MAX_VALUE) {
                    throw invalidIn(what, s, "a non-negative integer id");
                }
                return s;
            case BOOL:
                if (!"true".equalsIgnoreCase(s) && !"false".equalsIgnoreCase(s)) {
                    throw invalidIn(what, s, "true or false");
                }
                return s.toLowerCase(java.util.Locale.ROOT);
            default:
                if ("order".equals(f.apiName()) && !"alphabetical:asc".equals(s) && !"alphabetical:desc".equals(s)) {
                    throw invalidIn(what, s, "alphabetical:asc or alphabetical:desc");
                }
                return s;
        }
    }

    /** @return a list value joined with commas, anything else as text */
    static String joined(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).map(String::trim).collect(java.util.stream.Collectors.joining(","));
        }
        if (value instanceof Object[] a) {
            return joined(java.util.Arrays.asList(a));
        }
        return String.valueOf(value);
    }

    private static OffsetDateTime toOffsetDateTime(String what, java.time.temporal.TemporalAccessor t) {
        if (t instanceof OffsetDateTime o) {
            return o;
        }
        if (t instanceof java.time.ZonedDateTime z) {
            return z.toOffsetDateTime();
        }
        if (t instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (t instanceof LocalDate d) {
            return d.atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
        }
        throw invalidIn(what, t, "an ISO 8601 date-time such as 2026-01-31T09:00:00Z, a date, or an OffsetDateTime, "
                                 + "ZonedDateTime, Instant or LocalDate");
    }

    private static IllegalArgumentException invalidIn(String what, Object value, String allowed) {
        return new IllegalArgumentException("Invalid value for " + what + ": '" + value + "'. Allowed: " + allowed);
    }

    /**
     * RFC 3339 with seconds always (OffsetDateTime.toString() drops zero seconds, which a date-time format rejects).
     */
    private static final java.time.format.DateTimeFormatter RFC_3339 = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss").appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z").toFormatter(java.util.Locale.ROOT);

    /**
     * @param  t a date-time
     * @return   it in RFC 3339 form, seconds included: {@code 2026-01-01T00:00:00Z}
     */
    public static String formatDateTime(OffsetDateTime t) {
        return RFC_3339.format(t);
    }

    /**
     * Parses an ISO 8601 date-time; a bare date means its start of day in UTC.
     *
     * @param  option the option name, for the error
     * @param  text   the value
     * @return        the instant as an offset date-time
     */
    public static OffsetDateTime parseDateTime(String option, String text) {
        String s = text.trim();
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDate.parse(s).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                String allowed = "an ISO 8601 date-time such as 2026-01-31T09:00:00Z, or a date such as 2026-01-31";
                throw option.contains("'") ? invalidIn(option, text, allowed) : invalid(option, text, allowed);
            }
        }
    }

    static Object value(Filter f, KantataUsersListFilters filters) {
        try {
            return f.field().get(filters);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param  option  the option name
     * @param  value   the value given
     * @param  allowed what is allowed
     * @return         an exception whose message names all three
     */
    public static IllegalArgumentException invalid(String option, Object value, String allowed) {
        return new IllegalArgumentException("Invalid value for option '" + option + "': '" + value + "'. Allowed: " + allowed);
    }
}
