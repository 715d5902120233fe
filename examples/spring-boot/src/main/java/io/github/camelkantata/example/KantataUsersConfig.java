package io.github.camelkantata.example;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds camel.component.kantata-users.* onto the component. camel-spring-boot 4.17 applies camel.component.* only for
 * components that have a starter (generated ComponentConfiguration classes); this project ships none, so Spring Boot's
 * own binder does it: the shared options onto the component's configuration, the component-level ones
 * (max-requests-per-second, max-connections, ...) onto the component.
 */
@Configuration(proxyBeanMethods = false)
public class KantataUsersConfig {

    @Bean
    @ConfigurationProperties(prefix = "camel.component.kantata-users")
    KantataUsersConfiguration kantataUsersConfiguration() {
        return new KantataUsersConfiguration();
    }

    @Bean("kantata-users")
    @ConfigurationProperties(prefix = "camel.component.kantata-users")
    KantataUsersComponent kantataUsersComponent(KantataUsersConfiguration configuration) {
        KantataUsersComponent component = new KantataUsersComponent();
        component.setConfiguration(configuration);
        return component;
    }
}
