package io.github.camelkantata.users.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper this library uses. Thread-safe once configured. */
public final class Json {

    /** Lenient on unknown fields (they are kept by the model), strict on nothing else. */
    public static final ObjectMapper MAPPER = new ObjectMapper(factory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * A factory that does not intern field names. Kantata keys its object maps by id, so most field names of a page are
     * ids seen once; interning each one goes through Jackson's process-wide {@code InternCache} (a concurrent map that
     * is cleared every 180 names), which the profile of a consumer poll and of a list put at a sixth of parsing.
     * Nothing in databind needs interned names; canonicalisation (and so the byte-based UTF-8 parser) stays.
     */
    private static com.fasterxml.jackson.core.JsonFactory factory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .disable(com.fasterxml.jackson.core.JsonFactory.Feature.INTERN_FIELD_NAMES).build();
    }

    /** Bodies below this size (a single user) are parsed with the shared factory. */
    static final int SMALL_BODY = 16 * 1024;

    /**
     * A parser for one response body, from a factory of its own. Kantata keys its object maps by id ({@code "users":
     * {"123": {...}}}), so every id is a field name; with one shared factory Jackson's field-name table grows with
     * every user read, and every parser that adds to it copies and rehashes it (the profile of a consumer poll over
     * 100,000 users showed that table as a fifth of all CPU time). A fresh factory costs a few small arrays (measured
     * over the same 406 pages, one thread: 15 % less CPU and 41 % less allocation per user than the shared factory) and
     * keeps the byte-based UTF-8 parser, whose byte offsets the change-detection digests need (turning canonicalisation
     * off instead would switch Jackson to its char-based parser, which has none).
     *
     * @param  body                the body
     * @return                     a parser over it
     * @throws java.io.IOException never for an array, in practice
     */
    public static com.fasterxml.jackson.core.JsonParser parser(byte[] body) throws java.io.IOException {
        // a single user or an error body adds a handful of names: the shared factory is cheaper there (a fresh one
        // allocates its own tables, about 7 KB, which the get benchmark showed per call)
        if (body.length < SMALL_BODY) {
            return MAPPER.createParser(body);
        }
        return factory().createParser(body);
    }

    /**
     * A parser reading a response stream as it arrives. It never closes the stream: the transport decides whether the
     * connection is drained for reuse or discarded.
     *
     * @param  body                the stream
     * @param  page                true for a page of users, which gets a factory of its own (see
     *                             {@link #parser(byte[])})
     * @return                     a parser over it
     * @throws java.io.IOException when the stream fails at once
     */
    public static com.fasterxml.jackson.core.JsonParser parser(java.io.InputStream body, boolean page)
            throws java.io.IOException {
        com.fasterxml.jackson.core.JsonParser p = page
                ? factory().createParser(body)
                : MAPPER.createParser(body);
        p.disable(com.fasterxml.jackson.core.JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return p;
    }

    private Json() {
    }
}
