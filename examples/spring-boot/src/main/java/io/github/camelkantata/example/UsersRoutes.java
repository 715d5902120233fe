package io.github.camelkantata.example;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Routes with no token or URL in them: both come from application.properties. */
@Component
public class UsersRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:kantata?delay={{kantata.delay}}&period={{kantata.period}}").routeId("kantata-report")
                .to("direct:me")
                .to("direct:team");

        from("direct:me").routeId("kantata-me")
                .to("kantata-users:me")
                .log("Token belongs to ${body.fullName}");

        from("direct:team").routeId("kantata-team")
                .to("kantata-users:list?onMyAccount=true")
                .log("${header.CamelKantataUsersTotalCount} users on the account");
    }
}
