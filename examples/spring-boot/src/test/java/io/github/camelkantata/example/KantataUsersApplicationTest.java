package io.github.camelkantata.example;

import java.util.List;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the app against the embedded sandbox; only the token and base URL are supplied, as environment would. */
@SpringBootTest
class KantataUsersApplicationTest {

    static final KantataSandbox SANDBOX = KantataSandbox.builder().users(15).start();

    @DynamicPropertySource
    static void kantata(DynamicPropertyRegistry registry) {
        registry.add("KANTATA_TOKEN", SANDBOX::token);
        registry.add("KANTATA_BASE_URL", SANDBOX::baseUrl);
    }

    @AfterAll
    static void stop() {
        SANDBOX.close();
    }

    @Autowired
    CamelContext context;

    @Autowired
    ProducerTemplate template;

    @Test
    void componentConfiguredFromPropertiesCallsTheSandbox() {
        KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
        assertEquals(SANDBOX.token(), component.getConfiguration().getAccessToken());
        assertEquals(5.0, component.getMaxRequestsPerSecond());
        assertEquals(3, component.getConfiguration().getMaxRetries());

        User me = template.requestBody("direct:me", null, User.class);
        assertNotNull(me.getId());
        List<?> team = template.requestBody("direct:team", null, List.class);
        assertTrue(!team.isEmpty() && team.get(0) instanceof User, "users on the account: " + team.size());

        List<RecordedRequest> rs = SANDBOX.requests();
        assertEquals("/api/v1/users/me", rs.get(0).path());
        assertEquals("manager", rs.get(0).queryParam("include"));
        assertEquals("Bearer " + SANDBOX.token(), rs.get(0).header("Authorization"));
        assertTrue(rs.stream().anyMatch(r -> r.path().equals("/api/v1/users") && "true".equals(r.queryParam("on_my_account"))));
    }
}
