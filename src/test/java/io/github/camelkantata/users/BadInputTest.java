package io.github.camelkantata.users;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input fails with a message naming the option, the value and what is allowed, and sends nothing. */
class BadInputTest extends SandboxTestSupport {

    private void assertRejected(String uri, Object body, Map<String, Object> headers, String... messageParts) {
        Exception e;
        try {
            Exchange ex = send(uri, body, headers);
            e = ex.getException();
        } catch (Exception thrown) {
            e = thrown;
        }
        assertTrue(e != null, "expected a failure for " + uri);
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        for (String part : messageParts) {
            assertTrue(message.contains(part), "message should contain '" + part + "': " + message);
        }
        assertEquals(0, sandbox.requests().size(), "nothing may be sent for bad input");
    }

    @Test
    void missingUserId() {
        assertRejected("kantata-users:get", null, null, "CamelKantataUsersUserId", "userId", "numeric");
    }

    @Test
    void nonNumericUserIdHeader() {
        assertRejected("kantata-users:get", null, Map.of(KantataUsersConstants.USER_ID, "abc"), "CamelKantataUsersUserId",
                "'abc'", "numeric");
    }

    @Test
    void nonNumericUserIdOption() {
        assertRejected("kantata-users:get?userId=x1", null, null, "userId", "'x1'", "numeric");
    }

    @ParameterizedTest
    @CsvSource({ "0", "201", "-5" })
    void perPageOutOfRange(String perPage) {
        assertRejected("kantata-users:list?perPage=" + perPage, null, null, "perPage", "'" + perPage + "'", "1 to 200");
    }

    @Test
    void missingCapacityDates() {
        assertRejected("kantata-users:capacity?userId=5", null, null, "startDate", "CamelKantataUsersStartDate");
        assertRejected("kantata-users:capacity?userId=5&startDate=2026-01-01", null, null, "endDate");
    }

    @Test
    void startAfterEnd() {
        assertRejected("kantata-users:capacity?userId=5", null, Map.of(KantataUsersConstants.START_DATE, "2026-02-01",
                KantataUsersConstants.END_DATE, "2026-01-01"), "2026-02-01", "endDate");
        assertRejected("kantata-users:capacity?userId=5&startDate=2026-02-01&endDate=2026-01-01", null, null, "startDate",
                "2026-02-01");
    }

    @Test
    void unparseableDate() {
        assertRejected("kantata-users:capacity?userId=5", null, Map.of(KantataUsersConstants.START_DATE, "31/01/2026",
                KantataUsersConstants.END_DATE, "2026-02-01"), "CamelKantataUsersStartDate", "'31/01/2026'", "yyyy-MM-dd");
        assertRejected("kantata-users:list?updatedAfter=yesterday", null, null, "updatedAfter", "'yesterday'", "ISO 8601");
    }

    @Test
    void photoBodyMissingEmptyOrNotAnImage() {
        Map<String, Object> h = Map.of(KantataUsersConstants.USER_ID, "5");
        assertRejected("kantata-users:photo", null, h, "Missing photo body");
        assertRejected("kantata-users:photo", new byte[0], h, "empty");
        assertRejected("kantata-users:photo", "plain text".getBytes(), h, "not an image", "PNG");
        assertRejected("kantata-users:photo", 42, h, "java.lang.Integer", "byte[]");
    }

    @Test
    void photoAboveTheSizeCap() {
        byte[] big = new byte[2048];
        System.arraycopy(SingleUserOperationsTest.PNG, 0, big, 0, SingleUserOperationsTest.PNG.length);
        assertRejected("kantata-users:photo?maxPhotoBytes=1024", big, Map.of(KantataUsersConstants.USER_ID, "5"),
                "2048 bytes", "maxPhotoBytes", "1024");
    }

    @Test
    void updateWithNoFieldsOrFieldsTheApiCannotUpdate() {
        Map<String, Object> h = Map.of(KantataUsersConstants.USER_ID, "5");
        assertRejected("kantata-users:update", Map.of(), h, "no fields",
                "full_name, headline, email_address, external_reference");
        assertRejected("kantata-users:update", Map.of("photo_path", "x"), h, "'photo_path'", "cannot update", "full_name");
        assertRejected("kantata-users:update", null, h, "Missing update body");
        assertRejected("kantata-users:update", Map.of("email_address", "not-an-email"), h, "email_address", "'not-an-email'");
        assertRejected("kantata-users:update", "{not json", h, "not a JSON object");
    }

    @Test
    void unknownIncludeOrOptionalFieldOrOrder() {
        assertRejected("kantata-users:get?userId=5&include=manager,boss", null, null, "include", "'boss'", "manager", "skills");
        assertRejected("kantata-users:me?optionalFields=shoe_size", null, null, "optionalFields", "'shoe_size'", "bio");
        assertRejected("kantata-users:list?order=created_at:desc", null, null, "order", "'created_at:desc'",
                "alphabetical:asc");
    }

    @Test
    void unknownOperationAndUnknownOption() {
        Exception e = assertThrows(ResolveEndpointFailedException.class,
                () -> template.requestBody("kantata-users:delete", (Object) null));
        assertTrue(e.getMessage().contains("Unknown kantata-users operation 'delete'"), e.getMessage());
        assertTrue(e.getMessage().contains("list, me, get, update, lookup, capacity, photo"));
        Exception unknown = assertThrows(ResolveEndpointFailedException.class,
                () -> template.requestBody("kantata-users:list?onMyAcount=true", (Object) null));
        assertTrue(unknown.getMessage().contains("Unknown parameters=[{onMyAcount=true}]"), unknown.getMessage());
        assertEquals(0, sandbox.requests().size());
    }

    @Test
    void missingTokenFailsAtStart() {
        KantataUsersComponent bare = new KantataUsersComponent();
        context.addComponent("kantata-bare", bare);
        Exception e = assertThrows(Exception.class, () -> template.requestBody("kantata-bare:me", (Object) null));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, root);
        assertTrue(root.getMessage().contains("accessToken"), root.getMessage());
    }
}
