package io.github.camelkantata.users.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.User;

/**
 * What the consumer remembers of a user once its exchange completed: the fingerprint, to detect a change, and the
 * user's JSON, to be the body of a {@code removed} message after a restart.
 * <p>
 * Stored as {@code <fingerprint hex> <base64url JSON>}: no {@code =}, newline or other character that a line- or
 * {@code key=value}-based repository such as {@code FileStateRepository} would misread.
 */
record UserRecord(String fingerprint, String userJson) {

    /** Sorted keys at every level, so the same content always gives the same bytes whatever the field order. */
    private static final ObjectMapper CANONICAL = Json.MAPPER.copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /**
     * The user and every object side-loaded with it (manager, role, account membership, skills, skill memberships,
     * custom field values, external references, work samples), so that a change to an included object is a change
     * of the user.
     */
    static UserRecord of(User user) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("user", user);
        all.put("manager", user.getManager());
        all.put("role", user.getRole());
        all.put("account_membership", user.getAccountMembership());
        all.put("skills", user.getSkills());
        all.put("skill_memberships", user.getSkillMemberships());
        all.put("custom_field_values", user.getCustomFieldValues());
        all.put("external_references", user.getExternalReferences());
        all.put("work_samples", user.getWorkSamples());
        try {
            Object tree = CANONICAL.convertValue(all, Object.class);
            byte[] canonical = CANONICAL.writeValueAsBytes(tree);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
            return new UserRecord(HexFormat.of().formatHex(hash), Json.MAPPER.writeValueAsString(user));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String encode() {
        return fingerprint + " "
               + Base64.getUrlEncoder().withoutPadding().encodeToString(userJson.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the record, or null for no entry (null, empty tombstone or unreadable) */
    static UserRecord decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int sp = value.indexOf(' ');
        if (sp < 0) {
            return new UserRecord(value, null);
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(value.substring(sp + 1)), StandardCharsets.UTF_8);
            return new UserRecord(value.substring(0, sp), json);
        } catch (IllegalArgumentException e) {
            return new UserRecord(value.substring(0, sp), null);
        }
    }

    /** @return the last known user, or a user with only its id when the JSON is missing */
    User toUser(String id) {
        if (userJson != null) {
            try {
                return Json.MAPPER.readValue(userJson, User.class);
            } catch (IOException e) {
                // fall through: an id is better than no removed message
            }
        }
        User u = new User();
        u.setId(id);
        return u;
    }
}
