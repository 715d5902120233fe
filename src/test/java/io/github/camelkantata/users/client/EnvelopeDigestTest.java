package io.github.camelkantata.users.client;

import java.nio.charset.StandardCharsets;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Change detection needs each object's digest of its raw JSON, which only the byte-based parser can give (its byte
 * offsets). A parser set-up that loses them (a factory without field-name canonicalisation makes Jackson fall back to
 * its char-based parser) would silently send every user through the slow fingerprint path.
 */
class EnvelopeDigestTest {

    @Test
    void everyUserAndSideLoadedObjectCarriesTheDigestOfItsJsonAsSent() throws Exception {
        String user7 = "{\"id\":\"7\",\"full_name\":\"A\",\"role_id\":\"3\"}";
        String body = "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"7\"}],\"users\":{\"7\":" + user7 + "},"
                      + "\"roles\":{\"3\":{\"id\":\"3\",\"name\":\"R\"}},\"meta\":{\"count\":1,\"page_count\":1,"
                      + "\"page_number\":1,\"page_size\":20}}";
        for (int i = 0; i < 3; i++) { // and again: a parser of its own each time, same result
            UserPage page = EnvelopeReader.readUsers(body.getBytes(StandardCharsets.UTF_8), true);
            User u = page.users().get(0);
            assertEquals("7", u.getId());
            assertArrayEquals(EnvelopeReader.digest(user7.getBytes(StandardCharsets.UTF_8), 0, user7.length()),
                    u.getSourceDigest());
            assertNotNull(u.getRole());
            assertNotNull(u.getRole().getSourceDigest());
        }
    }

    @Test
    void aPageLargeEnoughForItsOwnParserKeepsTheDigestsToo() throws Exception {
        StringBuilder results = new StringBuilder();
        StringBuilder users = new StringBuilder();
        int n = 300; // well over Json.SMALL_BODY
        for (int i = 1; i <= n; i++) {
            results.append(i > 1 ? "," : "").append("{\"key\":\"users\",\"id\":\"").append(i).append("\"}");
            users.append(i > 1 ? "," : "").append('"').append(i).append("\":{\"id\":\"").append(i)
                    .append("\",\"full_name\":\"User number ").append(i).append("\",\"headline\":\"some text to pad\"}");
        }
        String body = "{\"count\":" + n + ",\"results\":[" + results + "],\"users\":{" + users + "},\"meta\":{\"count\":" + n
                      + ",\"page_count\":1,\"page_number\":1,\"page_size\":" + n + "}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(bytes.length > Json.SMALL_BODY);
        UserPage page = EnvelopeReader.readUsers(bytes, true);
        assertEquals(n, page.users().size());
        String user42 = "{\"id\":\"42\",\"full_name\":\"User number 42\",\"headline\":\"some text to pad\"}";
        assertArrayEquals(EnvelopeReader.digest(user42.getBytes(StandardCharsets.UTF_8), 0, user42.length()),
                page.users().get(41).getSourceDigest());
    }
}
