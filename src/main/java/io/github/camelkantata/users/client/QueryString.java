package io.github.camelkantata.users.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds encoded query strings. Commas and colons stay readable: Kantata's list and order syntax use them. */
public final class QueryString {

    private final StringBuilder sb = new StringBuilder();

    /** @param name an API parameter name @param value its value; null is skipped @return this */
    public QueryString add(String name, Object value) {
        if (value == null) {
            return this;
        }
        if (sb.length() > 0) {
            sb.append('&');
        }
        sb.append(encode(name)).append('=').append(encode(String.valueOf(value)));
        return this;
    }

    /** @return true when nothing was added */
    public boolean isEmpty() {
        return sb.length() == 0;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** @param s text @return it, encoded for a query string */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",").replace("%3A", ":")
                .replace("%5B", "[").replace("%5D", "]");
    }

    /** @param a a query string or null @param b another @return both joined with {@code &} */
    public static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b;
        }
        if (b == null || b.isEmpty()) {
            return a;
        }
        return a + "&" + b;
    }
}
