package io.github.camelkantata.users;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's id flows from any kantata-users output into the next kantata-users call without glue, and the
 * CamelKantataUsersOperation header runs another operation for one message. Each test asserts the requests that went
 * over the wire.
 */
class HeaderChainingTest extends SandboxTestSupport {

    private static List<String> paths() {
        return apiRequests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    @Test
    void consumerToGetNeedsNoGlue() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?initialDelay=0&delay=600000&maxMessagesPerPoll=3&onlyChanged=false&perPage=200")
                        .routeId("poll").to("kantata-users:get").to("mock:got");
            }
        });
        MockEndpoint got = context.getEndpoint("mock:got", MockEndpoint.class);
        got.expectedMessageCount(3);
        got.assertIsSatisfied(30_000);
        context.getRouteController().stopRoute("poll");
        for (Exchange e : got.getExchanges()) {
            User u = e.getMessage().getBody(User.class);
            assertEquals(u.getId(), e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID));
            assertTrue(paths().contains("GET /api/v1/users/" + u.getId()), paths().toString());
            assertNull(e.getMessage().getHeader(KantataUsersConstants.OPERATION),
                    "the consumer sets no operation header: it would turn the get into a list");
        }
    }

    @Test
    void listSplitToGetUsesEachUsersId() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").to("kantata-users:list?page=1&perPage=3").split(body())
                        .to("kantata-users:get").to("mock:got");
            }
        });
        MockEndpoint got = context.getEndpoint("mock:got", MockEndpoint.class);
        got.expectedMessageCount(3);
        // a stale id from an earlier call must not win over the user in the body
        template.sendBodyAndHeader("direct:start", null, KantataUsersConstants.CONSUMER_USER_ID, "1");
        got.assertIsSatisfied();
        List<RecordedRequest> requests = apiRequests();
        assertEquals("/api/v1/users", requests.get(0).path());
        List<String> listed = got.getExchanges().stream().map(e -> e.getMessage().getBody(User.class).getId()).toList();
        for (String id : listed) {
            assertTrue(paths().contains("GET /api/v1/users/" + id), paths().toString());
        }
        assertEquals(4, requests.size());
    }

    @Test
    void meThenCapacityThenGetChainTheId() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").to("kantata-users:me")
                        .to("kantata-users:capacity?startDate=2026-01-05&endDate=2026-01-09")
                        .to("kantata-users:get");
            }
        });
        Exchange out = template.send("direct:start", e -> {
        });
        String me = sandbox.data().meId();
        assertEquals(List.of("GET /api/v1/users/me", "GET /api/v1/users/" + me + "/capacity", "GET /api/v1/users/" + me),
                paths());
        assertEquals(me, out.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID));
        assertEquals(me, out.getMessage().getBody(User.class).getId());
    }

    @Test
    void updateOutputChainsIntoTheNextCall() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").to("kantata-users:update").setBody(constant(null)).to("kantata-users:get");
            }
        });
        Map<String, Object> headers = new HashMap<>();
        headers.put(KantataUsersConstants.USER_ID, "12");
        template.sendBodyAndHeaders("direct:start", Map.of("headline", "Chained"), headers);
        assertEquals(List.of("PUT /api/v1/users/12", "GET /api/v1/users/12"), paths());
    }

    @Test
    void theExplicitHeaderAndTheOptionWinOverTheChainedId() throws Exception {
        send("kantata-users:get?userId=5", null, Map.of(KantataUsersConstants.CONSUMER_USER_ID, "9"));
        send("kantata-users:get", null, Map.of(KantataUsersConstants.CONSUMER_USER_ID, "9",
                KantataUsersConstants.USER_ID, "6"));
        send("kantata-users:get", null, Map.of(KantataUsersConstants.CONSUMER_USER_ID, "9"));
        assertEquals(List.of("GET /api/v1/users/5", "GET /api/v1/users/6", "GET /api/v1/users/9"), paths());
    }

    @Test
    void listRemovesTheChainedId() {
        Exchange out = send("kantata-users:list?page=1&perPage=2", null, Map.of(KantataUsersConstants.CONSUMER_USER_ID, "9"));
        assertNull(out.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID));
    }

    @Test
    void theOperationHeaderRunsAnotherOperationOnceAndIsRemoved() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:start").to("kantata-users:get").to("kantata-users:get");
            }
        });
        Exchange out = template.send("direct:start", e -> e.getMessage().setHeader(KantataUsersConstants.OPERATION, "me"));
        String me = sandbox.data().meId();
        // the first call ran me; the second ran the endpoint's get, with the id me's output carried
        assertEquals(List.of("GET /api/v1/users/me", "GET /api/v1/users/" + me), paths());
        assertNull(out.getMessage().getHeader(KantataUsersConstants.OPERATION));
        assertTrue(out.getProperties().keySet().stream().noneMatch(k -> k.startsWith("CamelKantataUsers")),
                "the producer leaves no property of its own: " + out.getProperties().keySet());
    }

    @Test
    void aBadOperationHeaderFailsBeforeAnyRequest() {
        Exchange out = send("kantata-users:get?userId=5", null, Map.of(KantataUsersConstants.OPERATION, "delete"));
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, out.getException());
        assertTrue(e.getMessage().contains(KantataUsersConstants.OPERATION) && e.getMessage().contains("'delete'")
                && e.getMessage().contains("list, me, get, update, capacity, photo"), e.getMessage());
        assertTrue(apiRequests().isEmpty());
        assertTrue(out.getProperties().keySet().stream().noneMatch(k -> k.startsWith("CamelKantataUsers")),
                out.getProperties().keySet().toString());
    }
}
