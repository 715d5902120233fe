package io.github.camelkantata.users.platform;

import java.nio.file.Path;
import java.util.List;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots {@link Main} from {@code examples/camel-main/application.properties} as shipped. The token comes from
 * {@code {{env:KANTATA_TOKEN}}} (Surefire sets it to the sandbox's default token); only what differs on a test
 * machine is overridden: the sandbox's base URL, the routes folder (relative to the project, not the example) and the
 * routes' output (a mock instead of a log).
 */
class CamelMainExampleTest {

    @Test
    void bootsFromApplicationPropertiesAndCallsTheSandbox() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(25).start()) {
            assertEquals(KantataSandbox.DEFAULT_TOKEN, System.getenv("KANTATA_TOKEN"), "Surefire sets KANTATA_TOKEN");
            Main main = new Main();
            main.setPropertyPlaceholderLocations("file:examples/camel-main/application.properties");
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:examples/camel-main/routes/*.yaml");
            main.addOverrideProperty("camel.component.kantata-users.base-url", sandbox.baseUrl());
            main.addOverrideProperty("kantata.out", "mock:out");
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
                out.expectedMinimumMessageCount(2);
                out.assertIsSatisfied(10_000);

                KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
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
                        .anyMatch(e -> e.getMessage().getHeader("CamelKantataUsersTotalCount") != null));
            } finally {
                main.stop();
            }
        }
        assertTrue(Path.of("examples/camel-main/application.properties").toFile().isFile());
    }
}
