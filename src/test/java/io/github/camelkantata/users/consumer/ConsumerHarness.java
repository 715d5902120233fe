package io.github.camelkantata.users.consumer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A CamelContext with one consumer route ({@code sync}) against a sandbox, polled by hand
 * ({@code startScheduler=false}) so every test decides exactly when a poll happens.
 */
final class ConsumerHarness implements AutoCloseable {

    /** What the route received for one exchange. */
    record Received(String type, String id, String fullName, String fingerprint, int batchIndex, int batchSize,
            boolean batchComplete, Object body) {
    }

    final CamelContext context;
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final String uri;
    private volatile Consumer<Exchange> behaviour = e -> {
    };

    ConsumerHarness(KantataSandbox sandbox, String options, Map<String, Object> beans) throws Exception {
        this(sandbox, options, beans, true);
    }

    ConsumerHarness(KantataSandbox sandbox, String options, Map<String, Object> beans, boolean manual) throws Exception {
        context = new DefaultCamelContext();
        beans.forEach(context.getRegistry()::bind);
        KantataUsersComponent component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(sandbox.token());
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        context.addComponent("kantata-users", component);
        uri = "kantata-users:list?" + (manual ? "startScheduler=false&" : "") + options;
        routes = () -> new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("sync").process(e -> {
                    behaviour.accept(e);
                    User u = e.getMessage().getBody(User.class);
                    received.add(new Received(
                            e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE, String.class),
                            e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class),
                            u == null ? null : u.getFullName(),
                            e.getMessage().getHeader(KantataUsersConstants.FINGERPRINT, String.class),
                            e.getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class),
                            e.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class),
                            e.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class), e.getMessage().getBody()));
                });
            }
        };
        context.addRoutes(routes.get());
    }

    private final java.util.function.Supplier<RouteBuilder> routes;

    /** Removes the route and adds it again, as a route reload (Camel Main, a route template) does. */
    void removeAndAddRoute() throws Exception {
        context.getRouteController().stopRoute("sync");
        if (!context.removeRoute("sync")) {
            throw new IllegalStateException("route sync not removed");
        }
        context.addRoutes(routes.get());
        context.getRouteController().startRoute("sync");
    }

    ConsumerHarness start() {
        context.start();
        return this;
    }

    /** Runs the code before each exchange is recorded; throwing fails that exchange. */
    void behaviour(Consumer<Exchange> b) {
        behaviour = b;
    }

    KantataUsersConsumer consumer() {
        return (KantataUsersConsumer) context.getRoute("sync").getConsumer();
    }

    /** One poll, synchronously; returns what the route received during it. */
    List<Received> poll() {
        int before = received.size();
        consumer().run();
        synchronized (received) {
            return new ArrayList<>(received.subList(before, received.size()));
        }
    }

    @Override
    public void close() {
        context.stop();
    }
}
