package io.github.camelkantata.users;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.Capacity;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleUserOperationsTest extends SandboxTestSupport {

    static final byte[] PNG
            = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 1 };

    @Test
    void meReturnsTheTokenOwner() {
        Exchange ex = send("kantata-users:me?optionalFields=bio", null, null);
        User me = ex.getMessage().getBody(User.class);
        assertEquals(sandbox.data().meId(), me.getId());
        assertEquals("Ada Admin", me.getFullName());
        assertEquals(sandbox.data().user("1").bio(), me.getBio());
        assertEquals(200, ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertTrue(ex.getMessage().getHeader(KantataUsersConstants.REQUEST_ID, String.class).startsWith("sbx-"));
        RecordedRequest r = onlyRequest();
        assertEquals("GET", r.method());
        assertEquals("/api/v1/users/me", r.path());
        assertEquals("bio", r.queryParam("optional_fields"));
    }

    @Test
    void getUsesTheHeaderBeforeTheOption() {
        SandboxUser expected = sandbox.data().user("42");
        User u = template.requestBodyAndHeader("kantata-users:get?userId=5&include=role", null,
                KantataUsersConstants.USER_ID, 42, User.class);
        assertEquals("42", u.getId());
        assertEquals(expected.fullName(), u.getFullName());
        assertEquals(expected.emailAddress(), u.getEmailAddress());
        assertEquals(expected.headline(), u.getHeadline());
        assertEquals(expected.photoPath(), u.getPhotoPath());
        assertEquals(expected.roleId(), u.getRole().getId());
        RecordedRequest r = onlyRequest();
        assertEquals("/api/v1/users/42", r.path());
        assertEquals("role", r.queryParam("include"));
        sandbox.clearRequests();
        assertEquals("5", template.requestBody("kantata-users:get?userId=5", null, User.class).getId());
    }

    @Test
    void updateWrapsFieldsInUserAndReturnsTheUpdatedUser() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("headline", "Head of Sync");
        fields.put("fullName", "Renamed Person"); // Java-style keys are accepted and sent in Kantata's snake_case
        User u = template.requestBodyAndHeader("kantata-users:update", fields, KantataUsersConstants.USER_ID, "30", User.class);
        assertEquals("Head of Sync", u.getHeadline());
        assertEquals("Renamed Person", u.getFullName());
        assertEquals("Head of Sync", sandbox.data().user("30").headline());
        RecordedRequest r = onlyRequest();
        assertEquals("PUT", r.method());
        assertEquals("/api/v1/users/30", r.path());
        assertTrue(r.contentType().startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals(1, body.size());
        assertEquals("Head of Sync", body.get("user").get("headline").asText());
        assertEquals("Renamed Person", body.get("user").get("full_name").asText());
        assertEquals(2, body.get("user").size());
    }

    @Test
    void updateAcceptsJsonTextAndUserObjects() throws Exception {
        template.requestBodyAndHeader("kantata-users:update", "{\"user\":{\"headline\":\"From JSON\"}}",
                KantataUsersConstants.USER_ID, "31", User.class);
        assertEquals("From JSON", sandbox.data().user("31").headline());
        User edit = template.requestBody("kantata-users:get?userId=32", null, User.class);
        edit.setHeadline("From a User");
        sandbox.clearRequests();
        User updated = template.requestBody("kantata-users:update", edit, User.class); // id taken from the user
        assertEquals("From a User", updated.getHeadline());
        JsonNode sent = Json.MAPPER.readTree(onlyRequest().body()).get("user");
        assertEquals("/api/v1/users/32", onlyRequest().path());
        assertNull(sent.get("photo_path"), "read-only fields of a User body are not sent");
        assertEquals("From a User", sent.get("headline").asText());
    }

    @Test
    void capacityReturnsHoursPerDateInOrder() {
        Exchange ex = send("kantata-users:capacity", null, Map.of(KantataUsersConstants.USER_ID, "5",
                KantataUsersConstants.START_DATE, LocalDate.of(2026, 1, 2), KantataUsersConstants.END_DATE, "2026-01-06"));
        Capacity c = ex.getMessage().getBody(Capacity.class);
        assertEquals(LocalDate.of(2026, 1, 2), c.getStartDate());
        assertEquals(LocalDate.of(2026, 1, 6), c.getEndDate());
        assertEquals(5, c.getHours().size());
        assertEquals(LocalDate.of(2026, 1, 2), c.getHours().firstKey());
        assertEquals(6.0, c.getHours().get(LocalDate.of(2026, 1, 2))); // user 5 is part-time (Friday)
        assertEquals(0.0, c.getHours().get(LocalDate.of(2026, 1, 3))); // Saturday
        RecordedRequest r = onlyRequest();
        assertEquals("/api/v1/users/5/capacity", r.path());
        assertEquals("2026-01-02", r.queryParam("start_date"));
        assertEquals("2026-01-06", r.queryParam("end_date"));
    }

    @Test
    void capacityDatesFromOptions() {
        Capacity c = template.requestBody("kantata-users:capacity?userId=6&startDate=2026-02-02&endDate=2026-02-02", null,
                Capacity.class);
        assertEquals(Map.of(LocalDate.of(2026, 2, 2), 8.0), c.getHours());
    }

    @Test
    void photoUploadSendsOneMultipartPartAndResetDeletes() {
        String before = sandbox.data().user("33").photoPath();
        Exchange ex = send("kantata-users:photo", PNG, Map.of(KantataUsersConstants.USER_ID, "33",
                KantataUsersConstants.PHOTO_FILE_NAME, "me.png"));
        User u = ex.getMessage().getBody(User.class);
        assertNotEquals(before, u.getPhotoPath());
        assertEquals(sandbox.data().user("33").photoPath(), u.getPhotoPath());
        RecordedRequest r = onlyRequest();
        assertEquals("POST", r.method());
        assertEquals("/api/v1/users/33/profile_photo", r.path());
        assertTrue(r.contentType().startsWith("multipart/form-data;") && r.contentType().contains("boundary="),
                r.contentType());
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        assertTrue(
                body.contains(
                        "Content-Disposition: form-data; name=\"user[profile_photo_attachment_file]\"; filename=\"me.png\""),
                body);
        assertTrue(body.contains("Content-Type: image/png"), body);

        sandbox.clearRequests();
        Exchange reset = send("kantata-users:photo?photoAction=reset", null, Map.of(KantataUsersConstants.USER_ID, "33"));
        assertNull(reset.getException());
        assertNull(reset.getMessage().getBody());
        assertEquals(204, reset.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("DELETE", onlyRequest().method());
        assertEquals("/api/v1/users/33/profile_photo", onlyRequest().path());
        assertEquals(before, sandbox.data().user("33").photoPath());
    }

    @Test
    void photoFromAFileAndAStream(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("avatar.png");
        java.nio.file.Files.write(file, PNG);
        assertInstanceOf(User.class, template.requestBodyAndHeader("kantata-users:photo", file.toFile(),
                KantataUsersConstants.USER_ID, "34"));
        assertTrue(new String(onlyRequest().body(), StandardCharsets.ISO_8859_1).contains("filename=\"avatar.png\""));
        sandbox.clearRequests();
        assertInstanceOf(User.class, template.requestBodyAndHeader("kantata-users:photo",
                new java.io.ByteArrayInputStream(PNG), KantataUsersConstants.USER_ID, "34"));
        assertTrue(new String(onlyRequest().body(), StandardCharsets.ISO_8859_1).contains("filename=\"photo.png\""));
    }

    @Test
    void getFindsADisabledUserOnlyWithShowDisabled() {
        Exchange hidden = send("kantata-users:get?userId=13", null, null);
        assertInstanceOf(KantataNotFoundException.class, hidden.getException(),
                "Kantata's default filter hides disabled users");
        sandbox.clearRequests();
        User u = template.requestBody("kantata-users:get?userId=13&showDisabled=true", null, User.class);
        assertEquals("13", u.getId());
        assertEquals("true", onlyRequest().queryParam("show_disabled"));
    }
}
