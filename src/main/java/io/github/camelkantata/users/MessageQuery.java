package io.github.camelkantata.users;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.camelkantata.users.client.QueryString;

/**
 * The query of one message: the {@value KantataUsersConstants#QUERY} header, a {@code Map} of API query parameters by
 * their snake_case names, merged over the endpoint's query. A parameter in the header replaces the endpoint's value; a
 * null value removes it. Names and values are checked as the URI options are, from the same declaration
 * ({@link KantataUsersListFilters}), before any request is sent, and every value is encoded here: {@code +}, {@code @}
 * and commas reach the API as given, whatever {@code RAW()} would have done in a URI.
 */
final class MessageQuery {

    private static final String HEADER = KantataUsersConstants.QUERY;

    /** The parameters a single-user call (me, get, update, photo upload) accepts. */
    private static final List<String> ITEM_PARAMETERS = List.of("show_disabled", "include", "optional_fields");

    private MessageQuery() {
    }

    /**
     * @param  operation                the operation the message runs
     * @param  baseQuery                the endpoint's encoded query for that operation (list or item query)
     * @param  header                   the header's value, or null
     * @return                          the encoded query to send
     * @throws IllegalArgumentException naming the parameter, the value and what is allowed; nothing has been sent
     */
    static String merge(KantataUsersOperation operation, String baseQuery, Object header) {
        if (header == null) {
            return baseQuery;
        }
        if (!(header instanceof Map<?, ?> overrides)) {
            throw new IllegalArgumentException(
                    "Invalid " + HEADER + " header: a " + header.getClass().getName()
                                               + ". Allowed: a java.util.Map of API query parameters by their "
                                               + "snake_case names, e.g. {by_email_addresses=jane@example.com}");
        }
        if (overrides.isEmpty()) {
            return baseQuery;
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : overrides.entrySet()) {
            String name = String.valueOf(e.getKey()).trim();
            checked.put(name, e.getValue() == null ? null : check(operation, name, e.getValue()));
        }
        return apply(baseQuery, checked);
    }

    private static String check(KantataUsersOperation operation, String name, Object value) {
        List<String> allowed = allowedNames(operation);
        if (!allowed.contains(name)) {
            String hint = "";
            if (operation == KantataUsersOperation.list && ("page".equals(name) || "per_page".equals(name))) {
                hint = " (paging is the producer's: set the page and perPage options)";
            } else if (allowed.contains(Requests.snake(name))) {
                hint = " (did you mean " + Requests.snake(name) + "? the header takes the API's snake_case names)";
            }
            throw new IllegalArgumentException(
                    "Unknown parameter '" + name + "' in the " + HEADER + " header of a "
                                               + operation + hint + ". Allowed: "
                                               + (allowed.isEmpty()
                                                       ? "none: " + operation + " takes no query parameters"
                                                       : String.join(", ", new TreeSet<>(allowed))));
        }
        String what = "parameter '" + name + "' of the " + HEADER + " header";
        if ("include".equals(name) || "optional_fields".equals(name)) {
            List<String> values = "include".equals(name) ? KantataUsersEndpoint.INCLUDES : KantataUsersEndpoint.OPTIONAL_FIELDS;
            Set<String> set = new LinkedHashSet<>();
            for (String v : ListFilterSupport.joined(value).split(",")) {
                String s = v.trim();
                if (s.isEmpty()) {
                    continue;
                }
                if (!values.contains(s)) {
                    throw new IllegalArgumentException(
                            "Invalid value for " + what + ": '" + s + "'. Allowed: "
                                                       + String.join(", ", values));
                }
                set.add(s);
            }
            return String.join(",", set);
        }
        return ListFilterSupport.normalize(ListFilterSupport.byApiName(name), value, what);
    }

    private static List<String> allowedNames(KantataUsersOperation operation) {
        switch (operation) {
            case list: {
                List<String> names = new ArrayList<>();
                ListFilterSupport.filters().forEach(f -> names.add(f.apiName()));
                names.add("include");
                names.add("optional_fields");
                return names;
            }
            case me:
            case get:
            case update:
            case photo:
                return ITEM_PARAMETERS;
            default:
                return List.of();
        }
    }

    /** The base query's pairs, each overridden name replaced where it first stood (or appended), in one pass. */
    private static String apply(String baseQuery, Map<String, String> overrides) {
        StringBuilder sb = new StringBuilder();
        Set<String> done = new java.util.HashSet<>();
        if (baseQuery != null && !baseQuery.isEmpty()) {
            for (String pair : baseQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (!overrides.containsKey(name)) {
                    append(sb, pair);
                } else if (done.add(name) && overrides.get(name) != null) {
                    append(sb, QueryString.encode(name) + "=" + QueryString.encode(overrides.get(name)));
                }
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!done.contains(e.getKey()) && e.getValue() != null) {
                append(sb, QueryString.encode(e.getKey()) + "=" + QueryString.encode(e.getValue()));
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String pair) {
        if (sb.length() > 0) {
            sb.append('&');
        }
        sb.append(pair);
    }
}
