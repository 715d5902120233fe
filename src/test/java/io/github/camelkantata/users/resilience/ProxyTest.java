package io.github.camelkantata.users.resilience;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests go through the configured HTTP proxy, answering its Basic challenge with the proxy credentials. */
class ProxyTest extends ResilienceSupport {

    private WireMockServer proxy;

    @BeforeEach
    void startProxy() {
        proxy = new WireMockServer(wireMockConfig().dynamicPort().enableBrowserProxying(true));
        proxy.start();
    }

    @AfterEach
    void stopProxy() {
        proxy.stop();
    }

    private String uri(String extra) {
        // straight to the sandbox, through the proxy
        return "kantata-users:get?userId=2&baseUrl=" + sandbox.baseUrl() + "&proxyHost=localhost&proxyPort=" + proxy.port()
               + extra;
    }

    @Test
    void requestsGoThroughTheProxy() {
        Exchange ex = template.send(uri(""), e -> {
        });
        assertNull(ex.getException());
        assertEquals("2", ex.getMessage().getBody(User.class).getId());
        List<ServeEvent> seen = proxy.getAllServeEvents();
        assertEquals(1, seen.size());
        assertTrue(seen.get(0).getRequest().getAbsoluteUrl().endsWith("/api/v1/users/2"),
                seen.get(0).getRequest().getAbsoluteUrl());
        assertEquals(0, requestCount(), "the WireMock in front of the sandbox is bypassed: baseUrl is the sandbox itself");
    }

    @Test
    void proxyCredentialsAnswerTheChallenge() {
        String expected
                = "Basic " + Base64.getEncoder().encodeToString("proxy-user:proxy-pass".getBytes(StandardCharsets.UTF_8));
        proxy.stubFor(any(anyUrl()).withHeader("Proxy-Authorization", absent()).atPriority(1)
                .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")));
        proxy.stubFor(any(anyUrl()).withHeader("Proxy-Authorization", equalTo(expected)).atPriority(2)
                .willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandbox.port())));
        Exchange ex = template.send(uri("&proxyUsername=proxy-user&proxyPassword=RAW(proxy-pass)"), e -> {
        });
        assertNull(ex.getException(), () -> String.valueOf(ex.getException()));
        assertEquals("2", ex.getMessage().getBody(User.class).getId());
        assertEquals(2, proxy.getAllServeEvents().size(), "challenge, then the authenticated request");
    }
}
