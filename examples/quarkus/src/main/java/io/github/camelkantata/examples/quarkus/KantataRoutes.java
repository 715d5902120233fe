package io.github.camelkantata.examples.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.github.camelkantata.users.KantataUsersConstants;
import org.apache.camel.builder.RouteBuilder;

/** The routes: the polling consumer, which emits one message per user that is new, changed or removed. */
@ApplicationScoped
public class KantataRoutes extends RouteBuilder {

    /** Shown by /diagnostics; the dev-mode smoke test edits it to see that a hot reload took effect. */
    private static final String ROUTE_VERSION = "v1";

    public static final String CONSUMER_ROUTE = "kantata-users-changes";

    @Inject
    Changes changes;

    /** Injected so that the sandbox (when enabled) runs before the routes start. */
    @Inject
    SandboxLifecycle sandbox;

    /**
     * @return {@link #ROUTE_VERSION}, read through a method: a constant read by another class is compiled into it, and
     *         dev mode recompiles only the file that changed
     */
    public static String routeVersion() {
        return ROUTE_VERSION;
    }

    @Override
    public void configure() {
        from("kantata-users:list?onMyAccount=true&stateFile={{kantata.state-file}}&delay={{kantata.delay}}"
             + "&initialDelay=1000")
                .routeId(CONSUMER_ROUTE)
                .process(e -> changes.add(
                        e.getMessage().getHeader(KantataUsersConstants.CHANGE_TYPE, String.class),
                        e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class)))
                // headers only: ${body.fullName} would need camel-quarkus-bean for the simple language's bean calls
                .log("${header." + KantataUsersConstants.CHANGE_TYPE + "} user ${header."
                     + KantataUsersConstants.CONSUMER_USER_ID + "}");
    }
}
