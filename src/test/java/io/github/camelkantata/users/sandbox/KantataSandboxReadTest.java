package io.github.camelkantata.users.sandbox;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.github.camelkantata.users.sandbox.SandboxHttp.allIds;
import static io.github.camelkantata.users.sandbox.SandboxHttp.get;
import static io.github.camelkantata.users.sandbox.SandboxHttp.getJson;
import static io.github.camelkantata.users.sandbox.SandboxHttp.json;
import static io.github.camelkantata.users.sandbox.SandboxHttp.req;
import static io.github.camelkantata.users.sandbox.SandboxHttp.resultIds;
import static io.github.camelkantata.users.sandbox.SandboxHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Read-only behaviour, against one shared sandbox with the default 250 users. */
class KantataSandboxReadTest {

    static KantataSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KantataSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** What the admin's default listing must contain, computed independently from the data. */
    static List<SandboxUser> expectedDefault() {
        return sandbox.data().users().stream()
                .filter(u -> !u.disabled() && !u.projectIds().isEmpty())
                .sorted(Comparator.comparing((SandboxUser u) -> u.fullName().toLowerCase(Locale.ROOT))
                        .thenComparingLong(u -> Long.parseLong(u.id())))
                .collect(Collectors.toList());
    }

    @Test
    void missingOrUnknownTokenGets401WithOauthError() {
        for (String token : new String[] { null, "wrong" }) {
            HttpResponse<String> r = send(req(sandbox, token, "/users").GET());
            assertEquals(401, r.statusCode());
            assertEquals("{\"errors\":[{\"type\":\"oauth\",\"message\":\"Invalid OAuth 2 Request\"}]}", r.body());
            assertTrue(r.headers().firstValue("x-request-id").orElseThrow().startsWith("sbx-"));
        }
    }

    @Test
    void envelopeShapeAndPaging() {
        List<SandboxUser> expected = expectedDefault();
        HttpResponse<String> r = get(sandbox, "/users");
        assertEquals(200, r.statusCode());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode env = json(r);
        int n = expected.size();
        assertEquals(n, env.get("count").asInt());
        JsonNode meta = env.get("meta");
        assertEquals(n, meta.get("count").asInt());
        assertEquals((n + 19) / 20, meta.get("page_count").asInt());
        assertEquals(1, meta.get("page_number").asInt());
        assertEquals(20, meta.get("page_size").asInt());
        List<String> ids = resultIds(env);
        assertEquals(expected.subList(0, 20).stream().map(SandboxUser::id).collect(Collectors.toList()), ids);
        for (JsonNode res : env.get("results")) {
            assertEquals("users", res.get("key").asText());
            JsonNode user = env.get("users").get(res.get("id").asText());
            assertEquals(res.get("id").asText(), user.get("id").asText());
            assertTrue(user.get("id").isTextual());
            for (String f : List.of("full_name", "email_address", "headline", "photo_path")) {
                assertTrue(user.has(f), f);
            }
            assertFalse(user.has("bio"));
        }

        JsonNode clamped = getJson(sandbox, "/users?per_page=5000", 200);
        assertEquals(200, clamped.get("meta").get("page_size").asInt());
        assertEquals(Math.min(200, n), clamped.get("results").size());

        JsonNode past = getJson(sandbox, "/users?page=999", 200);
        assertEquals(0, past.get("results").size());
        assertEquals(n, past.get("count").asInt());
        assertEquals(999, past.get("meta").get("page_number").asInt());

        JsonNode lo = getJson(sandbox, "/users?limit=3&offset=6&page=5&per_page=50", 200);
        assertEquals(expected.subList(6, 9).stream().map(SandboxUser::id).collect(Collectors.toList()),
                resultIds(lo));
        assertEquals(3, lo.get("meta").get("page_size").asInt());
        assertEquals(3, lo.get("meta").get("page_number").asInt());

        assertEquals(expected.stream().map(SandboxUser::id).collect(Collectors.toList()), allIds(sandbox, ""));

        for (String bad : List.of("page=0", "page=x", "per_page=0", "per_page=abc")) {
            HttpResponse<String> e = get(sandbox, "/users?" + bad);
            assertEquals(400, e.statusCode(), bad);
            assertEquals("system", json(e).get("errors").get(0).get("type").asText());
        }
    }

    @Test
    void jsonSuffixIsAccepted() {
        assertEquals(resultIds(getJson(sandbox, "/users", 200)), resultIds(getJson(sandbox, "/users.json", 200)));
        assertEquals("1", resultIds(getJson(sandbox, "/users/me.json", 200)).get(0));
        assertEquals("5", resultIds(getJson(sandbox, "/users/5.json", 200)).get(0));
    }

    @Test
    void memberOnNoProjectAppearsOnlyWithOnMyAccount() {
        SandboxUser noProject = sandbox.data().user("7");
        assertTrue(noProject.onAccount() && noProject.projectIds().isEmpty() && !noProject.disabled());
        SandboxUser external = sandbox.data().user("11");
        assertTrue(external.external() && !external.projectIds().isEmpty());

        List<String> byDefault = allIds(sandbox, "");
        assertFalse(byDefault.contains("7"));
        assertTrue(byDefault.contains("11"));
        List<String> onAccount = allIds(sandbox, "on_my_account=true");
        assertTrue(onAccount.contains("7"));
        assertFalse(onAccount.contains("11"));
        long activeMembers = sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).count();
        assertEquals(activeMembers, onAccount.size());
        // The show route still finds account members on no project.
        assertEquals(List.of("7"), resultIds(getJson(sandbox, "/users/7", 200)));
    }

    @Test
    void disabledUsersNeedShowDisabled() {
        assertTrue(sandbox.data().user("13").disabled());
        assertFalse(allIds(sandbox, "").contains("13"));
        assertTrue(allIds(sandbox, "show_disabled=true").contains("13"));
        assertEquals(404, get(sandbox, "/users/13").statusCode());
        assertEquals(200, get(sandbox, "/users/13?show_disabled=true").statusCode());
    }

    @Test
    void includeManagerSideLoadsWithoutPollutingResults() {
        SandboxUser u = sandbox.data().user("3");
        String managerId = u.managerId();
        assertNotNull(managerId);
        JsonNode env = getJson(sandbox, "/users?only=3&include=manager", 200);
        assertEquals(List.of("3"), resultIds(env));
        assertEquals(1, env.get("count").asInt());
        assertEquals(managerId, env.get("users").get("3").get("manager_id").asText());
        assertEquals(managerId, env.get("users").get(managerId).get("id").asText());
        assertEquals(2, env.get("users").size());

        JsonNode admin = getJson(sandbox, "/users/me?include=manager", 200);
        assertTrue(admin.get("users").get("1").get("manager_id").isNull());
    }

    @Test
    void otherIncludesAddIdsAndTopLevelMaps() {
        JsonNode env = getJson(sandbox, "/users?per_page=50&include=role,skills,skill_memberships,"
                                        + "account_membership,custom_field_values,external_references,work_samples",
                200);
        for (String key : List.of("roles", "skills", "skill_memberships", "account_memberships",
                "custom_field_values", "external_references", "work_samples")) {
            assertTrue(env.get(key).isObject(), key);
        }
        for (String id : resultIds(env)) {
            JsonNode u = env.get("users").get(id);
            SandboxUser su = sandbox.data().user(id);
            assertEquals(su.roleId(), u.get("role_id").asText());
            assertNotNull(env.get("roles").get(su.roleId()).get("name").asText());
            assertEquals(su.skillIds().size(), u.get("skill_ids").size());
            for (JsonNode sm : u.get("skill_membership_ids")) {
                JsonNode m = env.get("skill_memberships").get(sm.asText());
                assertEquals(id, m.get("user_id").asText());
                int level = m.get("level").asInt();
                assertTrue(level >= 1 && level <= 5);
                assertTrue(env.get("skills").has(m.get("skill_id").asText()));
            }
            if (su.onAccount()) {
                JsonNode am = env.get("account_memberships").get(u.get("account_membership_id").asText());
                assertEquals(id, am.get("user_id").asText());
            } else {
                assertTrue(u.get("account_membership_id").isNull());
            }
            assertTrue(u.get("work_sample_ids").isArray());
        }
        HttpResponse<String> bad = get(sandbox, "/users?include=manager,bogus");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("bogus") && bad.body().contains("skill_memberships"), bad.body());
    }

    @Test
    void optionalFields() {
        JsonNode env = getJson(sandbox, "/users/me?optional_fields=bio,city,classification,last_site_activity", 200);
        JsonNode me = env.get("users").get("1");
        assertTrue(me.has("bio") && me.has("city"));
        assertEquals("Internal", me.get("classification").asText());
        assertFalse(me.has("website"));
        assertFalse(me.has("last_site_activity"), "only with on_my_account");

        JsonNode acc = getJson(sandbox, "/users?on_my_account=true&only=1&optional_fields=last_site_activity", 200);
        assertTrue(acc.get("users").get("1").has("last_site_activity"));
        JsonNode collab = json(send(req(sandbox, sandbox.collaboratorToken(),
                "/users?on_my_account=true&only=2&optional_fields=last_site_activity").GET()));
        assertFalse(collab.get("users").get("2").has("last_site_activity"), "admin only");

        JsonNode ext = getJson(sandbox, "/users/11?optional_fields=classification", 200);
        assertEquals("External", ext.get("users").get("11").get("classification").asText());
        assertEquals(400, get(sandbox, "/users?optional_fields=shoe_size").statusCode());
    }

    @Test
    void orderAscAndDesc() {
        List<String> asc = allIds(sandbox, "order=alphabetical:asc");
        List<String> desc = allIds(sandbox, "order=alphabetical:desc");
        List<String> reversed = new ArrayList<>(asc);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, desc);
        assertEquals(expectedDefault().stream().map(SandboxUser::id).collect(Collectors.toList()), asc);
        HttpResponse<String> bad = get(sandbox, "/users?order=created_at:desc");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("alphabetical:asc"));
    }

    @Test
    void filters() {
        SandboxUser five = sandbox.data().user("5");
        JsonNode byEmail = getJson(sandbox, "/users?by_email_address="
                                            + URLEncoder.encode(five.emailAddress().toUpperCase(Locale.ROOT),
                                                    StandardCharsets.UTF_8),
                200);
        assertEquals(List.of("5"), resultIds(byEmail));

        String two = sandbox.data().user("2").emailAddress() + "," + five.emailAddress();
        assertEquals(Set.of("2", "5"), new HashSet<>(
                resultIds(getJson(sandbox, "/users?by_email_addresses=" + two,
                        200))));
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            tooMany.append(i == 0 ? "" : ",").append("x").append(i).append("@example.com");
        }
        assertEquals(422, get(sandbox, "/users?by_email_addresses=" + tooMany).statusCode());

        // 7 is on no project, so only= drops it; search is ignored with only.
        assertEquals(Set.of("1", "5"), new HashSet<>(
                resultIds(getJson(sandbox, "/users?only=5,1,7&search=zzz",
                        200))));

        String first = five.fullName().split(" ")[0];
        List<String> found = allIds(sandbox, "search=" + first.toLowerCase(Locale.ROOT));
        assertTrue(found.contains("5"));
        for (String id : found) {
            SandboxUser u = sandbox.data().user(id);
            assertTrue(u.fullName().toLowerCase(Locale.ROOT).contains(first.toLowerCase(Locale.ROOT))
                    || u.emailAddress().contains(first.toLowerCase(Locale.ROOT)));
        }
        assertTrue(sandbox.data().user(found.get(0)).fullName().startsWith(first), "relevance: prefix first");

        Instant cut = sandbox.data().users().stream().map(SandboxUser::updatedAt).sorted()
                .collect(Collectors.toList()).get(200);
        List<String> after = allIds(sandbox, "updated_after=" + cut);
        Set<String> expected = expectedDefault().stream().filter(u -> u.updatedAt().isAfter(cut))
                .map(SandboxUser::id).collect(Collectors.toSet());
        assertEquals(expected, new HashSet<>(after));
        assertEquals(400, get(sandbox, "/users?updated_after=yesterday").statusCode());

        assertEquals(expectedDefault().stream().filter(u -> u.projectIds().contains("1001")).count(),
                allIds(sandbox, "participant_in=1001").size());
        Set<String> managers = sandbox.data().users().stream().map(SandboxUser::managerId)
                .filter(m -> m != null).collect(Collectors.toSet());
        for (String id : allIds(sandbox, "managers=true&on_my_account=true")) {
            assertTrue(managers.contains(id));
        }
        assertEquals(List.of("5"), resultIds(getJson(sandbox, "/users?with_users=5,7", 200)));
        assertFalse(allIds(sandbox, "without_users=5").contains("5"));
        assertEquals(200, get(sandbox, "/users?no_such_filter=1").statusCode());
    }

    @Test
    void collaboratorSeesOnlyProjectMates() {
        SandboxUser collaborator = sandbox.data().user("2");
        List<String> seen = new ArrayList<>();
        for (int page = 1;; page++) {
            JsonNode env = json(send(req(sandbox, sandbox.collaboratorToken(), "/users?per_page=200&page=" + page)
                    .GET()));
            seen.addAll(resultIds(env));
            if (page >= env.get("meta").get("page_count").asInt()) {
                break;
            }
        }
        Set<String> expected = sandbox.data().users().stream()
                .filter(u -> !u.disabled() && u.projectIds().stream().anyMatch(collaborator.projectIds()::contains))
                .map(SandboxUser::id).collect(Collectors.toSet());
        assertEquals(expected, new HashSet<>(seen));
        assertTrue(expected.size() < expectedDefault().size());
        JsonNode me = json(send(req(sandbox, sandbox.collaboratorToken(), "/users/me").GET()));
        assertEquals(List.of("2"), resultIds(me));
        // An external user on none of the collaborator's projects is invisible to it.
        String hidden = sandbox.data().users().stream()
                .filter(u -> u.external() && u.projectIds().stream().noneMatch(collaborator.projectIds()::contains))
                .findFirst().orElseThrow().id();
        assertEquals(404, send(req(sandbox, sandbox.collaboratorToken(), "/users/" + hidden).GET()).statusCode());
    }

    @Test
    void capacity() {
        JsonNode c = getJson(sandbox, "/users/5/capacity?start_date=2026-01-02&end_date=2026-01-05", 200);
        assertEquals("2026-01-02", c.get("start_date").asText());
        assertEquals("2026-01-05", c.get("end_date").asText());
        List<String> days = new ArrayList<>();
        c.get("hours").fieldNames().forEachRemaining(days::add);
        assertEquals(List.of("2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05"), days);
        assertEquals(6.0, c.get("hours").get("2026-01-02").asDouble(), "user 5 is part-time");
        assertEquals(0.0, c.get("hours").get("2026-01-03").asDouble());
        assertFalse(c.has("results"));
        JsonNode full = getJson(sandbox, "/users/3/capacity?start_date=2026-01-05&end_date=2026-01-05", 200);
        assertEquals(8.0, full.get("hours").get("2026-01-05").asDouble());

        assertEquals(400, get(sandbox, "/users/3/capacity?end_date=2026-01-05").statusCode());
        assertEquals(400, get(sandbox, "/users/3/capacity?start_date=2026-13-01&end_date=2026-01-05").statusCode());
        HttpResponse<String> backwards = get(sandbox, "/users/3/capacity?start_date=2026-02-01&end_date=2026-01-05");
        assertEquals(422, backwards.statusCode());
        assertEquals("validation", json(backwards).get("errors").get(0).get("type").asText());
        assertEquals(404, get(sandbox, "/users/999999/capacity?start_date=2026-01-01&end_date=2026-01-05")
                .statusCode());
    }

    @Test
    void notFoundAndWrongMethod() {
        for (String path : List.of("/users/999999", "/users/abc", "/projects", "/users/5/nothing")) {
            HttpResponse<String> r = get(sandbox, path);
            assertEquals(404, r.statusCode(), path);
            assertEquals("system", json(r).get("errors").get(0).get("type").asText());
        }
        HttpResponse<String> r = send(req(sandbox, sandbox.token(), "/users").DELETE());
        assertEquals(405, r.statusCode());
        assertNotNull(json(r).get("errors"));
    }

    @Test
    void sameSeedGivesSameDataAndOtherSeedsDiffer() {
        try (KantataSandbox a = KantataSandbox.builder().users(60).seed(42).start();
             KantataSandbox b = KantataSandbox.builder().users(60).seed(42).start();
             KantataSandbox c = KantataSandbox.builder().users(60).seed(43).start()) {
            assertEquals(a.data().users().toString(), b.data().users().toString());
            assertEquals(get(a, "/users?per_page=200&include=manager,skills").body(),
                    get(b, "/users?per_page=200&include=manager,skills").body());
            assertFalse(a.data().users().toString().equals(c.data().users().toString()));
            assertNull(a.data().user("61"));
        }
    }
}
