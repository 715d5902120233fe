package io.github.camelkantata.users.springboot;

import java.util.ArrayList;
import java.util.List;

import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot application with the starter and properties only, against the embedded sandbox: the properties reach
 * the component (a call carries the token from the properties; a wrong token from the properties gives the typed 401),
 * duration properties bind from "5s" style values, and the error for a missing token names a property that this starter
 * really binds.
 */
class KantataUsersStarterTest {

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

    static ConfigurableApplicationContext app(String... properties) {
        List<String> all = new ArrayList<>(
                List.of(
                        "camel.main.name=starter-test",
                        "camel.component.kantata-users.base-url=" + sandbox.baseUrl()));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(StarterApplication.class).properties(all.toArray(String[]::new)).run();
    }

    @Test
    void propertiesConfigureTheComponent() {
        try (ConfigurableApplicationContext app = app(
                "camel.component.kantata-users.access-token=" + sandbox.token(),
                "camel.component.kantata-users.include=role",
                "camel.component.kantata-users.max-retries=1",
                "camel.component.kantata-users.connect-timeout=5s",
                "camel.component.kantata-users.response-timeout=45000",
                "camel.component.kantata-users.max-connections=8",
                "camel.component.kantata-users.max-requests-per-second=20.5",
                "camel.component.kantata-users.query.future_filter=x")) {
            CamelContext camel = app.getBean(CamelContext.class);
            KantataUsersComponent component = camel.getComponent("kantata-users", KantataUsersComponent.class);
            assertEquals(sandbox.token(), component.getConfiguration().getAccessToken());
            assertEquals(1, component.getConfiguration().getMaxRetries());
            assertEquals(5_000, component.getConfiguration().getConnectTimeout(), "5s");
            assertEquals(45_000, component.getConfiguration().getResponseTimeout(), "a plain number is milliseconds");
            assertEquals(8, component.getMaxConnections());
            assertEquals(20.5, component.getMaxRequestsPerSecond());
            assertEquals("x", component.getConfiguration().getQuery().get("future_filter"));
            // a default left alone stays the component's default
            assertEquals(150_000, component.getConfiguration().getCallTimeout());

            ProducerTemplate template = app.getBean(ProducerTemplate.class);
            User u = template.requestBodyAndHeader("direct:get", null, KantataUsersConstants.USER_ID, "7", User.class);
            assertEquals("7", u.getId());
            assertEquals(sandbox.data().user("7").fullName(), u.getFullName());
            RecordedRequest r = sandbox.requests().get(0);
            assertEquals("/api/v1/users/7", r.path());
            assertEquals("Bearer " + sandbox.token(), r.header("Authorization"));
            assertEquals("role", r.queryParam("include"));
        }
    }

    @Test
    void filtersAndListOptionsFromThePropertiesReachEveryEndpoint() {
        try (ConfigurableApplicationContext app = app(
                "camel.component.kantata-users.access-token=" + sandbox.token(),
                "camel.component.kantata-users.on-my-account=false",
                "camel.component.kantata-users.show-disabled=true",
                "camel.component.kantata-users.order=alphabetical:desc",
                "camel.component.kantata-users.per-page=7",
                "camel.component.kantata-users.output-type=List")) {
            ProducerTemplate template = app.getBean(ProducerTemplate.class);
            List<?> users = template.requestBody("direct:list", null, List.class);
            assertTrue(!users.isEmpty());
            template.requestBodyAndHeader("direct:get", null, KantataUsersConstants.USER_ID, "7", User.class);
            RecordedRequest list = sandbox.requests().get(0);
            assertEquals("/api/v1/users", list.path());
            assertEquals("false", list.queryParam("on_my_account"));
            assertEquals("true", list.queryParam("show_disabled"));
            assertEquals("alphabetical:desc", list.queryParam("order"));
            assertEquals("7", list.queryParam("per_page"));
            RecordedRequest get = sandbox.requests().get(sandbox.requests().size() - 1);
            assertEquals("/api/v1/users/7", get.path());
            assertEquals("show_disabled=true", get.rawQuery());
        }
    }

    @Test
    void aFilterLeftOutOfThePropertiesIsNotSent() {
        // a Boolean filter the user did not set must stay unset: no on_my_account=false from a starter default
        try (ConfigurableApplicationContext app = app("camel.component.kantata-users.access-token=" + sandbox.token())) {
            app.getBean(ProducerTemplate.class).requestBody("direct:list", null, List.class);
            RecordedRequest list = sandbox.requests().get(0);
            assertEquals(null, list.queryParam("on_my_account"));
            assertEquals(null, list.queryParam("show_disabled"));
        }
    }

    @Test
    void aWrongTokenFromThePropertiesGivesTheTyped401() {
        try (ConfigurableApplicationContext app = app(
                "camel.component.kantata-users.access-token=not-the-token",
                "camel.component.kantata-users.max-retries=0")) {
            ProducerTemplate template = app.getBean(ProducerTemplate.class);
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> template.requestBody("direct:me", null, User.class));
            KantataAuthenticationException auth = assertInstanceOf(KantataAuthenticationException.class, e.getCause());
            assertEquals(401, auth.getStatusCode());
            assertEquals("Bearer not-the-token", sandbox.requests().get(0).header("Authorization"));
        }
    }

    @Test
    void theMissingTokenErrorNamesAPropertyThatTheStarterBinds() {
        Exception e = assertThrows(Exception.class, () -> app().close());
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        assertTrue(message.contains("camel.component.kantata-users.access-token"), message);
        // ...and that property does configure the component (propertiesConfigureTheComponent); it is in the metadata
        assertTrue(MetadataMatchesCatalogTest.metadataNames().contains("camel.component.kantata-users.access-token"));
    }
}
