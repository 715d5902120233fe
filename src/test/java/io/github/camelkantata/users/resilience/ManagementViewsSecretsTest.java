package io.github.camelkantata.users.resilience;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token stays out of Camel's management views: every attribute of every Camel MBean (what Hawtio or jconsole show)
 * and every dev console's text and JSON output, with the token set on the component, and endpoints whose URI was given
 * the token literally or through a placeholder. (A token written into a route's own text is shown by Camel's route dump
 * and processor consoles as the route is written, placeholders resolved: that is Camel's view of the user's route text,
 * which is why the README says to set the token on the component.)
 */
class ManagementViewsSecretsTest {

    private static final String TOKEN = "tok-Mgmt9Vq2LxZ7";

    @Test
    void tokenAppearsInNoMBeanAttributeAndNoDevConsole() throws Exception {
        String previous = System.getProperty("org.apache.camel.jmx.disabled");
        System.setProperty("org.apache.camel.jmx.disabled", "false");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(20).token(TOKEN).start();
             DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("kantata-mgmt-test");
            context.setDevConsole(true);
            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(TOKEN);
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            context.addComponent("kantata-users", component);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:me").routeId("me").to("kantata-users:me");
                    // the recommended set-up: the token on the component, never in a route's text
                    from("direct:get").routeId("get").to("kantata-users:get?userId=3");
                    from("kantata-users:list?delay=100000&initialDelay=0").routeId("poll").to("mock:x");
                }
            });
            context.start();
            context.createProducerTemplate().requestBody("direct:me", (Object) null);
            context.createProducerTemplate().requestBody("direct:get", (Object) null);
            // a token in an endpoint URI (written there, or a placeholder, which Camel resolves into the URI before the
            // endpoint exists): the endpoint never keeps it in its URI, so the endpoint views below cannot show it
            context.getEndpoint("kantata-users:get?userId=4&accessToken=" + TOKEN).start();
            context.getEndpoints().forEach(e -> assertFalse(e.getEndpointUri().contains(TOKEN), e.getEndpointUri()));

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            List<String> seen = new ArrayList<>();
            int attributes = 0;
            for (ObjectName name : server.queryNames(new ObjectName("org.apache.camel:context=kantata-mgmt-test,*"), null)) {
                for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
                    Object value;
                    try {
                        value = server.getAttribute(name, info.getName());
                    } catch (Exception unreadable) {
                        continue;
                    }
                    attributes++;
                    String text = String.valueOf(value);
                    if (text.contains(TOKEN)) {
                        seen.add(name + " " + info.getName());
                    }
                }
            }
            assertTrue(attributes > 100, "JMX is on and Camel's MBeans were read: " + attributes);
            assertTrue(seen.isEmpty(), "the token is visible in MBean attributes: " + seen);

            DevConsoleRegistry registry = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
            List<String> consoles = new ArrayList<>();
            registry.stream().forEach(console -> {
                consoles.add(console.getId());
                if ("heap-dump".equals(console.getId())) {
                    // it writes a 50 MB .hprof into the working directory and shows no Camel data: not called
                    return;
                }
                for (DevConsole.MediaType type : DevConsole.MediaType.values()) {
                    if (console.supportMediaType(type)) {
                        Object out = console.call(type, Map.of());
                        assertFalse(String.valueOf(out).contains(TOKEN),
                                "dev console '" + console.getId() + "' shows the token");
                    }
                }
            });
            assertTrue(consoles.contains("endpoint") && consoles.contains("route"), "the dev consoles ran: " + consoles);
        } finally {
            if (previous == null) {
                System.clearProperty("org.apache.camel.jmx.disabled");
            } else {
                System.setProperty("org.apache.camel.jmx.disabled", previous);
            }
        }
    }
}
