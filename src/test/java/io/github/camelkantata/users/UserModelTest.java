package io.github.camelkantata.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelkantata.users.client.EnvelopeReader;
import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserModelTest {

    private static final String ENVELOPE
            = "{\"count\":1,\"meta\":{\"count\":1,\"page_count\":1,\"page_number\":1,\"page_size\":20},"
              + "\"users\":{\"7\":{\"id\":\"7\",\"full_name\":\"Bob\",\"email_address\":\"b@x.io\",\"headline\":\"h\","
              + "\"photo_path\":\"p\",\"manager_id\":\"9\",\"future_field\":{\"a\":[1,2]},\"disabled\":false},"
              + "\"9\":{\"id\":\"9\",\"full_name\":\"Boss\"}},"
              + "\"results\":[{\"key\":\"users\",\"id\":\"7\"}]}";

    @Test
    void unknownFieldsAreKeptAndWrittenBackInSnakeCase() throws Exception {
        UserPage page = EnvelopeReader.readUsers(ENVELOPE.getBytes());
        assertEquals(1, page.users().size(), "results decide membership: the side-loaded manager is not a result");
        User bob = page.users().get(0);
        assertEquals(null, bob.getSourceDigest(), "plain reads do not digest: only the consumer needs it");
        assertEquals("Boss", bob.getManager().getFullName());
        JsonNode back = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(bob));
        JsonNode original = Json.MAPPER.readTree(ENVELOPE).get("users").get("7");
        assertEquals(original, back, "a user serialises back to Kantata's JSON without loss");
    }

    @Test
    void resultPointingToAMissingObjectIsAnError() {
        String broken = "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"8\"}],\"users\":{}}";
        EnvelopeReader.MalformedException e = assertThrows(EnvelopeReader.MalformedException.class,
                () -> EnvelopeReader.readUsers(broken.getBytes()));
        assertTrue(e.getMessage().contains("users/8"), e.getMessage());
    }

    @Test
    void pageCountFallsBackToCountWhenMetaIsMissing() throws Exception {
        String noMeta = "{\"count\":45,\"results\":[],\"users\":{}}";
        UserPage page = EnvelopeReader.readUsers(noMeta.getBytes());
        assertEquals(0, page.pageCount());
        assertEquals(3, io.github.camelkantata.users.client.KantataUsersClientAccess.withPageCount(page, 20).pageCount());
    }
}
