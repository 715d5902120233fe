package io.github.camelkantata.users.client;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.camelkantata.users.model.AccountMembership;
import io.github.camelkantata.users.model.Capacity;
import io.github.camelkantata.users.model.CustomFieldValue;
import io.github.camelkantata.users.model.ExternalReference;
import io.github.camelkantata.users.model.KantataObject;
import io.github.camelkantata.users.model.Role;
import io.github.camelkantata.users.model.Skill;
import io.github.camelkantata.users.model.SkillMembership;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.model.UserPage;
import io.github.camelkantata.users.model.WorkSample;

/**
 * Reads Kantata's response envelope in one streaming pass, straight into the model: no intermediate JSON tree.
 * <p>
 * {@code results} is the authoritative list of what the query matched, in order; the {@code users} map also holds users
 * that were only side-loaded (managers with {@code include=manager}), so it is never iterated. A result that points to
 * a missing object, or a missing {@code results}/{@code users} key, is an error, never a silently short list.
 */
public final class EnvelopeReader {

    private static final Map<String, Class<? extends KantataObject>> SIDE_LOADED = Map.of(
            "roles", Role.class,
            "skills", Skill.class,
            "skill_memberships", SkillMembership.class,
            "account_memberships", AccountMembership.class,
            "custom_field_values", CustomFieldValue.class,
            "external_references", ExternalReference.class,
            "work_samples", WorkSample.class);

    /**
     * The most objects (users plus side-loaded objects) one response may hold. The largest real page, 200 users with
     * every include, holds a few thousand; a body of tiny entries could otherwise turn {@code maxResponseBytes} into
     * many times that in parsed objects. This bounds parsing memory to tens of megabytes.
     */
    public static final int MAX_OBJECTS = 100_000;

    private EnvelopeReader() {
    }

    /** Thrown for a body that is not the documented envelope; the caller adds the operation and excerpt. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads a users envelope.
     *
     * @param  body               the response body
     * @return                    the users named by {@code results}, in order, with side-loaded objects linked
     * @throws MalformedException when the body is not a complete users envelope
     */
    public static UserPage readUsers(byte[] body) throws MalformedException {
        return readUsers(body, false);
    }

    /**
     * Reads a users envelope, optionally digesting each object's raw JSON as it is parsed (see
     * {@link KantataObject#getSourceDigest()}). Only change detection needs the digests, so plain calls skip them.
     *
     * @param  body               the response body
     * @param  sourceDigests      whether to take a SHA-256 of each object's JSON as sent
     * @return                    the users named by {@code results}, in order, with side-loaded objects linked
     * @throws MalformedException when the body is not a complete users envelope
     */
    public static UserPage readUsers(byte[] body, boolean sourceDigests) throws MalformedException {
        try {
            return readUsers(Json.parser(body), sourceDigests ? body : null, null);
        } catch (IOException e) {
            throw new MalformedException("the body is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Reads a users envelope straight from the response stream, without buffering the body first (the
     * {@code synchronous} path, where the calling thread reads the connection). No digests: those need the bytes.
     * <p>
     * A failure of the stream itself (a reset, a body past {@code maxResponseBytes}) is the cause of the
     * {@link MalformedException}, as an {@link IOException} that is not a Jackson one, so that the transport can report
     * it as what it is.
     *
     * @param  body               the response body; not closed here
     * @param  page               true for a page of users (a parser of its own: see {@link Json#parser(byte[])})
     * @return                    the users named by {@code results}, in order, with side-loaded objects linked
     * @throws MalformedException when the body is not a complete users envelope, or could not be read
     */
    public static UserPage readUsers(java.io.InputStream body, boolean page) throws MalformedException {
        try {
            return readUsers(Json.parser(body, page), null, null);
        } catch (IOException e) {
            throw new MalformedException("the body could not be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * As {@link #readSingleUser(byte[])}, from the response stream.
     *
     * @param  body               the response body; not closed here
     * @return                    the one user named by {@code results}
     * @throws MalformedException when the body holds no user, or could not be read
     */
    public static User readSingleUser(java.io.InputStream body) throws MalformedException {
        return first(readUsers(body, false));
    }

    /**
     * Reads a users envelope for change detection: every object is digested as sent (see
     * {@link KantataObject#getSourceDigest()}), but not bound. The page's users are placeholders that carry their id,
     * the ids of what was side-loaded with them and the digests, linked to placeholders of those objects: enough for a
     * fingerprint. {@link ScannedPage#user(int)} reads a user whole, from its bytes, when it has to be emitted.
     * <p>
     * A poll reads every user of the account and emits the few that changed; binding all of them was most of what a
     * poll cost beyond a plain list. The structure is checked as {@link #readUsers(byte[], boolean)} checks it, and a
     * user whose references are not plain values is bound at once, so that it fails as it would there.
     *
     * @param  body               the response body
     * @return                    the scanned page
     * @throws MalformedException when the body is not a complete users envelope
     */
    public static ScannedPage scanUsers(byte[] body) throws MalformedException {
        ScannedPage scanned = new ScannedPage(body);
        try {
            scanned.page = readUsers(Json.parser(body), body, scanned);
        } catch (IOException e) {
            throw new MalformedException("the body is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        return scanned;
    }

    private static UserPage readUsers(JsonParser parser, byte[] digestSource, ScannedPage scan) throws MalformedException {
        Integer count = null;
        int pageCount = 0;
        int pageNumber = 0;
        int pageSize = 0;
        List<String[]> results = null;
        Map<String, User> users = null;
        Map<String, Map<String, ? extends KantataObject>> sideLoaded = new HashMap<>();
        int[] objects = { 0 };
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedException("the body is not a JSON object", null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "count":
                        count = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                        break;
                    case "meta":
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String m = p.currentName();
                                p.nextToken();
                                int v = p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                                if ("page_count".equals(m)) {
                                    pageCount = v;
                                } else if ("page_number".equals(m)) {
                                    pageNumber = v;
                                } else if ("page_size".equals(m)) {
                                    pageSize = v;
                                } else if ("count".equals(m) && count == null) {
                                    count = v;
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                        break;
                    case "results":
                        results = readResults(p, value);
                        break;
                    case "users":
                        users = readMap(p, value, User.class, name, digestSource, objects, scan);
                        break;
                    default:
                        Class<? extends KantataObject> type = SIDE_LOADED.get(name);
                        if (type != null && value == JsonToken.START_OBJECT) {
                            sideLoaded.put(name, readMap(p, value, type, name, digestSource, objects, scan));
                        } else {
                            p.skipChildren();
                        }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedException("the JSON object is not closed", null);
            }
        } catch (IOException e) {
            throw new MalformedException("the body is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (results == null) {
            throw new MalformedException("the envelope has no 'results' key", null);
        }
        if (users == null) {
            if (!results.isEmpty()) {
                throw new MalformedException("the envelope has no 'users' key but " + results.size() + " results", null);
            }
            users = Collections.emptyMap();
        }
        List<User> ordered = new ArrayList<>(results.size());
        for (String[] ref : results) {
            if (!"users".equals(ref[0])) {
                throw new MalformedException("a result refers to '" + ref[0] + "', not 'users'", null);
            }
            User u = users.get(ref[1]);
            if (u == null) {
                throw new MalformedException("result users/" + ref[1] + " points to a missing object", null);
            }
            ordered.add(u);
        }
        Map<String, Map<String, ? extends KantataObject>> all = new HashMap<>(sideLoaded);
        all.put("users", users);
        Linked find = (key, id) -> all.getOrDefault(key, Collections.emptyMap()).get(id);
        for (User u : users.values()) {
            link(u, find);
        }
        if (scan != null) {
            scan.results(results, users);
        }
        int total = count == null ? ordered.size() : count;
        return new UserPage(Collections.unmodifiableList(ordered), total, pageCount, pageNumber, pageSize);
    }

    /**
     * Reads a single-user envelope (me, get, update, photo).
     *
     * @param  body               the response body
     * @return                    the one user named by {@code results}
     * @throws MalformedException when the body holds no user
     */
    public static User readSingleUser(byte[] body) throws MalformedException {
        return first(readUsers(body));
    }

    private static User first(UserPage page) throws MalformedException {
        if (page.users().isEmpty()) {
            throw new MalformedException("the envelope's 'results' is empty", null);
        }
        return page.users().get(0);
    }

    /**
     * Reads a capacity response, which is not an envelope: {@code start_date}, {@code end_date} and {@code hours}.
     *
     * @param  userId             the user asked about
     * @param  body               the response body
     * @return                    the capacity
     * @throws MalformedException when a field is missing or unreadable
     */
    public static Capacity readCapacity(String userId, byte[] body) throws MalformedException {
        try {
            return readCapacity(userId, Json.parser(body));
        } catch (IOException e) {
            throw new MalformedException("the body is not a valid capacity document (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * As {@link #readCapacity(String, byte[])}, from the response stream.
     *
     * @param  userId             the user asked about
     * @param  body               the response body; not closed here
     * @return                    the capacity
     * @throws MalformedException when a field is missing or unreadable, or the body could not be read
     */
    public static Capacity readCapacity(String userId, java.io.InputStream body) throws MalformedException {
        try {
            return readCapacity(userId, Json.parser(body, false));
        } catch (IOException e) {
            throw new MalformedException("the body could not be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Capacity readCapacity(String userId, JsonParser parser) throws MalformedException {
        LocalDate start = null;
        LocalDate end = null;
        Map<LocalDate, Double> hours = null;
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedException("the body is not a JSON object", null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("start_date".equals(name) && value == JsonToken.VALUE_STRING) {
                    start = LocalDate.parse(p.getText());
                } else if ("end_date".equals(name) && value == JsonToken.VALUE_STRING) {
                    end = LocalDate.parse(p.getText());
                } else if ("hours".equals(name) && value == JsonToken.START_OBJECT) {
                    hours = new TreeMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        LocalDate day = LocalDate.parse(p.currentName());
                        p.nextToken();
                        hours.put(day, p.currentToken() == JsonToken.VALUE_NULL ? 0.0 : p.getDoubleValue());
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedException("the JSON object is not closed", null);
            }
        } catch (IOException | DateTimeParseException e) {
            throw new MalformedException("the body is not a valid capacity document (" + e.getClass().getSimpleName() + ")", e);
        }
        if (hours == null) {
            throw new MalformedException("the capacity has no 'hours' object", null);
        }
        return new Capacity(userId, start, end, hours);
    }

    private static List<String[]> readResults(JsonParser p, JsonToken value) throws IOException, MalformedException {
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedException("'results' is not an array", null);
        }
        List<String[]> list = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String key = null;
            String id = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if ("key".equals(f)) {
                    key = p.getValueAsString();
                } else if ("id".equals(f)) {
                    id = p.getValueAsString();
                } else {
                    p.skipChildren();
                }
            }
            if (key == null || id == null) {
                throw new MalformedException("a 'results' entry lacks 'key' or 'id'", null);
            }
            list.add(new String[] { key, id });
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new MalformedException("'results' holds something other than objects", null);
        }
        return list;
    }

    private static <T extends KantataObject> Map<String, T> readMap(
            JsonParser p, JsonToken value, Class<T> type, String key,
            byte[] body, int[] objects, ScannedPage scan)
            throws IOException, MalformedException {
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedException("'" + key + "' is not an object", null);
        }
        if (scan != null) {
            return scanMap(p, type, key, body, objects, scan);
        }
        Map<String, T> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (++objects[0] > MAX_OBJECTS) {
                throw new MalformedException("the response holds more than " + MAX_OBJECTS + " objects", null);
            }
            String id = p.currentName();
            p.nextToken();
            long start = body == null ? -1 : p.currentTokenLocation().getByteOffset();
            T obj = reader(type).readValue(p);
            if (obj == null) {
                continue;
            }
            long end = p.currentLocation().getByteOffset();
            if (body != null && start >= 0 && end > start && end <= body.length) {
                // a digest of the object exactly as sent: change detection without serialising it again
                obj.setSourceDigest(digest(body, (int) start, (int) (end - start)));
            }
            if (obj.getId() == null) {
                obj.setId(id);
            }
            map.put(id, obj);
        }
        return map;
    }

    /**
     * As {@link #readMap} for a scan: each object digested and kept as a placeholder (a method of its own, so that
     * neither loop's compiled code is shaped by the other's).
     */
    private static <T extends KantataObject> Map<String, T> scanMap(
            JsonParser p, Class<T> type, String key, byte[] body,
            int[] objects, ScannedPage scan)
            throws IOException, MalformedException {
        Map<String, T> map = new HashMap<>();
        scan.startMap(key);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (++objects[0] > MAX_OBJECTS) {
                throw new MalformedException("the response holds more than " + MAX_OBJECTS + " objects", null);
            }
            String id = p.currentName();
            JsonToken value = p.nextToken();
            long start = p.currentTokenLocation().getByteOffset();
            T obj = value == JsonToken.START_OBJECT ? scan(p, type, body, start) : reader(type).readValue(p);
            if (obj == null) {
                continue;
            }
            long end = p.currentLocation().getByteOffset();
            scan.range(key, id, obj, start, end);
            if (start >= 0 && end > start && end <= body.length) {
                obj.setSourceDigest(digest(body, (int) start, (int) (end - start)));
            }
            if (obj.getId() == null) {
                obj.setId(id);
            }
            map.put(id, obj);
        }
        return map;
    }

    /** The fields of a user that link it to side-loaded objects, and its id: all a scan reads of it. */
    private static final java.util.Set<String> USER_REFERENCES = java.util.Set.of("id", "manager_id", "role_id",
            "account_membership_id", "skill_ids", "skill_membership_ids", "custom_field_value_ids",
            "external_reference_ids", "work_sample_ids");

    /**
     * Scans one object, the parser on its {@code START_OBJECT}, leaving it on the matching {@code END_OBJECT}: a
     * side-loaded object becomes an empty placeholder; a user keeps its id and references. A user whose id or
     * references are not plain values (or arrays of them) is bound from its bytes instead, so that it is read, or
     * fails, exactly as {@link #readUsers(byte[], boolean)} reads it.
     */
    @SuppressWarnings("unchecked")
    private static <T extends KantataObject> T scan(JsonParser p, Class<T> type, byte[] body, long start)
            throws IOException {
        if (type != User.class) {
            p.skipChildren();
            return (T) ScannedPage.placeholder(type);
        }
        User user = new ScannedPage.Shell();
        boolean plain = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!USER_REFERENCES.contains(name)) {
                p.skipChildren();
                continue;
            }
            if (value == JsonToken.START_ARRAY && name.endsWith("_ids")) {
                List<String> ids = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == JsonToken.VALUE_NULL) {
                        ids.add(null);
                    } else if (e.isScalarValue()) {
                        ids.add(p.getText());
                    } else {
                        plain = false;
                        p.skipChildren();
                    }
                }
                setReference(user, name, ids);
            } else if (value == JsonToken.VALUE_NULL || value.isScalarValue() && !name.endsWith("_ids")) {
                setReference(user, name, value == JsonToken.VALUE_NULL ? null : p.getText());
            } else {
                plain = false;
                p.skipChildren();
            }
        }
        if (plain) {
            return (T) user;
        }
        // not what a scan can read for sure: bind it, with Jackson's own coercions and errors
        long end = p.currentLocation().getByteOffset();
        User bound = reader(User.class).readValue(body, (int) start, (int) (end - start));
        User shell = new ScannedPage.Shell();
        if (bound != null) {
            shell.setId(bound.getId());
            shell.setManagerId(bound.getManagerId());
            shell.setRoleId(bound.getRoleId());
            shell.setAccountMembershipId(bound.getAccountMembershipId());
            shell.setSkillIds(bound.getSkillIds());
            shell.setSkillMembershipIds(bound.getSkillMembershipIds());
            shell.setCustomFieldValueIds(bound.getCustomFieldValueIds());
            shell.setExternalReferenceIds(bound.getExternalReferenceIds());
            shell.setWorkSampleIds(bound.getWorkSampleIds());
        }
        return (T) shell;
    }

    @SuppressWarnings("unchecked")
    private static void setReference(User user, String name, Object value) {
        switch (name) {
            case "id" -> user.setId((String) value);
            case "manager_id" -> user.setManagerId((String) value);
            case "role_id" -> user.setRoleId((String) value);
            case "account_membership_id" -> user.setAccountMembershipId((String) value);
            case "skill_ids" -> user.setSkillIds((List<String>) value);
            case "skill_membership_ids" -> user.setSkillMembershipIds((List<String>) value);
            case "custom_field_value_ids" -> user.setCustomFieldValueIds((List<String>) value);
            case "external_reference_ids" -> user.setExternalReferenceIds((List<String>) value);
            default -> user.setWorkSampleIds((List<String>) value);
        }
    }

    /** @return the model type of a side-loaded key ({@code roles}, ...), or null */
    static Class<? extends KantataObject> sideLoadedType(String key) {
        return SIDE_LOADED.get(key);
    }

    /** Binds one object from its bytes, as {@link #readUsers(byte[], boolean)} binds it in place. */
    static <T extends KantataObject> T bind(Class<T> type, byte[] body, int offset, int length) throws IOException {
        return reader(type).readValue(body, offset, length);
    }

    /** @return true for a user read by {@link #scanUsers} and not bound: a placeholder that must never reach a route */
    public static boolean isPlaceholder(User user) {
        return user instanceof ScannedPage.Shell;
    }

    /**
     * Finds an object of the page by its map key ({@code users}, {@code roles}, ...) and id; null when there is none.
     */
    @FunctionalInterface
    interface Linked {
        KantataObject find(String key, String id);
    }

    /** Links a user to its manager and side-loaded objects, as {@code find} gives them; missing ones are left out. */
    static void link(User u, Linked find) {
        if (u.getManagerId() != null) {
            u.setManager((User) find.find("users", u.getManagerId()));
        }
        if (u.getRoleId() != null) {
            u.setRole((Role) find.find("roles", u.getRoleId()));
        }
        if (u.getAccountMembershipId() != null) {
            u.setAccountMembership((AccountMembership) find.find("account_memberships", u.getAccountMembershipId()));
        }
        u.setSkills(resolve(u.getSkillIds(), "skills", find));
        u.setSkillMemberships(resolve(u.getSkillMembershipIds(), "skill_memberships", find));
        u.setCustomFieldValues(resolve(u.getCustomFieldValueIds(), "custom_field_values", find));
        u.setExternalReferences(resolve(u.getExternalReferenceIds(), "external_references", find));
        u.setWorkSamples(resolve(u.getWorkSampleIds(), "work_samples", find));
    }

    /**
     * One reader per model type: {@code JsonParser.readValueAs} resolves the type and looks its deserializer up on
     * every object, which the profile of a {@code get} showed as a visible share of parsing.
     */
    private static final Map<Class<?>, com.fasterxml.jackson.databind.ObjectReader> READERS
            = new java.util.concurrent.ConcurrentHashMap<>();

    private static com.fasterxml.jackson.databind.ObjectReader reader(Class<?> type) {
        return READERS.computeIfAbsent(type, Json.MAPPER::readerFor);
    }

    /** One digest per thread: looking the algorithm up per object costs more than hashing the object. */
    private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /**
     * @param  body   a response body
     * @param  offset where a value starts
     * @param  length its length
     * @return        the SHA-256 of that slice
     */
    public static byte[] digest(byte[] body, int offset, int length) {
        java.security.MessageDigest sha = SHA256.get();
        sha.update(body, offset, length);
        return sha.digest();
    }

    /**
     * @return this thread's SHA-256 digest, reset: every use ends with {@code digest()}, which resets it, or with
     *         {@code reset()} when it gives up (a second reset per use showed in the profile of a poll)
     */
    public static java.security.MessageDigest sha256() {
        return SHA256.get();
    }

    @SuppressWarnings("unchecked")
    private static <T extends KantataObject> List<T> resolve(List<String> ids, String key, Linked find) {
        if (ids == null) {
            return null;
        }
        List<T> list = new ArrayList<>(ids.size());
        for (String id : ids) {
            T o = id == null ? null : (T) find.find(key, id);
            if (o != null) {
                list.add(o);
            }
        }
        return Collections.unmodifiableList(list);
    }
}
