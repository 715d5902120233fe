package io.github.camelkantata.users.platform;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.Main;

/**
 * Boots Camel Main on an example folder's {@code application.properties} as shipped, as {@code scripts/run-example.sh}
 * does, with only what differs in a test overridden: the sandbox's base URL, the routes (one file, or the folder's own
 * pattern), the routes' output endpoints (mocks) and no self-imposed duration. The token is the shipped
 * {@code {{env:KANTATA_TOKEN}}}, which Surefire sets to the sandbox's default token.
 */
final class ExampleRun implements AutoCloseable {

    private final Main main;

    private ExampleRun(Main main) {
        this.main = main;
    }

    /**
     * @param  example   the folder under {@code examples/}
     * @param  routes    a file in it to load alone, or {@code null} for the folder's own routes
     * @param  baseUrl   the sandbox's base URL
     * @param  overrides further properties, e.g. {@code kantata.out=mock:out}
     * @return           the started run
     * @throws Exception when Camel Main cannot start
     */
    static ExampleRun start(String example, String routes, String baseUrl, Map<String, String> overrides) throws Exception {
        Path dir = Path.of("examples", example).toAbsolutePath();
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + dir.resolve("application.properties"));
        main.addOverrideProperty("camel.main.routes-include-pattern",
                "file:" + dir + "/" + (routes != null ? routes : "*.yaml"));
        main.addOverrideProperty("camel.component.kantata-users.base-url", baseUrl);
        main.addOverrideProperty("camel.main.duration-max-idle-seconds", "0");
        main.addOverrideProperty("camel.main.duration-max-seconds", "0");
        overrides.forEach(main::addOverrideProperty);
        main.start();
        return new ExampleRun(main);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    MockEndpoint mock(String uri) {
        return context().getEndpoint(uri, MockEndpoint.class);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
