package io.github.camelkantata.users.consumer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.KantataObject;
import io.github.camelkantata.users.model.User;

/**
 * What the consumer remembers of a user once its exchange completed: the fingerprint, to detect a change, and the
 * user's JSON, to be the body of a {@code removed} message after a restart.
 * <p>
 * Stored as {@code <fingerprint hex> <base64url JSON>}: no {@code =}, newline or other character that a line- or
 * {@code key=value}-based repository such as {@code FileStateRepository} would misread.
 * <p>
 * Every user of every poll is fingerprinted, so this is the consumer's hot path: for users read from a response the
 * fingerprint combines the digests the reader took of the raw JSON; otherwise it is one canonical serialisation
 * straight into the digest. The JSON for the state is only written for users that are actually emitted.
 */
final class UserRecord {

    /**
     * Map entries (unknown fields, nested objects) in key order, so the same content always gives the same bytes
     * whatever order Kantata sent the fields in; modelled fields have a fixed order already.
     */
    private static final ObjectMapper CANONICAL = Json.MAPPER.copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private static final java.lang.invoke.VarHandle LONGS
            = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Hex, written on first use: most users of a poll are only compared, by {@link #words()}. */
    private String fingerprint;
    /** The SHA-256 as four big-endian longs, for records made from a user (not for records read from the state). */
    private final boolean hasWords;
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;
    private final User user;
    private String userJson;
    /**
     * The stored value and where its base64url JSON starts: the JSON is neither copied nor decoded unless needed, since
     * most polls only compare fingerprints.
     */
    private String stored;
    private int jsonStart;

    private UserRecord(String fingerprint, User user, String userJson) {
        this.fingerprint = fingerprint;
        this.hasWords = false;
        this.w0 = 0;
        this.w1 = 0;
        this.w2 = 0;
        this.w3 = 0;
        this.user = user;
        this.userJson = userJson;
    }

    private UserRecord(UserRecord words, User user) {
        this.hasWords = words.hasWords;
        this.w0 = words.w0;
        this.w1 = words.w1;
        this.w2 = words.w2;
        this.w3 = words.w3;
        this.fingerprint = words.fingerprint;
        this.user = user;
    }

    /**
     * @param  user the same user read whole (a scanned page's placeholder made this record)
     * @return      this record's fingerprint, with {@code user} for the JSON the state keeps
     */
    UserRecord withUser(User user) {
        return new UserRecord(this, user);
    }

    private UserRecord(byte[] sha256, User user) {
        this.hasWords = true;
        this.w0 = (long) LONGS.get(sha256, 0);
        this.w1 = (long) LONGS.get(sha256, 8);
        this.w2 = (long) LONGS.get(sha256, 16);
        this.w3 = (long) LONGS.get(sha256, 24);
        this.user = user;
    }

    /**
     * The user and every object side-loaded with it (manager, role, account membership, skills, skill memberships,
     * custom field values, external references, work samples), so that a change to an included object is a change of
     * the user: {@code fingerprintSideLoaded=true}.
     */
    static UserRecord of(User user) {
        return of(user, true);
    }

    /**
     * @param sideLoaded true for the user and the content of every object side-loaded with it; false for the user's own
     *                   JSON only, which holds the ids it references ({@code manager_id}, {@code role_id},
     *                   {@code skill_ids}, ...), so a change of the manager's content is not a change of each report.
     *                   Both give the same digest for a user read without {@code include}.
     */
    static UserRecord of(User user, boolean sideLoaded) {
        byte[] fromSource = fromSourceDigests(user, sideLoaded);
        if (fromSource != null) {
            return new UserRecord(fromSource, user);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("user", user);
        if (!sideLoaded) {
            // the same map as below with every side-loaded group empty: the same digest for a user without include
            all.put("manager", null);
            all.put("role", null);
            all.put("account_membership", null);
            all.put("skills", empty(user.getSkills()));
            all.put("skill_memberships", empty(user.getSkillMemberships()));
            all.put("custom_field_values", empty(user.getCustomFieldValues()));
            all.put("external_references", empty(user.getExternalReferences()));
            all.put("work_samples", empty(user.getWorkSamples()));
            return canonical(user, all);
        }
        all.put("manager", user.getManager());
        all.put("role", user.getRole());
        all.put("account_membership", user.getAccountMembership());
        all.put("skills", user.getSkills());
        all.put("skill_memberships", user.getSkillMemberships());
        all.put("custom_field_values", user.getCustomFieldValues());
        all.put("external_references", user.getExternalReferences());
        all.put("work_samples", user.getWorkSamples());
        return canonical(user, all);
    }

    private static java.util.List<?> empty(java.util.List<?> group) {
        return group == null ? null : java.util.List.of();
    }

    private static UserRecord canonical(User user, Map<String, Object> all) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            CANONICAL.writeValue(new DigestSink(sha), all);
            return new UserRecord(sha.digest(), user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The fast path for users read from a response: a digest over the digests the reader took of each object's JSON
     * exactly as sent (the user, then each side-loaded object in a fixed order), so no object is serialised again.
     * Should Kantata ever reorder fields, every user shows as changed once: a spurious message, never a lost one.
     *
     * @return the SHA-256, or null when some object was not read from a response
     */
    private static byte[] fromSourceDigests(User user, boolean sideLoaded) {
        byte[] own = user.getSourceDigest();
        if (own == null) {
            return null;
        }
        // this thread's digest, left reset by the last digest() (resetting it again cost more than hashing a user)
        MessageDigest sha = io.github.camelkantata.users.client.EnvelopeReader.sha256();
        boolean done = false;
        try {
            sha.update(own);
            if (!sideLoaded) {
                // the eight group markers, empty: the digest of a user read without include, whichever the option
                sha.update(EMPTY_GROUPS);
                byte[] out = sha.digest();
                done = true;
                return out;
            }
            // one group per side-loaded kind, in a fixed order, each opened by '|' (no list built per user)
            if (!addGroup(sha, user.getManager()) || !addGroup(sha, user.getRole())
                    || !addGroup(sha, user.getAccountMembership())
                    || !addGroup(sha, user.getSkills()) || !addGroup(sha, user.getSkillMemberships())
                    || !addGroup(sha, user.getCustomFieldValues()) || !addGroup(sha, user.getExternalReferences())
                    || !addGroup(sha, user.getWorkSamples())) {
                return null;
            }
            byte[] out = sha.digest();
            done = true;
            return out;
        } finally {
            if (!done) {
                sha.reset();
            }
        }
    }

    private static final byte[] EMPTY_GROUPS = "||||||||".getBytes(StandardCharsets.US_ASCII);

    private static boolean addGroup(MessageDigest sha, KantataObject single) {
        sha.update((byte) '|');
        if (single == null) {
            return true;
        }
        byte[] d = single.getSourceDigest();
        if (d == null) {
            return false;
        }
        sha.update(d);
        return true;
    }

    private static boolean addGroup(MessageDigest sha, java.util.List<? extends KantataObject> group) {
        sha.update((byte) '|');
        for (KantataObject o : group) {
            byte[] d = o.getSourceDigest();
            if (d == null) {
                return false;
            }
            sha.update(d);
        }
        return true;
    }

    String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            HexFormat hex = HexFormat.of();
            f = hex.toHexDigits(w0) + hex.toHexDigits(w1) + hex.toHexDigits(w2) + hex.toHexDigits(w3);
            fingerprint = f;
        }
        return f;
    }

    /** @return true for a record made from a user, whose SHA-256 {@link #word(int)} gives */
    boolean hasWords() {
        return hasWords;
    }

    /** @return the {@code i}th of the SHA-256's four big-endian longs, for a record made from a user */
    long word(int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
    }

    /** @return the user's Kantata JSON, written on first use */
    String userJson() {
        if (userJson == null && stored != null) {
            try {
                userJson = new String(Base64.getUrlDecoder().decode(stored.substring(jsonStart)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException unreadable) {
                // a damaged entry still has a usable fingerprint; the removed message then carries the id only
            }
            stored = null;
        }
        if (userJson == null && user != null) {
            try {
                userJson = Json.MAPPER.writeValueAsString(user);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return userJson;
    }

    String encode() {
        if (stored != null) {
            return stored;
        }
        return fingerprint() + " "
               + Base64.getUrlEncoder().withoutPadding().encodeToString(userJson().getBytes(StandardCharsets.UTF_8));
    }

    /** @return the record, or null for no entry (null, empty tombstone or unreadable) */
    static UserRecord decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int sp = value.indexOf(' ');
        if (sp < 0) {
            return new UserRecord(value, null, null);
        }
        UserRecord r = new UserRecord(value.substring(0, sp), null, null);
        r.stored = value;
        r.jsonStart = sp + 1;
        return r;
    }

    /** @return the last known user, or a user with only its id when the JSON is missing */
    User toUser(String id) {
        String json = userJson();
        if (json != null) {
            try {
                return Json.MAPPER.readValue(json, User.class);
            } catch (IOException e) {
                // fall through: an id is better than no removed message
            }
        }
        User u = new User();
        u.setId(id);
        return u;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserRecord r && fingerprint().equals(r.fingerprint()) && Objects.equals(userJson(), r.userJson());
    }

    @Override
    public int hashCode() {
        return fingerprint().hashCode();
    }

    @Override
    public String toString() {
        return "UserRecord[" + fingerprint() + "]";
    }

    /** Feeds serialised bytes straight into the digest. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }
}
