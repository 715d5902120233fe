package io.github.camelkantata.users.resilience;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.github.camelkantata.users.KantataUsersConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input is refused before anything is sent: every case checks the message names the option or header, the value and
 * what is allowed, and that the server saw no request at all.
 */
class BadInputTest extends ResilienceSupport {

    @AfterEach
    void nothingWasSent() {
        assertEquals(0, requestCount(), "no request may reach the server");
    }

    /** Sends and returns the failure, from the exchange or from endpoint creation and start-up. */
    private Throwable failure(String uri, Object body, Map<String, Object> headers) {
        try {
            Exchange ex = template.send(uri, e -> {
                e.getMessage().setBody(body);
                headers.forEach(e.getMessage()::setHeader);
            });
            assertNotNull(ex.getException(), uri + " should fail");
            return ex.getException();
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private static IllegalArgumentException rootArgument(Throwable t) {
        Throwable c = t;
        while (!(c instanceof IllegalArgumentException) && c.getCause() != null) {
            c = c.getCause();
        }
        return assertInstanceOf(IllegalArgumentException.class, c, () -> messages(t));
    }

    @Test
    void changeFeedDurationsOutOfRange() {
        // a negative overlap would ask the feed for the future; a zero retention or interval would walk every poll
        for (String[] c : new String[][] {
                { "eventsOverlap=-1000", "eventsOverlap", "-1000 ms" },
                { "eventsRetention=0", "eventsRetention", "0 ms" },
                { "eventsReconcileInterval=0", "eventsReconcileInterval", "0 ms" } }) {
            String m = rootArgument(failure("kantata-users:list?changeDetection=events&" + c[0], null, Map.of())).getMessage();
            assertTrue(m.contains(c[1]) && m.contains(c[2]), m);
        }
    }

    @Test
    void photoAboveMaxPhotoBytes() {
        byte[] big = Arrays.copyOf(PNG, 4096);
        String m = rootArgument(failure("kantata-users:photo?userId=1&maxPhotoBytes=1024", big, Map.of())).getMessage();
        assertTrue(m.contains("4096 bytes exceeds maxPhotoBytes (1024)"), m);
    }

    @Test
    void photoStreamAboveMaxPhotoBytesIsCutOffWhileReading() {
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        String m = rootArgument(failure("kantata-users:photo?userId=1&maxPhotoBytes=100000", endless, Map.of())).getMessage();
        assertTrue(m.contains("exceeds maxPhotoBytes (100000)"), m);
    }

    @Test
    void nonImagePhotoBody() {
        String m = rootArgument(failure("kantata-users:photo?userId=1", "<html>not an image</html>"
                .getBytes(StandardCharsets.UTF_8), Map.of())).getMessage();
        assertTrue(m.contains("are not an image") && m.contains("PNG, JPEG, GIF, BMP or WebP"), m);
    }

    @Test
    void unknownUriOption() {
        Throwable t = failure("kantata-users:me?accesToken=typo", null, Map.of());
        ResolveEndpointFailedException e = assertInstanceOf(ResolveEndpointFailedException.class, t);
        assertTrue(e.getMessage().contains("Unknown parameters"), e.getMessage());
        assertTrue(e.getMessage().contains("accesToken"), e.getMessage());
    }

    @Test
    void unknownIncludeListsTheValidOnes() {
        String m = rootArgument(failure("kantata-users:get?userId=2&include=role,managers", null, Map.of())).getMessage();
        assertTrue(m.contains("'managers'") && m.contains("Allowed: account_membership, custom_field_values"), m);
    }

    @Test
    void unknownOptionalFieldListsTheValidOnes() {
        String m = rootArgument(failure("kantata-users:list?optionalFields=shoe_size", null, Map.of())).getMessage();
        assertTrue(m.contains("'shoe_size'") && m.contains("Allowed: bio, website"), m);
    }

    @Test
    void datesThatDoNotParse() {
        String m = rootArgument(failure("kantata-users:capacity?userId=2&startDate=2026-13-01&endDate=2026-12-31", null,
                Map.of())).getMessage();
        assertTrue(m.contains("'2026-13-01'") && m.contains("yyyy-MM-dd"), m);
        m = rootArgument(failure("kantata-users:capacity?userId=2&endDate=2026-12-31", null,
                Map.of(KantataUsersConstants.START_DATE, "last monday"))).getMessage();
        assertTrue(m.contains("'last monday'") && m.contains(KantataUsersConstants.START_DATE), m);
        m = rootArgument(failure("kantata-users:list?updatedAfter=yesterday", null, Map.of())).getMessage();
        assertTrue(m.contains("yesterday"), m);
    }

    @Test
    void startAfterEnd() {
        String m = rootArgument(failure("kantata-users:capacity?userId=2&startDate=2026-02-01&endDate=2026-01-01", null,
                Map.of())).getMessage();
        assertTrue(m.contains("startDate"), m);
    }

    @Test
    void badOrder() {
        String m = rootArgument(failure("kantata-users:list?order=newest", null, Map.of())).getMessage();
        assertTrue(m.contains("newest") && m.contains("alphabetical:asc"), m);
    }

    @Test
    void perPageOutOfRange() {
        String m = rootArgument(failure("kantata-users:list?perPage=500", null, Map.of())).getMessage();
        assertTrue(m.contains("perPage") && m.contains("1 to 200"), m);
        m = rootArgument(failure("kantata-users:list?perPage=0", null, Map.of())).getMessage();
        assertTrue(m.contains("perPage"), m);
    }

    @Test
    void nonNumericUserId() {
        String m = rootArgument(failure("kantata-users:get", null, Map.of(KantataUsersConstants.USER_ID, "../me")))
                .getMessage();
        assertTrue(m.contains("'../me'") && m.contains("numeric"), m);
        m = rootArgument(failure("kantata-users:get?userId=abc", null, Map.of())).getMessage();
        assertTrue(m.contains("'abc'"), m);
        m = rootArgument(failure("kantata-users:get", null, Map.of())).getMessage();
        assertTrue(m.contains("Missing user id"), m);
    }

    @Test
    void updateWithNoFieldsOrFieldsTheApiCannotChange() {
        String m = rootArgument(failure("kantata-users:update?userId=2", Map.of(), Map.of())).getMessage();
        assertTrue(m.contains("no fields to change"), m);
        m = rootArgument(failure("kantata-users:update?userId=2", Map.of("account_id", 7), Map.of())).getMessage();
        assertTrue(m.contains("'account_id'") && m.contains("Allowed fields: full_name, headline"), m);
        m = rootArgument(failure("kantata-users:update?userId=2", "{not json", Map.of())).getMessage();
        assertTrue(m.contains("not a JSON object"), m);
        m = rootArgument(failure("kantata-users:update?userId=2", Map.of("email_address", "nope"), Map.of())).getMessage();
        assertTrue(m.contains("email_address"), m);
    }
}
