package io.github.camelkantata.users.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper this library uses. Thread-safe once configured. */
public final class Json {

    /** Lenient on unknown fields (they are kept by the model), strict on nothing else. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Bodies below this size (a single user) are parsed with the shared factory. */
    static final int SMALL_BODY = 16 * 1024;

    /**
     * A parser for one response body, from a factory of its own. Kantata keys its object maps by id ({@code "users":
     * {"123": {...}}}), so every id is a field name; with one shared factory Jackson's field-name table grows with every
     * user read, and every parser that adds to it copies and rehashes it (the profile of a consumer poll over 100,000
     * users showed that table as a fifth of all CPU time). A fresh factory costs a few small arrays (measured over
     * the same 406 pages, one thread: 15 % less CPU and 41 % less allocation per user than the shared factory) and keeps
     * the byte-based UTF-8 parser, whose byte offsets the change-detection digests need (turning canonicalisation off
     * instead would switch Jackson to its char-based parser, which has none).
     *
     * @param  body the body
     * @return      a parser over it
     * @throws java.io.IOException never for an array, in practice
     */
    public static com.fasterxml.jackson.core.JsonParser parser(byte[] body) throws java.io.IOException {
        // a single user or an error body adds a handful of names: the shared factory is cheaper there (a fresh one
        // allocates its own tables, about 7 KB, which the get benchmark showed per call)
        if (body.length < SMALL_BODY) {
            return MAPPER.createParser(body);
        }
        return new com.fasterxml.jackson.core.JsonFactory().createParser(body);
    }

    /**
     * A parser reading a response stream as it arrives. It never closes the stream: the transport decides whether the
     * connection is drained for reuse or discarded.
     *
     * @param  body the stream
     * @param  page true for a page of users, which gets a factory of its own (see {@link #parser(byte[])})
     * @return      a parser over it
     * @throws java.io.IOException when the stream fails at once
     */
    public static com.fasterxml.jackson.core.JsonParser parser(java.io.InputStream body, boolean page) throws java.io.IOException {
        com.fasterxml.jackson.core.JsonParser p = page ? new com.fasterxml.jackson.core.JsonFactory().createParser(body)
                : MAPPER.createParser(body);
        p.disable(com.fasterxml.jackson.core.JsonParser.Feature.AUTO_CLOSE_SOURCE);
        return p;
    }

    private Json() {
    }
}
