package io.github.camelkantata.users.resilience;

import java.util.List;

import io.github.camelkantata.users.KantataMalformedResponseException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 2xx body that is not the documented envelope is a {@link KantataMalformedResponseException} that names the
 * operation, says what is wrong and quotes a short excerpt: never a NullPointerException, never a short list.
 */
class MalformedResponseTest extends ResilienceSupport {

    private static final String USER = "{\"id\":\"%s\",\"full_name\":\"User %s\"}";

    private KantataMalformedResponseException malformed(String uri, String body) {
        wm.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req-m").withBody(body)));
        Exchange ex = template.send(uri, e -> {
        });
        KantataMalformedResponseException e = assertInstanceOf(KantataMalformedResponseException.class, ex.getException(),
                () -> uri + " -> " + ex.getException() + " / body " + ex.getMessage().getBody());
        assertEquals(ErrorKind.MALFORMED_RESPONSE, e.getKind());
        assertEquals("req-m", e.getRequestId());
        assertTrue(e.getMessage().length() < 800, "a short excerpt: " + e.getMessage().length());
        return e;
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "kantata-users:list | {\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"1\"}],\"users\":{\"1\":{\"id\":\"1\" | is not valid JSON",
            "kantata-users:get?userId=1 | {\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"1\"}],\"users\":{\"1\":{\"id\":\"1\" | is not valid JSON",
            "kantata-users:me | not json at all | is not valid JSON",
            "kantata-users:list | <html><head><title>Maintenance</title></head></html> | not valid JSON",
            "kantata-users:list | {\"count\":1,\"users\":{\"1\":{\"id\":\"1\"}}} | no 'results' key",
            "kantata-users:get?userId=1 | {\"count\":1,\"users\":{\"1\":{\"id\":\"1\"}}} | no 'results' key",
            "kantata-users:list | {\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"1\"}]} | no 'users' key",
            "kantata-users:me | {\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"1\"}]} | no 'users' key",
            "kantata-users:list | {\"count\":2,\"results\":[{\"key\":\"users\",\"id\":\"1\"},{\"key\":\"users\",\"id\":\"2\"}],\"users\":{\"1\":{\"id\":\"1\"}}} | users/2 points to a missing object",
            "kantata-users:get?userId=2 | {\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"2\"}],\"users\":{\"1\":{\"id\":\"1\"}}} | users/2 points to a missing object",
            "kantata-users:get?userId=2 | {\"count\":0,\"results\":[],\"users\":{}} | 'results' is empty",
            "kantata-users:list | [] | not a JSON object",
            "kantata-users:list | {\"results\":\"users\",\"users\":{}} | 'results' is not an array",
            "kantata-users:capacity?userId=2&startDate=2026-01-05&endDate=2026-01-09 | {\"user_id\":\"2\"} | no 'hours' object",
            "kantata-users:capacity?userId=2&startDate=2026-01-05&endDate=2026-01-09 | <html>oops</html> | capacity",
    })
    void malformedBodies(String uri, String body, String says) {
        KantataMalformedResponseException e = malformed(uri, body);
        String op = uri.substring("kantata-users:".length()).replaceAll("\\?.*", "");
        assertEquals(op, e.getOperation());
        assertTrue(e.getMessage().startsWith("Kantata " + op + " failed"), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().contains("body starts: " + body.substring(0, Math.min(20, body.length()))), e.getMessage());
    }

    @Test
    void longBodiesAreCutToAShortExcerpt() {
        String body = "<html>" + "x".repeat(100_000) + "</html>";
        KantataMalformedResponseException e = malformed("kantata-users:me", body);
        assertTrue(e.getResponseBody().length() <= 303, "excerpt of " + e.getResponseBody().length());
        assertTrue(e.getResponseBody().endsWith("..."));
    }

    @Test
    void aBrokenLaterPageFailsTheWholeListInsteadOfShorteningIt() {
        String page1 = "{\"count\":3,\"meta\":{\"count\":3,\"page_count\":2,\"page_number\":1,\"page_size\":2},"
                       + "\"results\":[{\"key\":\"users\",\"id\":\"1\"},{\"key\":\"users\",\"id\":\"2\"}],"
                       + "\"users\":{\"1\":" + USER.formatted(1, 1) + ",\"2\":" + USER.formatted(2, 2) + "}}";
        String page2 = "{\"count\":3,\"meta\":{\"count\":3,\"page_count\":2,\"page_number\":2,\"page_size\":2},"
                       + "\"results\":[{\"key\":\"users\",\"id\":\"3\"}],\"users\":{}}";
        wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("page", equalTo("1")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody(page1)));
        wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("page", equalTo("2")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withBody(page2)));
        // sanity: page 1 alone reads fine
        Exchange ok = template.send("kantata-users:list?page=1&perPage=2", e -> {
        });
        assertEquals(2, ((List<User>) ok.getMessage().getBody(List.class)).size());
        Exchange ex = template.send("kantata-users:list?perPage=2", e -> {
        });
        KantataMalformedResponseException e = assertInstanceOf(KantataMalformedResponseException.class, ex.getException());
        assertTrue(e.getMessage().contains("users/3 points to a missing object"), e.getMessage());
        assertTrue(e.getMessage().contains("page=2"), e.getMessage());
    }
}
