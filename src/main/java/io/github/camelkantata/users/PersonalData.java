package io.github.camelkantata.users;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the values of query parameters that can identify people out of what is shown: exception messages, logs, health
 * details and the endpoint URI. The parameter names stay, so a reader still sees which filters a failed call used. A
 * value is shown only for parameters declared not personal ({@link ApiParameter#personal()}) and for the paging and
 * side-loading parameters; anything else, including parameters passed through with {@code query.}, shows as
 * {@value #HIDDEN}.
 */
public final class PersonalData {

    /** What a hidden value shows as (Camel's own mask for secret options). */
    public static final String HIDDEN = "xxxxxx";

    private static final Set<String> SHOWN_PARAMETERS;
    private static final Set<String> PERSONAL_OPTIONS;

    static {
        Set<String> shown = new HashSet<>(
                List.of("page", "per_page", "include", "optional_fields", "start_date",
                        "end_date"));
        Set<String> personal = new HashSet<>();
        for (ListFilterSupport.Filter f : ListFilterSupport.filters()) {
            if (f.personal()) {
                personal.add(f.option());
            } else {
                shown.add(f.apiName());
            }
        }
        SHOWN_PARAMETERS = Set.copyOf(shown);
        PERSONAL_OPTIONS = Set.copyOf(personal);
    }

    private PersonalData() {
    }

    /**
     * @param  apiName an API query parameter, e.g. {@code by_email_addresses}
     * @return         true when its value may be shown
     */
    public static boolean shown(String apiName) {
        return SHOWN_PARAMETERS.contains(apiName);
    }

    /** @return the URI options whose values are personal data, e.g. {@code byEmailAddresses} */
    public static Set<String> personalOptions() {
        return PERSONAL_OPTIONS;
    }

    /**
     * @param  uri a request URI or {@code METHOD uri}, its query encoded
     * @return     the same with the values of personal and unknown parameters replaced by {@value #HIDDEN}
     */
    public static String redactUri(String uri) {
        if (uri == null) {
            return null;
        }
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q + 1) + redactQuery(uri.substring(q + 1));
    }

    /**
     * @param  query an encoded query string without {@code ?}
     * @return       the same with the values of personal and unknown parameters replaced by {@value #HIDDEN}
     */
    public static String redactQuery(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        StringBuilder sb = new StringBuilder(query.length());
        for (String pair : query.split("&", -1)) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0 || shown(java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8))) {
                sb.append(pair);
            } else {
                sb.append(name).append('=').append(HIDDEN);
            }
        }
        return sb.toString();
    }
}
