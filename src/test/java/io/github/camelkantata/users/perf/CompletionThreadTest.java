package io.github.camelkantata.users.perf;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the route continues after a call: on a KantataUsers worker by default (a slow route never holds the I/O
 * reactor), on the HTTP client's I/O thread with {@code completeOnIoThread=true} (one hand-off less, for routes that
 * never block).
 */
class CompletionThreadTest {

    @Test
    void byDefaultTheRouteContinuesOnAWorkerNeverOnTheIoReactor() throws Exception {
        assertTrue(threadAfterCall(false).contains("KantataUsers"), threadAfterCall(false));
    }

    @Test
    void withCompleteOnIoThreadTheRouteContinuesOnTheIoThread() throws Exception {
        String name = threadAfterCall(true);
        assertTrue(name.startsWith("httpclient-dispatch"), name);
    }

    private static String threadAfterCall(boolean inline) throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(20).start()) {
            CamelContext context = new DefaultCamelContext();
            KantataUsersComponent component = new KantataUsersComponent();
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            component.setCompleteOnIoThread(inline);
            context.addComponent("kantata-users", component);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:get").to("kantata-users:get?userId=1")
                            .process(e -> e.getMessage().setHeader("thread", Thread.currentThread().getName()));
                }
            });
            context.start();
            try {
                Exchange e = context.createProducerTemplate().request("direct:get", x -> {
                });
                assertEquals(null, e.getException());
                assertEquals("1", e.getMessage().getBody(User.class).getId());
                return e.getMessage().getHeader("thread", String.class);
            } finally {
                context.stop();
            }
        }
    }
}
