package io.github.camelkantata.users;

import java.util.List;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The component as users configure it outside Java: a YAML DSL route, and Camel Main properties. */
class YamlAndMainConfigurationTest {

    static KantataSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KantataSandbox.builder().users(120).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void yamlRouteCallsTheApi() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            context.addComponent("kantata-users", component);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:routes/kantata-users-route.yaml"));
            context.start();
            sandbox.clearRequests();
            Exchange ex = context.createProducerTemplate().request("direct:yaml-list", e -> {
            });
            List<?> users = ex.getMessage().getBody(List.class);
            long expected = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
            assertEquals(expected, users.size());
            assertEquals((int) expected, ex.getMessage().getHeader("userCount", Integer.class));
            assertEquals("true", sandbox.requests().get(0).queryParam("on_my_account"));
            assertEquals("manager", sandbox.requests().get(0).queryParam("include"));
            assertEquals(sandbox.data().user("8").fullName(),
                    context.createProducerTemplate().requestBody("direct:yaml-get", "8", String.class));
        }
    }

    @Test
    void camelMainPropertiesConfigureTheComponent() throws Exception {
        Main main = new Main();
        main.addInitialProperty("camel.component.kantata-users.access-token", sandbox.token());
        main.addInitialProperty("camel.component.kantata-users.base-url", sandbox.baseUrl());
        main.addInitialProperty("camel.component.kantata-users.max-retries", "1");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:me").to("kantata-users:me");
            }
        });
        main.start();
        try {
            sandbox.clearRequests();
            User me = main.getCamelContext().createProducerTemplate().requestBody("direct:me", null, User.class);
            assertEquals(sandbox.data().meId(), me.getId());
            assertEquals("Bearer " + sandbox.token(), sandbox.requests().get(0).header("Authorization"));
            KantataUsersComponent component = main.getCamelContext().getComponent("kantata-users", KantataUsersComponent.class);
            assertEquals(1, component.getConfiguration().getMaxRetries());
            // the token is masked wherever Camel shows the endpoint
            main.getCamelContext().getEndpoints().forEach(e -> assertTrue(!e.toString().contains(sandbox.token())));
        } finally {
            main.stop();
        }
    }
}
