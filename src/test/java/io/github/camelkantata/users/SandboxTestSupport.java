package io.github.camelkantata.users;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One sandbox per test class (520 users: three pages at 200 on the account), one CamelContext per test with the
 * component configured the way users do it: token and base URL on the component.
 */
abstract class SandboxTestSupport {

    static KantataSandbox sandbox;
    CamelContext context;
    ProducerTemplate template;

    @BeforeAll
    static void startSandbox() {
        sandbox = KantataSandbox.builder().users(520).start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    /** A subclass changes the component here, e.g. to run the same tests with {@code synchronous=true}. */
    void configure(KantataUsersComponent component) {
    }

    @BeforeEach
    void startCamel() throws Exception {
        context = new DefaultCamelContext();
        KantataUsersComponent component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(sandbox.token());
        component.getConfiguration().setBaseUrl(sandbox.baseUrl());
        configure(component);
        context.addComponent("kantata-users", component);
        context.start();
        template = context.createProducerTemplate();
        sandbox.clearRequests();
        sandbox.faults().clear();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            if (headers != null) {
                e.getMessage().setHeaders(new java.util.HashMap<>(headers));
            }
        });
    }

    static List<RecordedRequest> apiRequests() {
        return sandbox.requests();
    }

    static RecordedRequest onlyRequest() {
        List<RecordedRequest> requests = sandbox.requests();
        if (requests.size() != 1) {
            throw new AssertionError(
                    "expected exactly one request, got " + requests.stream()
                            .map(r -> r.method() + " " + r.path() + "?" + r.rawQuery()).collect(Collectors.joining(", ")));
        }
        return requests.get(0);
    }
}
