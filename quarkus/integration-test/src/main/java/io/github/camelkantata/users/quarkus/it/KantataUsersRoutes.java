package io.github.camelkantata.users.quarkus.it;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.camelkantata.users.KantataUsersConstants;
import org.apache.camel.builder.RouteBuilder;

/**
 * The polling consumer with a stateFile, discovered by Camel Quarkus as a CDI bean. Its options come from
 * application.properties; the component's (base URL, token) from camel.component.kantata-users.*.
 */
@ApplicationScoped
public class KantataUsersRoutes extends RouteBuilder {

    public static final String CONSUMER_ROUTE = "kantata-users-changes";

    @Inject
    ChangeLog changes;

    @Override
    public void configure() {
        from("kantata-users:list?onMyAccount=true&perPage=50&stateFile={{kantata.state-file}}"
             + "&delay={{kantata.delay}}&initialDelay=0")
                .routeId(CONSUMER_ROUTE)
                // started by the test, so that its polls do not mix with the producer tests' requests
                .autoStartup(false)
                .process(e -> changes.add(
                        e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE, String.class),
                        e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class)));
    }
}
