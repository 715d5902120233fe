package io.github.camelkantata.users.resilience;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A sandbox behind WireMock: WireMock answers with the injected fault, and anything no fault stub matches is proxied to
 * the sandbox, so successful answers are real sandbox-shaped JSON for every operation.
 */
abstract class ResilienceSupport {

    /** A token unlike any word the code or Camel would print, so a leak is unambiguous. */
    static final String TOKEN = "tok-Zq7XvL93kPw2";

    static KantataSandbox sandbox;
    static WireMockServer wm;

    CamelContext context;
    ProducerTemplate template;
    KantataUsersComponent component;

    @BeforeAll
    static void startServers() {
        sandbox = KantataSandbox.builder().users(20).token(TOKEN).start();
        wm = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(64));
        wm.start();
    }

    @AfterAll
    static void stopServers() {
        if (wm != null) {
            wm.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @BeforeEach
    void startCamel() throws Exception {
        wm.resetAll();
        wm.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandbox.port())));
        context = new DefaultCamelContext();
        component = new KantataUsersComponent();
        component.getConfiguration().setAccessToken(TOKEN);
        component.getConfiguration().setBaseUrl(wm.baseUrl() + "/api/v1");
        component.getConfiguration().setInitialBackoff(10);
        component.getConfiguration().setMaxBackoff(50);
        component.getConfiguration().setResponseTimeout(2_000);
        component.getConfiguration().setConnectTimeout(2_000);
        component.getConfiguration().setCallTimeout(15_000);
        configure(component);
        context.addComponent("kantata-users", component);
        context.start();
        template = context.createProducerTemplate();
    }

    /** Per-class component settings. */
    void configure(KantataUsersComponent component) {
    }

    @AfterEach
    void stopCamel() throws Exception {
        if (context != null) {
            context.stop();
        }
    }

    /** @return the number of requests WireMock received */
    static int requestCount() {
        return wm.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
    }

    /** Every matching request gets {@code response}. */
    static void always(MappingBuilder mapping, ResponseDefinitionBuilder response) {
        wm.stubFor(mapping.atPriority(1).willReturn(response));
    }

    /** The first {@code n} matching requests get {@code response}; later ones go to the sandbox. */
    static void failTimes(int n, ResponseDefinitionBuilder response) {
        String scenario = "fail-" + System.nanoTime();
        for (int i = 0; i < n; i++) {
            wm.stubFor(any(anyUrl()).atPriority(1).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
                    .willSetStateTo("failed-" + (i + 1))
                    .willReturn(response));
        }
    }

    Exchange send(Op op) {
        return template.send(op.uri, e -> {
            e.getMessage().setBody(op.body());
        });
    }

    /** A tiny valid PNG header: the component checks magic bytes, the sandbox only stores them. */
    static final byte[] PNG = new byte[] {
            (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D',
            'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };

    /** Every producer operation, with a URI and body that succeed against the sandbox. */
    enum Op {
        LIST("kantata-users:list", "GET", true),
        ME("kantata-users:me", "GET", true),
        GET("kantata-users:get?userId=2", "GET", true),
        UPDATE("kantata-users:update?userId=2", "PUT", true),
        CAPACITY("kantata-users:capacity?userId=2&startDate=2026-01-05&endDate=2026-01-09", "GET", true),
        PHOTO_UPLOAD("kantata-users:photo?userId=1", "POST", false),
        PHOTO_RESET("kantata-users:photo?userId=1&photoAction=reset", "DELETE", true);

        final String uri;
        final String method;
        final boolean idempotent;

        Op(String uri, String method, boolean idempotent) {
            this.uri = uri;
            this.method = method;
            this.idempotent = idempotent;
        }

        Object body() {
            switch (this) {
                case UPDATE:
                    return Map.of("headline", "Chief Resilience Officer");
                case PHOTO_UPLOAD:
                    return PNG;
                default:
                    return null;
            }
        }

        /** @return whether the operation reads a JSON body from a 2xx response */
        boolean readsBody() {
            return this != PHOTO_RESET;
        }
    }
}
