package io.github.camelkantata.users.resilience;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With every logger at TRACE (HttpClient's wire and headers loggers and Camel included), every operation and a set of
 * failures run, and the token must appear nowhere: not in the captured log, not in any exception's message, toString or
 * stack trace, not in the endpoint's toString or URI, not in the configuration's toString.
 */
class SecretsTest extends ResilienceSupport {

    private final StringWriter captured = new StringWriter();
    private final List<String> texts = new ArrayList<>();
    private WriterAppender appender;
    private Level rootLevel;

    @BeforeEach
    void captureEverything() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("secrets-capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %p %m %throwable%n").build()).build();
        appender.start();
        cfg.addAppender(appender);
        LoggerConfig root = cfg.getRootLogger();
        rootLevel = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.ALL);
        for (String name : List.of("io.github.camelkantata", "org.apache.hc.client5.http.wire",
                "org.apache.hc.client5.http.headers", "org.apache.hc", "org.apache.camel")) {
            LoggerConfig lc = cfg.getLoggerConfig(name);
            if (lc.getName().equals(name)) {
                lc.setLevel(Level.ALL);
            } else {
                LoggerConfig added = new LoggerConfig(name, Level.ALL, true);
                cfg.addLogger(name, added);
            }
        }
        ctx.updateLoggers();
        // the file appender of log4j2-test.xml would otherwise take megabytes of TRACE
        root.removeAppender("file");
        ctx.updateLoggers();
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.reconfigure();
        appender.stop();
    }

    private void keep(Exchange ex) {
        Exception e = ex.getException();
        if (e != null) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            texts.add(sw.toString());
            texts.add(e.toString());
            texts.add(String.valueOf(e.getMessage()));
            texts.add(String.valueOf(e.getLocalizedMessage()));
        }
    }

    private void assertNoToken(String where, String text) {
        assertFalse(text.contains(TOKEN), () -> "the token leaked into " + where + ": ..."
                                                + text.substring(Math.max(0, text.indexOf(TOKEN) - 300),
                                                        Math.min(text.length(), text.indexOf(TOKEN) + 100)));
    }

    @Test
    void theTokenAppearsNowhere() throws Exception {
        // successes, every operation
        for (Op op : Op.values()) {
            Exchange ex = template.send(op.uri, e -> e.getMessage().setBody(op.body()));
            assertNull(ex.getException(), () -> op + ": " + ex.getException());
        }
        // failures: 401, 422, 503 exhausted, reset, malformed, timeout, Retry-After fail-fast
        String[][] faults = {
                { "401", "{\"errors\":[{\"type\":\"oauth\",\"message\":\"Invalid OAuth 2 Request\"}]}" },
                { "422", "{\"errors\":[{\"type\":\"validation\",\"message\":\"bad\",\"field\":\"headline\"}]}" },
                { "503", "<html>down</html>" },
                // a server that echoes the token must not get it into the exception either
                { "500", "{\"errors\":[{\"type\":\"system\",\"message\":\"bad token " + TOKEN + "\"}]}" },
                { "200", "{\"results\":[{\"key\":\"users\",\"id\":\"99\"}],\"users\":{},\"echo\":\"" + TOKEN + "\"}" } };
        for (String[] f : faults) {
            wm.resetMappings();
            always(any(urlPathMatching(".*")), aResponse().withStatus(Integer.parseInt(f[0])).withBody(f[1]));
            for (Op op : Op.values()) {
                keep(template.send(op.uri, e -> e.getMessage().setBody(op.body())));
            }
        }
        wm.resetMappings();
        always(any(anyUrl()), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        keep(template.send(Op.GET.uri, e -> {
        }));
        wm.resetMappings();
        always(any(anyUrl()), aResponse().withStatus(429).withHeader("Retry-After", "3600"));
        keep(template.send(Op.ME.uri, e -> {
        }));
        wm.resetMappings();
        always(any(anyUrl()), aResponse().withStatus(200).withFixedDelay(1000));
        keep(template.send(Op.ME.uri + "?responseTimeout=200", e -> {
        }));
        assertTrue(texts.size() > 30, "failures were collected");

        String log = captured.toString();
        assertTrue(log.contains("org.apache.hc.client5"), "HttpClient logged at TRACE, so the capture works");
        assertTrue(log.contains("attempt 1"), "the component's DEBUG attempt log was captured");
        assertNoToken("the TRACE log", log);

        // a token given in the URI is masked in the endpoint's toString, which Camel uses in its logs and consoles.
        // (Camel core itself logs the raw URI at TRACE while resolving it, hence the advice to set the token as a
        // component option or property placeholder; the log is checked above, before this URI exists.)
        KantataUsersEndpoint inUri = context.getEndpoint("kantata-users:get?userId=2&accessToken=RAW(" + TOKEN + ")",
                KantataUsersEndpoint.class);
        assertEquals(TOKEN, inUri.getConfiguration().getAccessToken());
        texts.add("endpoint.toString " + inUri);
        for (var e : context.getEndpoints()) {
            texts.add("endpoint " + e);
        }
        KantataUsersEndpoint fromComponent = context.getEndpoint("kantata-users:me", KantataUsersEndpoint.class);
        texts.add("endpointUri " + fromComponent.getEndpointUri());
        texts.add("endpointBaseUri " + fromComponent.getEndpointBaseUri());
        texts.add("configuration " + fromComponent.getConfiguration());
        texts.add("component configuration " + component.getConfiguration());

        for (String t : texts) {
            assertNoToken("an exception or toString", t);
        }
    }

    @Test
    void aRotatingTokenFromASupplierAppearsNowhereEither() throws Exception {
        Supplier<String> supplier = () -> TOKEN;
        context.getRegistry().bind("vault", supplier);
        for (Op op : Op.values()) {
            Exchange ex = template.send(op.uri + (op.uri.contains("?") ? "&" : "?") + "tokenSupplier=#vault",
                    e -> e.getMessage().setBody(op.body()));
            assertNull(ex.getException(), () -> op + ": " + ex.getException());
        }
        always(any(anyUrl()), aResponse().withStatus(401).withBody("{\"errors\":[{\"type\":\"oauth\",\"message\":\"" + TOKEN
                                                                   + "\"}]}"));
        Exchange ex = template.send(Op.GET.uri + "&tokenSupplier=#vault", e -> {
        });
        assertNotNull(ex.getException());
        keep(ex);
        assertNoToken("the TRACE log", captured.toString());
        for (String t : texts) {
            assertNoToken("an exception", t);
        }
    }

    @Test
    void plainHttpToARemoteHostWarnsAtStartup() throws Exception {
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            KantataUsersComponent c = new KantataUsersComponent();
            c.getConfiguration().setAccessToken(TOKEN);
            c.getConfiguration().setBaseUrl("http://kantata.example.invalid/api/v1");
            other.addComponent("kantata-users", c);
            other.start();
            KantataUsersEndpoint e = other.getEndpoint("kantata-users:me", KantataUsersEndpoint.class);
            e.start(); // nothing is sent: the host does not even resolve
            String log = captured.toString();
            assertTrue(log.contains("http://kantata.example.invalid/api/v1 uses plain http to a non-loopback host"), log);
            assertTrue(log.contains(" WARN "), "logged as a warning");
            assertNoToken("the warning", log);
        }
        captured.getBuffer().setLength(0);
        KantataUsersEndpoint local = context.getEndpoint("kantata-users:me", KantataUsersEndpoint.class);
        local.start();
        assertFalse(captured.toString().contains("plain http"), "no warning for loopback (" + wm.baseUrl() + ")");
    }
}
