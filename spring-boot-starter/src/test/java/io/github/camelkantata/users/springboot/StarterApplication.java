package io.github.camelkantata.users.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A user's application: routes only, no binding class; every option comes from camel.component.kantata-users.*. */
@SpringBootApplication
public class StarterApplication {

    @Bean
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get").routeId("get").to("kantata-users:get");
                from("direct:me").routeId("me").to("kantata-users:me");
                from("direct:list").routeId("list").to("kantata-users:list");
            }
        };
    }
}
