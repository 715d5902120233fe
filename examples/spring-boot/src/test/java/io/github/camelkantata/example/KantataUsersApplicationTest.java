package io.github.camelkantata.example;

import java.util.List;

import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the app as it ships (application.properties, the starter, no binding class) against the embedded sandbox; only
 * the token and base URL are supplied, as the environment would supply them.
 */
@SpringBootTest(properties = "kantata.delay=600000") // the timer stays out of the requests this test counts
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
    void propertiesReachTheComponentAndTheCallsCarryTheToken() {
        KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
        assertEquals(SANDBOX.token(), component.getConfiguration().getAccessToken());
        assertEquals(5.0, component.getMaxRequestsPerSecond());
        assertEquals(3, component.getConfiguration().getMaxRetries());
        assertEquals(5_000, component.getConfiguration().getConnectTimeout());

        SANDBOX.clearRequests();
        User me = template.requestBody("direct:me", null, User.class);
        assertEquals(SANDBOX.data().meId(), me.getId());
        List<?> team = template.requestBody("direct:team", null, List.class);
        assertTrue(!team.isEmpty() && team.get(0) instanceof User, "users on the account: " + team.size());

        List<RecordedRequest> rs = SANDBOX.requests();
        assertEquals("/api/v1/users/me", rs.get(0).path());
        assertEquals("manager", rs.get(0).queryParam("include"));
        assertEquals("Bearer " + SANDBOX.token(), rs.get(0).header("Authorization"));
        assertTrue(rs.stream().anyMatch(r -> r.path().equals("/api/v1/users") && "true".equals(r.queryParam("on_my_account"))));
    }

    @Test
    void theApplicationKeepsRunning() {
        // camel.main.run-controller=true: a non-daemon thread keeps the JVM up after main() returns
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && !t.isDaemon() && t.getName().equals("CamelMainRunController")),
                "CamelMainRunController is running");
    }

    @Test
    void aWrongTokenFromThePropertiesGivesTheTyped401() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KantataUsersApplication.class)
                .properties("KANTATA_TOKEN=wrong-token", "KANTATA_BASE_URL=" + SANDBOX.baseUrl(),
                        "camel.component.kantata-users.max-retries=0", "camel.main.run-controller=false",
                        "kantata.delay=600000", "spring.main.banner-mode=off")
                .run()) {
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> app.getBean(ProducerTemplate.class).requestBody("direct:me", null, User.class));
            KantataAuthenticationException auth = assertInstanceOf(KantataAuthenticationException.class, e.getCause());
            assertEquals(401, auth.getStatusCode());
        }
    }
}
