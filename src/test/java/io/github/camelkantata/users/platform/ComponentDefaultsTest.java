package io.github.camelkantata.users.platform;

import java.util.List;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options set on the component ({@code camel.component.kantata-users.<option>}) are the defaults of every endpoint, the
 * GET /users filters included, in Camel Main with properties only: each test asserts the query that went over the wire.
 * (The Spring Boot path is spring-boot-starter's KantataUsersStarterTest.)
 */
class ComponentDefaultsTest {

    static KantataSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KantataSandbox.builder().users(20).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.clearRequests();
    }

    private static Main main(RouteBuilder routes, String... properties) {
        Main main = new Main();
        main.addInitialProperty("camel.component.kantata-users.access-token", sandbox.token());
        main.addInitialProperty("camel.component.kantata-users.base-url", sandbox.baseUrl());
        for (int i = 0; i < properties.length; i += 2) {
            main.addInitialProperty(properties[i], properties[i + 1]);
        }
        main.configure().addRoutesBuilder(routes);
        return main;
    }

    private static RouteBuilder routes(String listUri, String getUri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:list").to(listUri);
                from("direct:get").to(getUri);
            }
        };
    }

    @Test
    void filtersAndListOptionsOnTheComponentReachEveryEndpoint() throws Exception {
        String elena = sandbox.data().users().get(3).emailAddress();
        Main main = main(routes("kantata-users:list", "kantata-users:get"),
                "camel.component.kantata-users.on-my-account", "true",
                "camel.component.kantata-users.show-disabled", "true",
                "camel.component.kantata-users.by-email-addresses", elena,
                "camel.component.kantata-users.order", "alphabetical:desc",
                "camel.component.kantata-users.include", "role",
                "camel.component.kantata-users.per-page", "50",
                "camel.component.kantata-users.output-type", "List");
        main.start();
        try {
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            List<?> users = template.requestBody("direct:list", null, List.class);
            assertEquals(1, users.size());
            assertEquals(elena, ((User) users.get(0)).getEmailAddress());
            template.requestBodyAndHeader("direct:get", null, KantataUsersConstants.USER_ID, "7", User.class);

            RecordedRequest list = sandbox.requests().get(0);
            assertEquals("/api/v1/users", list.path());
            assertEquals("true", list.queryParam("on_my_account"));
            assertEquals("true", list.queryParam("show_disabled"));
            assertEquals(elena, list.queryParam("by_email_addresses"));
            assertEquals("alphabetical:desc", list.queryParam("order"));
            assertEquals("role", list.queryParam("include"));
            assertEquals("50", list.queryParam("per_page"));
            RecordedRequest get = sandbox.requests().get(1);
            assertEquals("/api/v1/users/7", get.path());
            assertEquals("show_disabled=true&include=role", get.rawQuery(),
                    "a get sends the component's showDisabled (a disabled user is a 404 otherwise)");
            assertTrue(main.getCamelContext().getComponent("kantata-users", KantataUsersComponent.class)
                    .getConfiguration().getShowDisabled());
        } finally {
            main.stop();
        }
    }

    @Test
    void anEndpointOptionWinsOverTheComponentDefault() throws Exception {
        Main main = main(routes("kantata-users:list?onMyAccount=false&perPage=5&page=1", "kantata-users:get"),
                "camel.component.kantata-users.on-my-account", "true",
                "camel.component.kantata-users.per-page", "50");
        main.start();
        try {
            main.getCamelContext().createProducerTemplate().requestBody("direct:list", null, List.class);
            RecordedRequest list = sandbox.requests().get(0);
            assertEquals("false", list.queryParam("on_my_account"));
            assertEquals("5", list.queryParam("per_page"));
            // the component's configuration is a default only: the endpoint's change did not reach it
            assertTrue(main.getCamelContext().getComponent("kantata-users", KantataUsersComponent.class)
                    .getConfiguration().getOnMyAccount());
        } finally {
            main.stop();
        }
    }

    @Test
    void theConsumerTakesTheComponentsScope() throws Exception {
        Main main = main(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?initialDelay=0&delay=60000&onlyChanged=false").routeId("poll")
                        .to("mock:users");
            }
        }, "camel.component.kantata-users.on-my-account", "false",
                "camel.component.kantata-users.show-disabled", "true");
        main.start();
        try {
            org.apache.camel.component.mock.MockEndpoint mock = main.getCamelContext()
                    .getEndpoint("mock:users", org.apache.camel.component.mock.MockEndpoint.class);
            mock.setMinimumExpectedMessageCount(1);
            mock.assertIsSatisfied(20_000);
            RecordedRequest poll = sandbox.requests().get(0);
            assertEquals("false", poll.queryParam("on_my_account"),
                    "on-my-account=false on the component replaces the consumer's on_my_account=true default");
            assertEquals("true", poll.queryParam("show_disabled"));
        } finally {
            main.stop();
        }
    }

    @Test
    void aBadFilterOnTheComponentFailsAtStartNamingIt() {
        Main main = main(routes("kantata-users:list", "kantata-users:get"),
                "camel.component.kantata-users.with-users", "12,abc");
        Exception e = assertThrows(Exception.class, main::start);
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        assertTrue(t.getMessage().contains("withUsers") && t.getMessage().contains("abc"), t.getMessage());
        assertNull(sandbox.requests().isEmpty() ? null : sandbox.requests().get(0), "nothing was sent");
        main.stop();
    }
}
