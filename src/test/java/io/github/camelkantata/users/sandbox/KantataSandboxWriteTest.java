package io.github.camelkantata.users.sandbox;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.camelkantata.users.sandbox.SandboxHttp.allIds;
import static io.github.camelkantata.users.sandbox.SandboxHttp.get;
import static io.github.camelkantata.users.sandbox.SandboxHttp.getJson;
import static io.github.camelkantata.users.sandbox.SandboxHttp.json;
import static io.github.camelkantata.users.sandbox.SandboxHttp.req;
import static io.github.camelkantata.users.sandbox.SandboxHttp.resultIds;
import static io.github.camelkantata.users.sandbox.SandboxHttp.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Updates, photos, data mutation and request recording, each on a fresh sandbox. */
class KantataSandboxWriteTest {

    static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R' };

    KantataSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = KantataSandbox.builder().users(120).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    HttpResponse<String> put(String token, String path, String body) {
        return send(req(sandbox, token, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void updateChangesUserAndBumpsUpdatedAt() {
        Instant before = sandbox.data().user("5").updatedAt();
        HttpResponse<String> r = put(sandbox.token(), "/users/5?include=external_references",
                "{\"user\":{\"full_name\":\"Zzzz Updated\",\"headline\":\"Chief\",\"email_address\":\"zed@example.com\","
                                                                                              + "\"ignored\":1,\"external_reference\":{\"service_name\":\"crm\",\"service_model\":\"Contact\","
                                                                                              + "\"service_model_ref\":\"C-9\",\"status\":\"successful\"}}}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode env = json(r);
        assertEquals(List.of("5"), resultIds(env));
        JsonNode u = env.get("users").get("5");
        assertEquals("Zzzz Updated", u.get("full_name").asText());
        assertEquals("Chief", u.get("headline").asText());
        assertEquals("zed@example.com", u.get("email_address").asText());
        String refId = u.get("external_reference_ids").get(0).asText();
        JsonNode ref = env.get("external_references").get(refId);
        assertEquals("crm", ref.get("service_name").asText());
        assertEquals("C-9", ref.get("service_model_ref").asText());
        assertEquals(5, ref.get("subject_id").asInt());

        SandboxUser stored = sandbox.data().user("5");
        assertEquals("Zzzz Updated", stored.fullName());
        assertTrue(stored.updatedAt().isAfter(before));
        assertTrue(allIds(sandbox, "updated_after=" + before).contains("5"));
        // Last alphabetically now.
        List<String> desc = resultIds(getJson(sandbox, "/users?order=alphabetical:desc&per_page=1", 200));
        assertEquals(List.of("5"), desc);
    }

    @Test
    void invalidUpdatesGet400Or422ListingEveryField() {
        HttpResponse<String> r = put(sandbox.token(), "/users/5", "{\"user\":{\"full_name\":\" \","
                                                                  + "\"email_address\":\"not-an-email\",\"external_reference\":{\"service_name\":\"crm\"}}}");
        assertEquals(422, r.statusCode());
        Set<String> fields = new HashSet<>();
        for (JsonNode e : json(r).get("errors")) {
            assertEquals("validation", e.get("type").asText());
            fields.add(e.get("field").asText());
        }
        assertTrue(fields.containsAll(Set.of("full_name", "email_address", "external_reference.service_model",
                "external_reference.service_model_ref")), fields.toString());
        assertFalse(sandbox.data().user("5").fullName().isBlank(), "nothing applied");

        String taken = sandbox.data().user("6").emailAddress();
        HttpResponse<String> dup = put(sandbox.token(), "/users/5", "{\"user\":{\"email_address\":\"" + taken + "\"}}");
        assertEquals(422, dup.statusCode());
        assertEquals("email_address", json(dup).get("errors").get(0).get("field").asText());

        assertEquals(400, put(sandbox.token(), "/users/5", "{not json").statusCode());
        assertEquals(400, put(sandbox.token(), "/users/5", "{\"full_name\":\"x\"}").statusCode());
        assertEquals(404, put(sandbox.token(), "/users/999999", "{\"user\":{}}").statusCode());
    }

    @Test
    void railsFormEncodedUpdateIsAccepted() {
        HttpResponse<String> r = send(req(sandbox, sandbox.token(), "/users/6")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("user%5Bheadline%5D=Form+Title"
                                                         + "&user[external_reference][service_name]=erp&user[external_reference][service_model]=Emp"
                                                         + "&user[external_reference][service_model_ref]=42")));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("Form Title", sandbox.data().user("6").headline());
        assertEquals("42", sandbox.data().user("6").externalReferences().get(0).get("service_model_ref"));
    }

    @Test
    void collaboratorMayOnlyUpdateItself() {
        HttpResponse<String> r = put(sandbox.collaboratorToken(), "/users/3", "{\"user\":{\"headline\":\"x\"}}");
        assertEquals(403, r.statusCode());
        assertEquals("system", json(r).get("errors").get(0).get("type").asText());
        assertTrue(json(r).get("errors").get(0).get("message").asText().startsWith("You do not have permission"));
        assertEquals(200, put(sandbox.collaboratorToken(), "/users/2", "{\"user\":{\"headline\":\"x\"}}")
                .statusCode());
        assertEquals("x", sandbox.data().user("2").headline());
    }

    static byte[] multipart(String boundary, String name, String filename, String type, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                      + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                      + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    HttpResponse<String> upload(String token, byte[] body, String boundary) {
        return send(req(sandbox, token, "/users/5/profile_photo?include=role")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void profilePhotoUploadAndReset() {
        String b = "----sandboxBoundary42";
        HttpResponse<String> ok = upload(sandbox.token(),
                multipart(b, "user[profile_photo_attachment_file]", "me.png", "image/png", PNG), b);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode u = json(ok).get("users").get("5");
        String photo = u.get("photo_path").asText();
        assertTrue(photo.startsWith("https://sandbox.kantata.invalid/profile_photos/5/") && photo.endsWith(".png"),
                photo);
        assertTrue(u.has("role_id"));
        assertEquals(photo, sandbox.data().user("5").photoPath());

        HttpResponse<String> wrongName = upload(sandbox.token(),
                multipart(b, "profile_photo", "me.png", "image/png", PNG), b);
        assertEquals(422, wrongName.statusCode());
        assertEquals("profile_photo_attachment_file", json(wrongName).get("errors").get(0).get("field").asText());
        HttpResponse<String> notImage = upload(sandbox.token(), multipart(b, "user[profile_photo_attachment_file]",
                "me.png", "image/png", "hello".getBytes(StandardCharsets.UTF_8)), b);
        assertEquals(422, notImage.statusCode());
        assertEquals(422, upload(sandbox.token(), multipart(b, "user[profile_photo_attachment_file]", null,
                "image/png", PNG), b).statusCode());
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        assertEquals(422, upload(sandbox.token(), multipart(b, "user[profile_photo_attachment_file]", "big.png",
                "image/png", big), b).statusCode());
        assertEquals(403, upload(sandbox.collaboratorToken(), multipart(b, "user[profile_photo_attachment_file]",
                "me.png", "image/png", PNG), b).statusCode());

        HttpResponse<String> reset = send(req(sandbox, sandbox.token(), "/users/5/profile_photo").DELETE());
        assertEquals(204, reset.statusCode());
        assertEquals("", reset.body());
        assertEquals("https://sandbox.kantata.invalid/avatars/default.png", sandbox.data().user("5").photoPath());
    }

    @Test
    void requestsAreRecorded() {
        sandbox.clearRequests();
        put(sandbox.token(), "/users/5?include=role&optional_fields=bio%2Ccity",
                "{\"user\":{\"headline\":\"R\u00e9sum\u00e9\"}}");
        get(sandbox, "/users?search=a%20b");
        List<RecordedRequest> reqs = sandbox.requests();
        assertEquals(2, reqs.size());
        RecordedRequest p = reqs.get(0);
        assertEquals("PUT", p.method());
        assertEquals("/api/v1/users/5", p.path());
        assertEquals("include=role&optional_fields=bio%2Ccity", p.rawQuery());
        assertEquals("bio,city", p.queryParam("optional_fields"));
        assertEquals(List.of("role"), p.queryParams().get("include"));
        assertEquals("Bearer " + sandbox.token(), p.header("authorization"));
        assertEquals("application/json", p.contentType());
        assertEquals("{\"user\":{\"headline\":\"R\u00e9sum\u00e9\"}}", p.bodyAsString());
        assertArrayEquals(p.bodyAsString().getBytes(StandardCharsets.UTF_8), p.body());
        assertEquals("a b", reqs.get(1).queryParam("search"));
        assertEquals("GET", reqs.get(1).method());
        sandbox.clearRequests();
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void dataMutationsChangeWhatIsListed() {
        SandboxData data = sandbox.data();
        Instant before = data.user("3").updatedAt();
        data.update("3", Map.of("full_name", "Aaron Aardvark", "bio", "new bio"));
        assertTrue(data.user("3").updatedAt().isAfter(before));
        JsonNode first = getJson(sandbox, "/users?per_page=1&optional_fields=bio", 200);
        assertEquals(List.of("3"), resultIds(first));
        assertEquals("new bio", first.get("users").get("3").get("bio").asText());

        data.disable("3");
        assertFalse(allIds(sandbox, "").contains("3"));
        assertTrue(allIds(sandbox, "show_disabled=true").contains("3"));
        assertEquals(404, get(sandbox, "/users/3").statusCode());
        data.enable("3");
        assertTrue(allIds(sandbox, "").contains("3"));

        data.removeFromAccount("4");
        assertFalse(allIds(sandbox, "show_disabled=true&on_my_account=true").contains("4"));
        assertEquals(404, get(sandbox, "/users/4?show_disabled=true").statusCode());

        Instant beforeAdd = Instant.now().minusMillis(1);
        String id = data.addUser("Newt Member", "newt@example.com");
        assertEquals("121", id);
        assertFalse(allIds(sandbox, "").contains(id), "new members are on no project");
        assertEquals(List.of(id), allIds(sandbox, "on_my_account=true&updated_after=" + beforeAdd));
        assertEquals(List.of(id), resultIds(getJson(sandbox, "/users?on_my_account=true&by_email_address="
                                                             + "newt@example.com",
                200)));

        Instant t = data.user("8").updatedAt();
        data.touch("8");
        assertNotEquals(t, data.user("8").updatedAt());
        assertTrue(allIds(sandbox, "updated_after=" + t).contains("8"));
    }
}
