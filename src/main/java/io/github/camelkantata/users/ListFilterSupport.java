package io.github.camelkantata.users;

import java.lang.reflect.Field;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import io.github.camelkantata.users.client.QueryString;

/**
 * Derives request building and validation from the fields of {@link KantataUsersListFilters}, so that the list
 * of filters is declared once. The fields are read reflectively once per class load; a request's filter query is
 * built once per endpoint, at start, not per message or per page.
 */
public final class ListFilterSupport {

    private static final Pattern IDS = Pattern.compile("\\d+(\\s*,\\s*\\d+)*");

    /** One filter: the option name, the API parameter and how to check it. */
    public record Filter(String option, String apiName, ApiParameter.Kind kind, Field field) {
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
     * Checks every set filter.
     *
     * @param  filters                  the filters
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    public static void validate(KantataUsersListFilters filters) {
        for (Filter f : FILTERS) {
            Object v = value(f, filters);
            if (v == null) {
                continue;
            }
            String s = v.toString();
            switch (f.kind()) {
                case IDS:
                    if (!IDS.matcher(s.trim()).matches()) {
                        throw invalid(f.option(), s, "a comma-separated list of numeric ids, e.g. 12,34");
                    }
                    break;
                case DATETIME:
                    parseDateTime(f.option(), s);
                    break;
                case INT:
                    if (((Integer) v) < 0) {
                        throw invalid(f.option(), s, "a non-negative integer id");
                    }
                    break;
                default:
                    if ("order".equals(f.apiName()) && !"alphabetical:asc".equals(s) && !"alphabetical:desc".equals(s)) {
                        throw invalid(f.option(), s, "alphabetical:asc or alphabetical:desc");
                    }
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
            if (v == null) {
                continue;
            }
            String s = v.toString().trim();
            if (f.kind() == ApiParameter.Kind.IDS) {
                s = s.replaceAll("\\s+", "");
            } else if (f.kind() == ApiParameter.Kind.DATETIME) {
                s = formatDateTime(parseDateTime(f.option(), s));
            }
            query.add(f.apiName(), s);
        }
    }


    /** RFC 3339 with seconds always (OffsetDateTime.toString() drops zero seconds, which a date-time format rejects). */
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
                throw invalid(option, text, "an ISO 8601 date-time such as 2026-01-31T09:00:00Z, or a date such as 2026-01-31");
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
