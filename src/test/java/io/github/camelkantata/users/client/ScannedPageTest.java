package io.github.camelkantata.users.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.camelkantata.users.model.KantataObject;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scanned page ({@link EnvelopeReader#scanUsers}) is what the consumer compares with its state: its placeholders must
 * give exactly the digests, ids and links of a page read whole (or every unchanged user would show as changed, or
 * worse, a change would be missed), and a user read whole from it must be the user a whole read gives.
 */
class ScannedPageTest {

    private static byte[] sandboxPage(KantataSandbox sandbox, String query) throws Exception {
        HttpResponse<byte[]> r
                = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/users?" + query))
                        .header("Authorization", "Bearer " + sandbox.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static String json(Object o) throws Exception {
        return Json.MAPPER.writeValueAsString(o);
    }

    /** Digests of a user and of everything linked to it, in the order the fingerprint takes them. */
    private static List<String> linkedDigests(User u) {
        List<String> out = new ArrayList<>();
        Function<KantataObject, String> d = o -> o == null ? "-" : java.util.HexFormat.of().formatHex(o.getSourceDigest());
        out.add(d.apply(u));
        out.add(d.apply(u.getManager()));
        out.add(d.apply(u.getRole()));
        out.add(d.apply(u.getAccountMembership()));
        for (List<? extends KantataObject> group : java.util.Arrays.asList(u.getSkills(), u.getSkillMemberships(),
                u.getCustomFieldValues(), u.getExternalReferences(), u.getWorkSamples())) {
            out.add("|");
            if (group != null) {
                group.forEach(o -> out.add(d.apply(o)));
            }
        }
        return out;
    }

    @Test
    void placeholdersCarryTheDigestsIdsAndLinksOfAWholeReadAndReadWholeGiveTheSameUser() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(500).start()) {
            for (String include : List.of("", "include=manager,role,skills,skill_memberships,work_samples")) {
                byte[] body = sandboxPage(sandbox, "per_page=200&page=2&" + include);
                UserPage whole = EnvelopeReader.readUsers(body, true);
                ScannedPage scanned = EnvelopeReader.scanUsers(body);
                List<User> shells = scanned.page().users();
                assertEquals(whole.count(), scanned.page().count());
                assertEquals(whole.pageCount(), scanned.page().pageCount());
                assertEquals(whole.users().stream().map(User::getId).toList(), shells.stream().map(User::getId).toList());
                boolean linked = false;
                for (int i = 0; i < shells.size(); i++) {
                    User w = whole.users().get(i);
                    User s = shells.get(i);
                    assertTrue(EnvelopeReader.isPlaceholder(s));
                    assertEquals(linkedDigests(w), linkedDigests(s), "user " + w.getId() + " with " + include);
                    linked |= w.getManager() != null && w.getRole() != null && !w.getSkills().isEmpty();
                }
                assertEquals(!include.isEmpty(), linked, "the include links users to side-loaded objects: " + include);
                // read whole from the scanned page: the same user, linked to the same objects, read whole too
                for (int i = 0; i < shells.size(); i += 37) {
                    User w = whole.users().get(i);
                    User u = scanned.user(i);
                    assertFalse(EnvelopeReader.isPlaceholder(u));
                    assertEquals(json(w), json(u));
                    assertEquals(linkedDigests(w), linkedDigests(u));
                    if (w.getManager() != null) {
                        assertEquals(json(w.getManager()), json(u.getManager()));
                        assertEquals(linkedDigests(w.getManager()), linkedDigests(u.getManager()));
                    }
                    assertEquals(json(w.getRole()), json(u.getRole()));
                    assertEquals(json(w.getSkills()), json(u.getSkills()));
                    assertEquals(json(w.getSkillMemberships()), json(u.getSkillMemberships()));
                    assertEquals(json(w.getWorkSamples()), json(u.getWorkSamples()));
                    assertTrue(u == scanned.user(i), "read once");
                }
                // only what was asked for was bound: a few users, their managers and side-loaded objects
                assertTrue(scanned.boundCount() < shells.size(), "bound " + scanned.boundCount());
                // the whole page, for a hook that cannot choose
                assertEquals(json(whole.users()), json(scanned.readWhole().users()));
            }
        }
    }

    /**
     * Through the client, as the consumer uses it: a scanning hook sees placeholders and delivers what it read whole; a
     * hook that fails unexpectedly gets the page read whole, so no placeholder is ever delivered in its place; and one
     * that cannot read a user fails the page as an unreadable body, typed.
     */
    @Test
    void theClientScansForAHookAndFallsBackToAWholeReadWhenTheHookFails() throws Exception {
        try (KantataSandbox sandbox = KantataSandbox.builder().users(60).start();
             org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            io.github.camelkantata.users.KantataUsersComponent component
                    = new io.github.camelkantata.users.KantataUsersComponent();
            component.getConfiguration().setAccessToken(sandbox.token());
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            context.addComponent("kantata-users", component);
            context.start();
            io.github.camelkantata.users.KantataUsersEndpoint endpoint = context.getEndpoint("kantata-users:list",
                    io.github.camelkantata.users.KantataUsersEndpoint.class);
            KantataUsersClient client = endpoint.getClient().inGroup(endpoint.getClient().caller().group().child("test"));
            java.util.concurrent.atomic.AtomicReference<String> mode
                    = new java.util.concurrent.atomic.AtomicReference<>("read one");
            List<User> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            client.setPageHook(new KantataUsersClient.PageHook() {
                @Override
                public boolean scan() {
                    return true;
                }

                @Override
                public UserPage accept(UserPage page, ScannedPage scanned) throws EnvelopeReader.MalformedException {
                    seen.addAll(page.users());
                    switch (mode.get()) {
                        case "read one" -> {
                            List<User> users = new ArrayList<>(page.users());
                            users.set(1, scanned.user(1));
                            return new UserPage(users, page.count(), page.pageCount(), page.pageNumber(), page.pageSize());
                        }
                        case "fail" -> throw new IllegalStateException("a bug in the hook");
                        default -> throw new EnvelopeReader.MalformedException("user cannot be read", null);
                    }
                }
            });
            UserPage first = client.listPage("list", "", 1, 20).get().value();
            assertTrue(seen.stream().allMatch(EnvelopeReader::isPlaceholder), "the hook sees placeholders");
            assertEquals(20, first.users().size());
            assertFalse(EnvelopeReader.isPlaceholder(first.users().get(1)));
            assertNotNull(first.users().get(1).getFullName());
            assertTrue(EnvelopeReader.isPlaceholder(first.users().get(0)), "what the hook left as it was");
            assertNull(first.users().get(0).getFullName());

            mode.set("fail");
            UserPage whole = client.listPage("list", "", 1, 20).get().value();
            assertTrue(whole.users().stream().noneMatch(EnvelopeReader::isPlaceholder), "read whole instead");
            assertTrue(whole.users().stream().allMatch(u -> u.getFullName() != null && u.getSourceDigest() != null));

            mode.set("refuse");
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> client.listPage("list", "", 1, 20).get());
            io.github.camelkantata.users.KantataMalformedResponseException typed
                    = org.junit.jupiter.api.Assertions.assertInstanceOf(
                            io.github.camelkantata.users.KantataMalformedResponseException.class, e.getCause());
            assertTrue(typed.getMessage().contains("user cannot be read"), typed.getMessage());
        }
    }

    private static String page(String... users) {
        StringBuilder results = new StringBuilder();
        StringBuilder map = new StringBuilder();
        for (String u : users) {
            String id = u.substring(0, u.indexOf(':'));
            results.append(results.length() == 0 ? "" : ",").append("{\"key\":\"users\",\"id\":\"").append(id).append("\"}");
            map.append(map.length() == 0 ? "" : ",").append('"').append(id).append("\":")
                    .append(u.substring(u.indexOf(':') + 1));
        }
        return "{\"count\":" + users.length + ",\"results\":[" + results + "],\"users\":{" + map + "},"
               + "\"skills\":{\"1\":{\"id\":\"1\",\"name\":\"Java\"},\"2\":{\"id\":2,\"name\":\"Camel\"}},"
               + "\"roles\":{\"9\":{\"name\":\"no id field\"}},"
               + "\"meta\":{\"count\":" + users.length + ",\"page_count\":1,\"page_number\":1,\"page_size\":20}}";
    }

    @Test
    void idsAndReferencesAreReadAsJacksonCoercesThem() throws Exception {
        String body = page(
                "5:{\"id\":5,\"full_name\":\"Numbers\",\"manager_id\":6,\"role_id\":9,\"skill_ids\":[1,\"2\",null,3],"
                           + "\"custom\":{\"nested\":[1,{\"a\":[]}]},\"flag\":true}",
                "6:{\"full_name\":\"No id field\",\"manager_id\":null,\"skill_ids\":null,\"headline\":\"x\"}",
                "7:{\"id\":\"7\",\"skill_ids\":[],\"id\":\"7b\"}");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        UserPage whole = EnvelopeReader.readUsers(bytes, true);
        ScannedPage scanned = EnvelopeReader.scanUsers(bytes);
        for (int i = 0; i < 3; i++) {
            User w = whole.users().get(i);
            User s = scanned.page().users().get(i);
            assertEquals(w.getId(), s.getId());
            assertEquals(w.getManagerId(), s.getManagerId());
            assertEquals(w.getRoleId(), s.getRoleId());
            assertEquals(w.getSkillIds(), s.getSkillIds());
            assertEquals(linkedDigests(w), linkedDigests(s));
            assertEquals(json(w), json(scanned.user(i)));
        }
        assertEquals("5", scanned.page().users().get(0).getId());
        assertEquals("6", scanned.page().users().get(1).getId(), "the map key, as a whole read gives it");
        assertEquals("7b", scanned.page().users().get(2).getId(), "the last of two id fields, as Jackson takes it");
        assertNotNull(scanned.user(0).getRole(), "a side-loaded object without an id field is found by its key");
        assertEquals(2, scanned.user(0).getSkills().size(), "skill 3 is not on the page; null is skipped");
        assertEquals("6", scanned.user(0).getManager().getId());
    }

    @Test
    void aMapGivenTwiceReplacesTheFirstAsInAWholeRead() throws Exception {
        String body = "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"5\"}],"
                      + "\"users\":{\"5\":{\"id\":\"5\",\"role_id\":\"9\",\"skill_ids\":[\"1\",\"2\"]}},"
                      + "\"roles\":{\"9\":{\"id\":\"9\",\"name\":\"first\"}},\"skills\":{\"1\":{\"id\":\"1\"}},"
                      + "\"roles\":{\"8\":{\"id\":\"8\",\"name\":\"second\"}},\"skills\":{\"2\":{\"id\":\"2\"}}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        User whole = EnvelopeReader.readUsers(bytes, true).users().get(0);
        ScannedPage scanned = EnvelopeReader.scanUsers(bytes);
        User read = scanned.user(0);
        assertNull(whole.getRole());
        assertNull(read.getRole());
        assertEquals(List.of("2"), whole.getSkills().stream().map(KantataObject::getId).toList());
        assertEquals(json(whole.getSkills()), json(read.getSkills()));
        assertEquals(linkedDigests(whole), linkedDigests(scanned.page().users().get(0)));
    }

    @Test
    void whatAWholeReadRefusesAScanRefusesToo() {
        List<String> bad = List.of(
                page("5:{\"id\":\"5\",\"skill_ids\":{\"a\":1}}"),
                page("5:{\"id\":\"5\",\"skill_ids\":\"1\"}"),
                page("5:{\"id\":\"5\",\"role_id\":[9]}"),
                page("5:{\"id\":{},\"full_name\":\"x\"}"),
                page("5:{\"id\":\"5\",\"skill_ids\":[{\"id\":1}]}"),
                page("5:42"),
                page("5:\"text\""),
                "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"8\"}],\"users\":{\"5\":{\"id\":\"5\"}}}",
                "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"5\"}],\"users\":{\"5\":{\"id\":\"5\",}}}",
                "{\"count\":1,\"results\":[{\"key\":\"users\",\"id\":\"5\"}]}");
        for (String body : bad) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThrows(EnvelopeReader.MalformedException.class, () -> EnvelopeReader.readUsers(bytes, true), body);
            assertThrows(EnvelopeReader.MalformedException.class, () -> EnvelopeReader.scanUsers(bytes), body);
        }
        // a null user is skipped by both, and then missing from results
        byte[] nullUser = page("5:null").getBytes(StandardCharsets.UTF_8);
        assertThrows(EnvelopeReader.MalformedException.class, () -> EnvelopeReader.readUsers(nullUser, true));
        assertThrows(EnvelopeReader.MalformedException.class, () -> EnvelopeReader.scanUsers(nullUser));
    }

    @Test
    void aChainOfManagersAsLongAsThePageIsReadWholeWithoutRecursion() throws Exception {
        int n = 20_000;
        StringBuilder results = new StringBuilder("{\"key\":\"users\",\"id\":\"1\"}");
        StringBuilder users = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            users.append(i > 1 ? "," : "").append('"').append(i).append("\":{\"id\":\"").append(i).append('"')
                    .append(i < n ? ",\"manager_id\":\"" + (i + 1) + "\"" : "").append('}');
        }
        byte[] body
                = ("{\"count\":1,\"results\":[" + results + "],\"users\":{" + users + "}}").getBytes(StandardCharsets.UTF_8);
        User top = EnvelopeReader.scanUsers(body).user(0);
        User u = top;
        int depth = 1;
        while (u.getManager() != null) {
            assertFalse(EnvelopeReader.isPlaceholder(u.getManager()));
            u = u.getManager();
            depth++;
        }
        assertEquals(n, depth);
        assertNull(u.getManagerId());
        assertArrayEquals(EnvelopeReader.readUsers(body, true).users().get(0).getManager().getSourceDigest(),
                top.getManager().getSourceDigest());
    }
}
