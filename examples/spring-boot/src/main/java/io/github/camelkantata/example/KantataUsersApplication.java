package io.github.camelkantata.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Spring Boot app: the kantata-users component is configured by camel.component.kantata-users.* only. */
@SpringBootApplication
public class KantataUsersApplication {

    public static void main(String[] args) {
        SpringApplication.run(KantataUsersApplication.class, args);
    }
}
