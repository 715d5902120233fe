package io.github.camelkantata.users.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import org.junit.jupiter.api.Test;

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
}
