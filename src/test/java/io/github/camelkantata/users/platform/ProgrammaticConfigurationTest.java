package io.github.camelkantata.users.platform;

import java.util.HashMap;
import java.util.Map;

import io.github.camelkantata.users.KantataAuthenticationException;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersEndpoint;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component configured the ways users do outside a URI: Camel's generic {@link PropertyBindingSupport} on the
 * component and on an endpoint (what Java DSL users, Camel Quarkus and camel-kamelet-main do), and properties only
 * (Camel Main). scripts/test-matrix.sh runs this on every supported Camel line.
 * <p>
 * On Camel 4.14 {@code PropertyBindingSupport} looks a configurer up by the target's class name only
 * ({@code META-INF/services/org/apache/camel/configurer/<class name>}); the generator writes the files under the scheme
 * names ({@code kantata-users-component}), which 4.18 and later also derive from the class name. Without the
 * class-named files that the jar now carries, 4.14 fell back to reflection, which cannot see the options held by the
 * nested configuration, and bound nothing without a word.
 */
class ProgrammaticConfigurationTest {

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

    @Test
    void propertyBindingOnTheComponentBeforeStart() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
            Map<String, Object> options = new HashMap<>(
                    Map.of(
                            "accessToken", sandbox.token(),
                            "baseUrl", sandbox.baseUrl(),
                            "maxRetries", "1",
                            "maxConnections", "8"));
            boolean bound = PropertyBindingSupport.build().bind(context, component, options);

            assertTrue(bound, "PropertyBindingSupport bound nothing");
            assertTrue(options.isEmpty(), "options left unbound: " + options.keySet());
            assertEquals(sandbox.token(), component.getConfiguration().getAccessToken());
            assertEquals(sandbox.baseUrl(), component.getConfiguration().getBaseUrl());
            assertEquals(1, component.getConfiguration().getMaxRetries());
            assertEquals(8, component.getMaxConnections());

            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:get").to("kantata-users:get");
                }
            });
            context.start();
            User u = context.createProducerTemplate().requestBodyAndHeader("direct:get", null,
                    KantataUsersConstants.USER_ID, "7", User.class);
            assertEquals("7", u.getId());
            assertEquals(sandbox.data().user("7").fullName(), u.getFullName());
            RecordedRequest r = sandbox.requests().get(0);
            assertEquals("/api/v1/users/7", r.path());
            assertEquals("Bearer " + sandbox.token(), r.header("Authorization"));
        }
    }

    @Test
    void mandatoryBindingRejectsAnUnknownOption() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
            Map<String, Object> options = new HashMap<>(Map.of("accessToken", "x", "noSuchOption", "y"));
            Exception e = assertThrows(Exception.class,
                    () -> PropertyBindingSupport.build().withMandatory(true).bind(context, component, options));
            assertTrue(e.getMessage().contains("noSuchOption"), e.getMessage());
        }
    }

    @Test
    void propertyBindingOnAnEndpoint() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            KantataUsersComponent component = context.getComponent("kantata-users", KantataUsersComponent.class);
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            KantataUsersEndpoint endpoint = context.getEndpoint("kantata-users:get", KantataUsersEndpoint.class);
            // the endpoint's own options win over the component's; the client is built when the endpoint starts
            Map<String, Object> options = new HashMap<>(
                    Map.of(
                            "accessToken", "wrong-token",
                            "userId", "9",
                            "maxRetries", "0"));
            assertTrue(PropertyBindingSupport.build().bind(context, endpoint, options));
            assertTrue(options.isEmpty(), "options left unbound: " + options.keySet());
            assertEquals("9", endpoint.getConfiguration().getUserId());
            assertEquals(sandbox.token(), component.getConfiguration().getAccessToken(), "the component's copy is untouched");
            context.start();
            ServiceHelper.startService(endpoint);

            // the wrong token reaches the sandbox, whose 401 comes back as the typed exception
            CamelExecutionException e = assertThrows(CamelExecutionException.class,
                    () -> context.createProducerTemplate().requestBody(endpoint, null, User.class));
            assertInstanceOf(KantataAuthenticationException.class, e.getCause());
            RecordedRequest r = sandbox.requests().get(0);
            assertEquals("/api/v1/users/9", r.path());
            assertEquals("Bearer wrong-token", r.header("Authorization"));
        }
    }

    @Test
    void propertiesOnlyInCamelMain() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.kantata-users.access-token", sandbox.token());
        main.addInitialProperty("camel.component.kantata-users.base-url", sandbox.baseUrl());
        main.addInitialProperty("camel.component.kantata-users.include", "role");
        main.addInitialProperty("camel.component.kantata-users.max-connections", "4");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get").to("kantata-users:get?userId=3");
            }
        });
        main.start();
        try {
            User u = main.getCamelContext().createProducerTemplate().requestBody("direct:get", null, User.class);
            assertEquals("3", u.getId());
            RecordedRequest r = sandbox.requests().get(0);
            assertEquals("Bearer " + sandbox.token(), r.header("Authorization"));
            assertEquals("role", r.queryParam("include"));
            assertEquals(4, main.getCamelContext().getComponent("kantata-users", KantataUsersComponent.class)
                    .getMaxConnections());
        } finally {
            main.stop();
        }
    }
}
