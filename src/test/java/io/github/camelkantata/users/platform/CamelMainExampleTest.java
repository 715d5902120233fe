package io.github.camelkantata.users.platform;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots {@code examples/camel-main} with Camel Main from its {@code application.properties} as shipped, routes included
 * ({@code file:routes/*.yaml}, relative to the example folder as {@code scripts/run-example.sh} runs it, so given
 * absolutely here). The token comes from {@code {{env:KANTATA_TOKEN}}} (Surefire sets it to the sandbox's default
 * token); the timers fire the calls by themselves.
 */
class CamelMainExampleTest {

    @Test
    void bootsFromApplicationPropertiesAndTheTimersCallTheSandbox() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(25).start()) {
            assertEquals(KantataSandbox.DEFAULT_TOKEN, System.getenv("KANTATA_TOKEN"), "Surefire sets KANTATA_TOKEN");
            try (ExampleRun run = ExampleRun.start("camel-main", "routes/*.yaml", sandbox.baseUrl(),
                    Map.of("kantata.out", "mock:out"))) {
                MockEndpoint out = run.mock("mock:out");
                out.expectedMessageCount(2);   // me, and the first tick of the list timer
                out.assertIsSatisfied(10_000);

                KantataUsersComponent component = run.context().getComponent("kantata-users", KantataUsersComponent.class);
                assertEquals(KantataSandbox.DEFAULT_TOKEN, component.getConfiguration().getAccessToken());
                assertEquals(5.0, component.getMaxRequestsPerSecond());
                assertEquals(3, component.getConfiguration().getMaxRetries());

                List<RecordedRequest> rs = sandbox.requests();
                RecordedRequest me = rs.stream().filter(r -> r.path().endsWith("/users/me")).findFirst().orElseThrow();
                assertEquals("Bearer " + KantataSandbox.DEFAULT_TOKEN, me.header("Authorization"));
                assertEquals("manager", me.queryParam("include"), "component-level include reaches every endpoint");
                RecordedRequest list = rs.stream().filter(r -> r.path().endsWith("/users")).findFirst().orElseThrow();
                assertEquals("true", list.queryParam("on_my_account"));
                assertTrue(out.getReceivedExchanges().stream()
                        .anyMatch(e -> e.getMessage().getHeader("CamelKantataUsersTotalCount") != null), "the list result");
                assertTrue(out.getReceivedExchanges().stream()
                        .anyMatch(e -> e.getMessage().getBody() instanceof User u && "1".equals(u.getId())), "the me result");
            }
        }
    }
}
