package io.github.camelkantata.users;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kantata-users:lookup: users by e-mail address in bulk, checked on the wire and in what the route receives. */
class LookupOperationTest extends SandboxTestSupport {

    private static List<SandboxUser> accountMembers() {
        return sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled() && u.emailAddress() != null)
                .sorted((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())))
                .collect(Collectors.toList());
    }

    /** Every by_email_addresses value sent, split into addresses. */
    private static List<String> sentAddresses(List<RecordedRequest> requests) {
        List<String> sent = new ArrayList<>();
        for (RecordedRequest r : requests) {
            sent.addAll(Arrays.asList(r.queryParam("by_email_addresses").split(",")));
        }
        return sent;
    }

    @Test
    void findsUsersInBulkInChunksOf200EachAddressOnceKeyedAsGiven() {
        List<SandboxUser> members = accountMembers();
        assertTrue(members.size() >= 300);
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String email = members.get(i).emailAddress();
            // every third address in upper case: the API matches case-insensitively
            input.add(i % 3 == 0 ? email.toUpperCase(Locale.ROOT) : email);
        }
        for (int i = 0; i < 100; i++) {
            input.add("nobody" + i + "@nowhere.example.com");
        }
        // asked again, in another case and with spaces: sent once, both spellings answered
        input.add("  " + members.get(1).emailAddress().toUpperCase(Locale.ROOT) + " ");
        input.add(members.get(2).emailAddress());
        input.add("not an address");
        input.add("jane@");
        input.add("");

        Exchange ex = send("kantata-users:lookup?onMyAccount=true&include=manager", input, null);
        assertNull(ex.getException());

        List<RecordedRequest> requests = apiRequests();
        // 400 distinct addresses: at least two requests of at most 200, more when 200 would make too long a URL
        assertTrue(requests.size() >= 2 && requests.size() <= 4, "requests: " + requests.size());
        for (RecordedRequest r : requests) {
            assertEquals("GET", r.method());
            assertEquals("/api/v1/users", r.path());
            assertEquals("true", r.queryParam("on_my_account"));
            assertEquals("manager", r.queryParam("include"));
            assertEquals("200", r.queryParam("per_page"));
            assertTrue(r.queryParam("by_email_addresses").split(",").length <= 200);
            assertTrue((sandbox.baseUrl() + "/users?" + r.rawQuery()).length() < KantataUsersProducer.LOOKUP_MAX_URL_CHARS);
            assertTrue(r.rawQuery().contains("by_email_addresses="), "the comma form: " + r.rawQuery());
            assertEquals("Bearer " + sandbox.token(), r.header("Authorization"));
        }
        List<String> sent = sentAddresses(requests);
        assertEquals(400, sent.size(), "each distinct address once");
        assertEquals(400, new HashSet<>(sent).size());
        assertTrue(sent.stream().allMatch(a -> a.equals(a.toLowerCase(Locale.ROOT))));
        assertTrue(!sent.contains("not an address") && !sent.contains("jane@"), "invalid entries are never sent");

        @SuppressWarnings("unchecked")
        Map<String, User> found = ex.getMessage().getBody(Map.class);
        List<String> expectedKeys = new ArrayList<>(input.subList(0, 300));
        expectedKeys.add(members.get(1).emailAddress().toUpperCase(Locale.ROOT));
        assertEquals(expectedKeys, new ArrayList<>(found.keySet()), "keyed as given (trimmed), in input order");
        for (int i = 0; i < 300; i++) {
            assertEquals(members.get(i).id(), found.get(input.get(i)).getId());
        }
        assertSame(found.get(input.get(1)), found.get(members.get(1).emailAddress().toUpperCase(Locale.ROOT)));

        @SuppressWarnings("unchecked")
        List<String> notFound = ex.getMessage().getHeader(KantataUsersConstants.NOT_FOUND, List.class);
        assertEquals(input.subList(300, 400), notFound);
        assertEquals(List.of("not an address", "jane@"), ex.getMessage().getHeader(KantataUsersConstants.INVALID));
    }

    @Test
    void chunksGoInParallelUpToPageConcurrencyAndNoFurther() {
        // 1,000 addresses: 5 requests of 200; each answer held 150 ms so that the requests in flight can be counted
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            input.add("n" + i + "@x.io");   // short: 200 of them make a short URL
        }
        sandbox.beforeAnswer(r -> {
            if (r.queryParam("by_email_addresses") != null) {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
        try {
            Exchange ex = send("kantata-users:lookup?pageConcurrency=3", input, null);
            assertNull(ex.getException());
            assertEquals(1000, ex.getMessage().getHeader(KantataUsersConstants.NOT_FOUND, List.class).size());
        } finally {
            sandbox.beforeAnswer(null);
        }
        List<RecordedRequest> sent
                = sandbox.requests().stream().filter(r -> r.queryParam("by_email_addresses") != null).toList();
        assertEquals(List.of(200, 200, 200, 200, 200),
                sent.stream().map(r -> r.queryParam("by_email_addresses").split(",").length).toList());
        assertEquals(3, most.get(), "three requests at once, never more");
    }

    @Test
    void textBodyWithSeparatorsAndAnAddressWithPlusSign() {
        String id = sandbox.data().addUser("Elena Lookup", "elena+hr@example.com");
        SandboxUser other = accountMembers().get(0);
        Exchange ex = send("kantata-users:lookup?onMyAccount=true",
                "elena+hr@example.com;\n" + other.emailAddress() + ",\r\nghost@example.com", null);
        assertNull(ex.getException());
        RecordedRequest r = onlyRequest();
        assertTrue(r.rawQuery().contains("elena%2Bhr%40example.com"), "+ and @ encoded: " + r.rawQuery());
        assertEquals(List.of("elena+hr@example.com", other.emailAddress().toLowerCase(Locale.ROOT), "ghost@example.com"),
                sentAddresses(List.of(r)));
        @SuppressWarnings("unchecked")
        Map<String, User> found = ex.getMessage().getBody(Map.class);
        assertEquals(id, found.get("elena+hr@example.com").getId());
        assertEquals(other.id(), found.get(other.emailAddress()).getId());
        assertEquals(List.of("ghost@example.com"), ex.getMessage().getHeader(KantataUsersConstants.NOT_FOUND));
        assertEquals(List.of(), ex.getMessage().getHeader(KantataUsersConstants.INVALID));
    }

    @Test
    void headerTakesPrecedenceOverTheBody() {
        SandboxUser member = accountMembers().get(5);
        Exchange ex = send("kantata-users:lookup?onMyAccount=true", "ignored@example.com",
                Map.of(KantataUsersConstants.EMAIL_ADDRESSES, List.of(member.emailAddress())));
        assertNull(ex.getException());
        assertEquals(List.of(member.emailAddress().toLowerCase(Locale.ROOT)), sentAddresses(List.of(onlyRequest())));
        assertEquals(member.id(), ((User) ex.getMessage().getBody(Map.class).get(member.emailAddress())).getId());
    }

    @Test
    void emptyInputSendsNothing() {
        for (Object body : new Object[] { null, "", " ,; \n", List.of() }) {
            Exchange ex = send("kantata-users:lookup", body, null);
            assertNull(ex.getException());
            assertEquals(Map.of(), ex.getMessage().getBody(Map.class));
            assertEquals(List.of(), ex.getMessage().getHeader(KantataUsersConstants.NOT_FOUND));
        }
        Exchange invalidOnly = send("kantata-users:lookup", "nope", null);
        assertEquals(List.of("nope"), invalidOnly.getMessage().getHeader(KantataUsersConstants.INVALID));
        assertEquals(List.of(), apiRequests());
    }

    @Test
    void longAddressesSplitSoEveryUrlStaysShort() {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            input.add("a.rather.long.local.part.for.a.person.number." + i + "@subsidiary.division.example.com");
        }
        Exchange ex = send("kantata-users:lookup?onMyAccount=true", input, null);
        assertNull(ex.getException());
        List<RecordedRequest> requests = apiRequests();
        assertTrue(requests.size() > 1, "150 long addresses do not fit one URL");
        for (RecordedRequest r : requests) {
            int urlLength = (sandbox.baseUrl() + "/users?" + r.rawQuery()).length();
            assertTrue(urlLength < KantataUsersProducer.LOOKUP_MAX_URL_CHARS, "URL of " + urlLength + " characters");
        }
        assertEquals(150, new HashSet<>(sentAddresses(requests)).size());
        assertEquals(input, ex.getMessage().getHeader(KantataUsersConstants.NOT_FOUND));
    }

    @Test
    void worksAsAnEnrichStep() throws Exception {
        SandboxUser a = accountMembers().get(7);
        SandboxUser b = accountMembers().get(8);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:rows")
                        .enrich("kantata-users:lookup?onMyAccount=true", (original, lookup) -> {
                            @SuppressWarnings("unchecked")
                            Map<String, User> found = lookup.getMessage().getBody(Map.class);
                            List<String> rows = new ArrayList<>();
                            for (Object email : original.getMessage().getBody(List.class)) {
                                User u = found.get((String) email);
                                rows.add(email + ";" + (u == null ? "" : u.getId()));
                            }
                            original.getMessage().setBody(rows);
                            return original;
                        });
            }
        });
        List<?> rows = template.requestBody("direct:rows", List.of(a.emailAddress(), "gone@example.com", b.emailAddress()),
                List.class);
        assertEquals(List.of(a.emailAddress() + ";" + a.id(), "gone@example.com;", b.emailAddress() + ";" + b.id()), rows);
    }

    @Test
    void badInputFailsBeforeAnyRequest() {
        Exchange ex = send("kantata-users:lookup", 42, null);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, ex.getException());
        assertTrue(e.getMessage().contains("java.lang.Integer") && e.getMessage().contains("Allowed"), e.getMessage());
        assertEquals(List.of(), apiRequests());

        Exception start = assertThrows(Exception.class,
                () -> template.requestBody("kantata-users:lookup?byEmailAddresses=x@example.com", "a@example.com"));
        Throwable cause = start;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("byEmailAddresses") && !cause.getMessage().contains("x@example.com"),
                cause.getMessage());
        assertEquals(List.of(), apiRequests());
    }

    @Test
    void aFailedRequestFailsTheLookupTyped() {
        sandbox.faults().status(401, 1);
        Exchange ex = send("kantata-users:lookup?onMyAccount=true", List.of("someone@example.com"), null);
        assertInstanceOf(KantataAuthenticationException.class, ex.getException());
    }

    @Test
    void distinctAddressesAreSentOnceWhateverTheirCase() {
        Requests.EmailAddresses parsed = Requests.emailAddresses(new org.apache.camel.support.DefaultMessage(context) {
            {
                setBody(new String[] { "A@x.example", "a@X.example", "a@x.example", "b@x.example" });
            }
        });
        assertEquals(List.of("A@x.example", "a@X.example", "a@x.example", "b@x.example"), parsed.given());
        assertEquals(List.of("a@x.example", "b@x.example"), parsed.distinct());
        assertEquals(Set.of(), Set.copyOf(parsed.invalid()));
    }
}
