package io.github.camelkantata.users.quarkus.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the embedded sandbox before the application, with the token the application reads from the environment, and
 * points the component at it through its base-url property.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's field that receives the running sandbox. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Sandbox {
    }

    static final String STATE_FILE = "target/kantata-users-it.state";

    private KantataSandbox sandbox;

    @Override
    public Map<String, String> start() {
        String token = System.getenv("KANTATA_TOKEN");
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException(
                    "KANTATA_TOKEN is not set: the test passes the token to the application "
                                            + "only through the environment (surefire's environmentVariables)");
        }
        // a state file left by an earlier run would make the consumer emit nothing
        try {
            Files.deleteIfExists(Path.of(STATE_FILE));
            Files.deleteIfExists(Path.of(STATE_FILE + ".lock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sandbox = KantataSandbox.builder().users(120).token(token).start();
        return Map.of("camel.component.kantata-users.base-url", sandbox.baseUrl(), "kantata.state-file", STATE_FILE);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(sandbox, new TestInjector.AnnotatedAndMatchesType(Sandbox.class, KantataSandbox.class));
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
