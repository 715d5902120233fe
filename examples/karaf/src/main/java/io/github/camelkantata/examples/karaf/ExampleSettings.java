package io.github.camelkantata.examples.karaf;

import java.util.Dictionary;

/**
 * The example's configuration, from the configuration admin PID {@value Activator#PID}.
 *
 * @param accessToken the Kantata OX access token (required); it goes on the component, never in a URI
 * @param baseUrl     the API base URL, or null for the component's default (the real Kantata OX API)
 * @param userId      the user that the {@code get} call reads
 * @param stateFile   the polling consumer's state file, or null for no consumer
 * @param delay       milliseconds between the consumer's polls
 */
record ExampleSettings(String accessToken, String baseUrl, String userId, String stateFile, long delay) {

    static ExampleSettings from(Dictionary<String, ?> configuration) {
        String token = value(configuration, "accessToken");
        if (token == null) {
            throw new IllegalArgumentException(
                    "PID " + Activator.PID + ": accessToken is missing; set it to the "
                                               + "Kantata OX access token (config:property-set accessToken ...)");
        }
        String userId = value(configuration, "userId");
        String delay = value(configuration, "delay");
        return new ExampleSettings(
                token, value(configuration, "baseUrl"), userId == null ? "1" : userId,
                value(configuration, "stateFile"), delay == null ? 5000 : parseDelay(delay));
    }

    private static long parseDelay(String delay) {
        try {
            return Long.parseLong(delay);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "PID " + Activator.PID + ": delay is '" + delay
                                               + "'; it must be a number of milliseconds");
        }
    }

    private static String value(Dictionary<String, ?> configuration, String key) {
        Object v = configuration.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "ExampleSettings[baseUrl=" + baseUrl + ", userId=" + userId + ", stateFile=" + stateFile + ", delay="
               + delay + "]";
    }
}
