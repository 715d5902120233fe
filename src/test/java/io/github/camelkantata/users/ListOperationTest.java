package io.github.camelkantata.users;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListOperationTest extends SandboxTestSupport {

    private static List<SandboxUser> activeAccountMembers() {
        return sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled())
                .sorted((a, b) -> a.fullName().compareTo(b.fullName()) != 0
                        ? a.fullName().compareTo(b.fullName())
                        : Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())))
                .collect(Collectors.toList());
    }

    @Test
    void listFetchesEveryPageAt200InApiOrder() {
        Exchange ex = send("kantata-users:list?onMyAccount=true&pageConcurrency=1", null, null);
        assertNull(ex.getException());
        List<?> body = ex.getMessage().getBody(List.class);
        List<SandboxUser> expected = activeAccountMembers();
        assertTrue(expected.size() > 400, "needs at least 3 pages");
        assertEquals(expected.size(), body.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).id(), ((User) body.get(i)).getId(), "order at " + i);
        }
        assertEquals(expected.size(), ex.getMessage().getHeader(KantataUsersConstants.TOTAL_COUNT));
        assertEquals(3, ex.getMessage().getHeader(KantataUsersConstants.PAGE_COUNT));
        assertEquals(0, ex.getMessage().getHeader(KantataUsersConstants.RETRIES));

        List<RecordedRequest> requests = apiRequests();
        assertEquals(3, requests.size());
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = requests.get(i);
            assertEquals("GET", r.method());
            assertEquals("/api/v1/users", r.path());
            assertEquals("true", r.queryParam("on_my_account"));
            assertEquals("200", r.queryParam("per_page"));
            assertEquals(String.valueOf(i + 1), r.queryParam("page"));
            assertEquals("Bearer " + sandbox.token(), r.header("Authorization"));
            assertEquals("application/json", r.header("Accept"));
        }
    }

    @Test
    void concurrentPagingKeepsApiOrder() {
        List<?> sequential
                = template.requestBody("kantata-users:list?onMyAccount=true&perPage=25&pageConcurrency=1", null, List.class);
        List<?> concurrent
                = template.requestBody("kantata-users:list?onMyAccount=true&perPage=25&pageConcurrency=4", null, List.class);
        assertEquals(ids(sequential), ids(concurrent));
        assertEquals(activeAccountMembers().size(), concurrent.size());
    }

    @Test
    void defaultScopeLeavesOutMembersOnNoProject() {
        List<?> visible = template.requestBody("kantata-users:list", null, List.class);
        Set<String> ids = Set.copyOf(ids(visible));
        // user 14 is an account member on no project: only on_my_account returns it (Kantata's documented trap)
        assertFalse(ids.contains("14"));
        assertTrue(ids.contains("11"), "external co-participants are visible by default");
        assertNull(apiRequests().get(0).queryParam("on_my_account"));
        List<?> account = template.requestBody("kantata-users:list?onMyAccount=true", null, List.class);
        assertTrue(ids(account).contains("14"));
    }

    @Test
    void singlePageUsesPerPage() {
        Exchange ex = send("kantata-users:list?onMyAccount=true&page=2&perPage=10", null, null);
        List<?> body = ex.getMessage().getBody(List.class);
        assertEquals(10, body.size());
        assertEquals(activeAccountMembers().get(10).id(), ((User) body.get(0)).getId());
        RecordedRequest r = onlyRequest();
        assertEquals("2", r.queryParam("page"));
        assertEquals("10", r.queryParam("per_page"));
        assertEquals((activeAccountMembers().size() + 9) / 10, ex.getMessage().getHeader(KantataUsersConstants.PAGE_COUNT));
    }

    @Test
    void includeManagerLinksManagersWithoutPollutingResults() {
        // by_email_address narrows to one user whose manager is someone else: the manager is side-loaded only
        SandboxUser u = sandbox.data().user("40");
        Exchange ex
                = send("kantata-users:list?byEmailAddress=" + u.emailAddress() + "&include=manager,role,skills", null, null);
        List<?> body = ex.getMessage().getBody(List.class);
        assertEquals(1, body.size(), "the side-loaded manager must not become a result");
        User user = (User) body.get(0);
        assertEquals("40", user.getId());
        assertEquals(u.managerId(), user.getManagerId());
        assertNotNull(user.getManager());
        assertEquals(u.managerId(), user.getManager().getId());
        assertEquals(sandbox.data().user(u.managerId()).fullName(), user.getManager().getFullName());
        assertNotNull(user.getRole());
        assertEquals(u.roleId(), user.getRole().getId());
        assertEquals(u.skillIds().size(), user.getSkills().size());
        RecordedRequest r = onlyRequest();
        assertEquals("manager,role,skills", r.queryParam("include"));
        assertEquals(u.emailAddress(), r.queryParam("by_email_address"));
    }

    @Test
    void typedFiltersAndQueryPrefixGoOverTheWire() {
        template.requestBody("kantata-users:list?showDisabled=true&search=ada&order=alphabetical:desc"
                             + "&updatedAfter=2020-01-01T00:00:00Z&withoutUsers=3, 4&optionalFields=bio,city"
                             + "&query.future_filter=x&perPage=50",
                null, List.class);
        RecordedRequest r = apiRequests().get(0);
        assertEquals("true", r.queryParam("show_disabled"));
        assertEquals("ada", r.queryParam("search"));
        assertEquals("alphabetical:desc", r.queryParam("order"));
        assertEquals("2020-01-01T00:00:00Z", r.queryParam("updated_after"));
        assertEquals("3,4", r.queryParam("without_users"));
        assertEquals("bio,city", r.queryParam("optional_fields"));
        assertEquals("x", r.queryParam("future_filter"));
        assertEquals("50", r.queryParam("per_page"));
    }

    @Test
    void showDisabledReturnsDisabledUsers() {
        List<?> without = template.requestBody("kantata-users:list?onMyAccount=true", null, List.class);
        List<?> with = template.requestBody("kantata-users:list?onMyAccount=true&showDisabled=true", null, List.class);
        assertFalse(ids(without).contains("13"));
        assertTrue(ids(with).contains("13"));
    }

    @Test
    void streamListIsALazyIterator() throws Exception {
        // read inside the route; StreamListLifetimeTest reads one after its exchange completed
        int[] counts = new int[2];
        context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stream")
                        .to("kantata-users:list?onMyAccount=true&perPage=50&outputType=StreamList&pageConcurrency=2")
                        .process(e -> {
                            Object body = e.getMessage().getBody();
                            assertInstanceOf(java.util.Iterator.class, body);
                            counts[0] = apiRequests().size();
                            java.util.Iterator<?> it = (java.util.Iterator<?>) body;
                            while (it.hasNext()) {
                                assertInstanceOf(User.class, it.next());
                                counts[1]++;
                            }
                        });
            }
        });
        Exchange ex = send("direct:stream", null, null);
        org.junit.jupiter.api.Assertions.assertNull(ex.getException());
        assertTrue(counts[0] <= 3, "only page 1 and the prefetch window are requested before iterating, got " + counts[0]);
        assertEquals(activeAccountMembers().size(), counts[1]);
    }

    static List<String> ids(List<?> users) {
        return users.stream().map(u -> ((User) u).getId()).collect(Collectors.toList());
    }
}
