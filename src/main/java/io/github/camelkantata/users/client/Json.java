package io.github.camelkantata.users.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper this library uses. Thread-safe once configured. */
public final class Json {

    /** Lenient on unknown fields (they are kept by the model), strict on nothing else. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }
}
