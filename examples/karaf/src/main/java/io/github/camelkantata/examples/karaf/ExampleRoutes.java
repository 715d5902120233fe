package io.github.camelkantata.examples.karaf;

import java.util.List;

import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once at start: {@code me}, {@code get} and {@code list}; and, with a state file, the polling consumer, which emits
 * each user that is new, changed or removed since its last poll (the state file carries that across restarts).
 */
final class ExampleRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleRoutes.class);

    private final ExampleSettings settings;

    ExampleRoutes(ExampleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:kantata-example?repeatCount=1").routeId("kantata-example-calls")
                .to("kantata-users:me")
                .process(e -> {
                    User me = e.getMessage().getBody(User.class);
                    LOG.info("kantata-example me: user {} ({})", me.getId(), me.getFullName());
                })
                .setHeader(KantataUsersConstants.USER_ID, constant(settings.userId()))
                .to("kantata-users:get")
                .process(e -> {
                    User user = e.getMessage().getBody(User.class);
                    LOG.info("kantata-example get: user {} ({})", user.getId(), user.getFullName());
                })
                .to("kantata-users:list?onMyAccount=true")
                .process(e -> {
                    List<?> users = e.getMessage().getBody(List.class);
                    LOG.info("kantata-example list: {} users", users.size());
                });

        if (settings.stateFile() != null) {
            from("kantata-users:list?onMyAccount=true&stateFile=" + settings.stateFile() + "&delay=" + settings.delay())
                    .routeId("kantata-example-changes")
                    .process(e -> LOG.info("kantata-example change: {} user {}",
                            e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE),
                            e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID)));
        }
    }
}
