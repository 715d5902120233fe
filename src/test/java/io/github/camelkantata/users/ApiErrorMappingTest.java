package io.github.camelkantata.users;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiErrorMappingTest extends SandboxTestSupport {

    @Test
    void invalidTokenIs401WithOauthError() {
        Exchange ex = send("kantata-users:me?accessToken=wrong-token", null, null);
        KantataAuthenticationException e = assertInstanceOf(KantataAuthenticationException.class, ex.getException());
        assertEquals(401, e.getStatusCode());
        assertEquals(KantataUsersException.ErrorKind.AUTHENTICATION, e.getKind());
        assertEquals("oauth", e.getErrors().get(0).getType());
        assertEquals("Invalid OAuth 2 Request", e.getErrors().get(0).getMessage());
        assertTrue(e.getRequestId().startsWith("sbx-"));
        assertEquals("me", e.getOperation());
        assertEquals(1, e.getAttempts(), "a 401 with a static token is not retried");
        assertFalse(e.getMessage().contains("wrong-token"));
        assertEquals("Bearer wrong-token", onlyRequest().header("Authorization"));
    }

    @Test
    void unknownUserIs404() {
        Exchange ex = send("kantata-users:get?userId=999999", null, null);
        KantataNotFoundException e = assertInstanceOf(KantataNotFoundException.class, ex.getException());
        assertEquals(404, e.getStatusCode());
        assertFalse(e.getErrors().isEmpty());
        assertTrue(e.getMessage().contains("/users/999999"), e.getMessage());
    }

    @Test
    void serverSideValidationIs422WithFields() {
        // "taken" address: the client cannot know, so Kantata (the sandbox) answers 422
        String taken = sandbox.data().user("3").emailAddress();
        Exchange ex = send("kantata-users:update", Map.of("email_address", taken), Map.of(KantataUsersConstants.USER_ID, "4"));
        KantataValidationException e = assertInstanceOf(KantataValidationException.class, ex.getException());
        assertEquals(422, e.getStatusCode());
        assertEquals("validation", e.getErrors().get(0).getType());
        assertEquals(java.util.List.of("email_address"), e.getFields());
    }

    @Test
    void existingHttpOperationFailedHandlersCatchIt() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:get")
                        .onException(HttpOperationFailedException.class).handled(true)
                        .setBody(simple("handled ${exception.statusCode}")).end()
                        .to("kantata-users:get");
            }
        });
        assertEquals("handled 404", template.requestBodyAndHeader("direct:get", null, KantataUsersConstants.USER_ID, "999998"));
    }
}
