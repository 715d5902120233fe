package io.github.camelkantata.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Runs one example folder (its {@code application.properties} and YAML routes) with Camel Main, in that folder, as
 * {@code camel run} would.
 * <p>
 * Without {@code KANTATA_TOKEN} it starts the embedded sandbox and points the component at it, with a fresh state file;
 * with {@code KANTATA_TOKEN} set it calls whatever {@code KANTATA_BASE_URL} names (the real API by default) and leaves
 * out the routes that write ({@code *update*.yaml}, {@code *photo*.yaml}) unless {@code KANTATA_ALLOW_WRITES=true}. The
 * example stops by itself (see {@code camel.main.duration-max-*} in its properties); the exit status is 1 when an
 * exchange failed.
 */
public final class RunExample {

    private RunExample() {
    }

    /**
     * @param  args      the example's name, for the banner
     * @throws Exception when Camel cannot start
     */
    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : Path.of("").toAbsolutePath().getFileName().toString();
        Properties own = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            own.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("run me in an example folder that has an application.properties", e);
        }

        String token = System.getenv("KANTATA_TOKEN");
        boolean real = token != null && !token.isBlank();
        KantataSandbox sandbox = real ? null : KantataSandbox.builder().users(25).start();

        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        if (!own.containsKey("camel.main.routes-include-pattern")) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "file:*.yaml");
        }
        if (real) {
            System.out.printf("Example %s against %s%n", name,
                    System.getenv().getOrDefault("KANTATA_BASE_URL", "the real Kantata OX API"));
            if (!"true".equals(System.getenv("KANTATA_ALLOW_WRITES"))) {
                System.out.println("Skipping the routes that write (*update*.yaml, *photo*.yaml): set KANTATA_ALLOW_WRITES=true"
                                   + " to run them on KANTATA_USER_ID");
                main.addOverrideProperty("camel.main.routes-exclude-pattern", "file:*update*.yaml,file:*photo*.yaml");
            }
        } else {
            System.out.printf("No KANTATA_TOKEN set: example %s runs against the embedded sandbox at %s%n", name,
                    sandbox.baseUrl());
            main.addOverrideProperty("camel.component.kantata-users.base-url", sandbox.baseUrl());
            main.addOverrideProperty("camel.component.kantata-users.access-token", sandbox.token());
            // the sandbox is new on every run, so a state file from an earlier run would describe other data
            Path state = Files.createTempFile("kantata-users-example-", ".state");
            state.toFile().deleteOnExit();
            main.addOverrideProperty("kantata.stateFile", state.toString());
        }

        AtomicInteger failed = new AtomicInteger();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                m.getCamelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) {
                        if (event instanceof CamelEvent.ExchangeFailedEvent) {
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            // a route that cannot start: say so and exit, rather than leave the JVM to the threads Camel started
            System.out.printf("Example %s could not run: %s%n", name, e);
            failed.incrementAndGet();
        } finally {
            if (sandbox != null) {
                System.out.printf("The sandbox received %d requests%n", sandbox.requests().size());
                sandbox.close();
            }
        }
        if (failed.get() > 0) {
            System.out.printf("Example %s: %d exchange(s) failed%n", name, failed.get());
            System.exit(1);
        }
        System.out.printf("Example %s done%n", name);
        System.exit(0);
    }
}
