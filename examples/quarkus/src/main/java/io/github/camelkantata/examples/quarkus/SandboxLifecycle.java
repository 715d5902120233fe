package io.github.camelkantata.examples.quarkus;

import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.quarkus.runtime.Startup;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The embedded Kantata sandbox, on a fixed port so that camel.component.kantata-users.base-url can name it. It lives
 * and dies with the application, so in dev mode each hot reload closes it and starts a new one.
 */
@Startup
@Singleton
public class SandboxLifecycle {

    private final KantataSandbox sandbox;

    SandboxLifecycle(@ConfigProperty(name = "kantata.sandbox.enabled") boolean enabled,
                     @ConfigProperty(name = "kantata.sandbox.port") int port) {
        this.sandbox = enabled ? KantataSandbox.builder().port(port).users(250).start() : null;
    }

    /** @return the running sandbox, empty when the application talks to another Kantata */
    public Optional<KantataSandbox> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    @PreDestroy
    void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
