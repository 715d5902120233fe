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
 * {@code results} is the authoritative list of what the query matched, in order; the {@code users} map also holds
 * users that were only side-loaded (managers with {@code include=manager}), so it is never iterated. A result
 * that points to a missing object, or a missing {@code results}/{@code users} key, is an error, never a silently
 * short list.
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
     * @param  body                 the response body
     * @return                      the users named by {@code results}, in order, with side-loaded objects linked
     * @throws MalformedException   when the body is not a complete users envelope
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
            return readUsers(Json.parser(body), sourceDigests ? body : null);
        } catch (IOException e) {
            throw new MalformedException("the body is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Reads a users envelope straight from the response stream, without buffering the body first (the
     * {@code synchronous} path, where the calling thread reads the connection). No digests: those need the bytes.
     * <p>
     * A failure of the stream itself (a reset, a body past {@code maxResponseBytes}) is the cause of the
     * {@link MalformedException}, as an {@link IOException} that is not a Jackson one, so that the transport can
     * report it as what it is.
     *
     * @param  body               the response body; not closed here
     * @param  page               true for a page of users (a parser of its own: see {@link Json#parser(byte[])})
     * @return                    the users named by {@code results}, in order, with side-loaded objects linked
     * @throws MalformedException when the body is not a complete users envelope, or could not be read
     */
    public static UserPage readUsers(java.io.InputStream body, boolean page) throws MalformedException {
        try {
            return readUsers(Json.parser(body, page), null);
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

    private static UserPage readUsers(JsonParser parser, byte[] digestSource) throws MalformedException {
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
                        users = readMap(p, value, User.class, name, digestSource, objects);
                        break;
                    default:
                        Class<? extends KantataObject> type = SIDE_LOADED.get(name);
                        if (type != null && value == JsonToken.START_OBJECT) {
                            sideLoaded.put(name, readMap(p, value, type, name, digestSource, objects));
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
        link(users, sideLoaded);
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
     * Reads a capacity response, which is not an envelope: {@code start_date}, {@code end_date} and
     * {@code hours}.
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

    private static <T extends KantataObject> Map<String, T> readMap(JsonParser p, JsonToken value, Class<T> type, String key,
                                                                    byte[] body, int[] objects)
            throws IOException, MalformedException {
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedException("'" + key + "' is not an object", null);
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
     * One reader per model type: {@code JsonParser.readValueAs} resolves the type and looks its deserializer up on every
     * object, which the profile of a {@code get} showed as a visible share of parsing.
     */
    private static final Map<Class<?>, com.fasterxml.jackson.databind.ObjectReader> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

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

    /** @return this thread's SHA-256 digest, reset */
    public static java.security.MessageDigest sha256() {
        java.security.MessageDigest sha = SHA256.get();
        sha.reset();
        return sha;
    }

    @SuppressWarnings("unchecked")
    private static void link(Map<String, User> users, Map<String, Map<String, ? extends KantataObject>> side) {
        Map<String, Role> roles = (Map<String, Role>) side.getOrDefault("roles", Collections.emptyMap());
        Map<String, Skill> skills = (Map<String, Skill>) side.getOrDefault("skills", Collections.emptyMap());
        Map<String, SkillMembership> memberships = (Map<String, SkillMembership>) side.getOrDefault("skill_memberships", Collections.emptyMap());
        Map<String, AccountMembership> accounts = (Map<String, AccountMembership>) side.getOrDefault("account_memberships", Collections.emptyMap());
        Map<String, CustomFieldValue> cfvs = (Map<String, CustomFieldValue>) side.getOrDefault("custom_field_values", Collections.emptyMap());
        Map<String, ExternalReference> refs = (Map<String, ExternalReference>) side.getOrDefault("external_references", Collections.emptyMap());
        Map<String, WorkSample> samples = (Map<String, WorkSample>) side.getOrDefault("work_samples", Collections.emptyMap());
        for (User u : users.values()) {
            if (u.getManagerId() != null) {
                u.setManager(users.get(u.getManagerId()));
            }
            if (u.getRoleId() != null) {
                u.setRole(roles.get(u.getRoleId()));
            }
            if (u.getAccountMembershipId() != null) {
                u.setAccountMembership(accounts.get(u.getAccountMembershipId()));
            }
            u.setSkills(resolve(u.getSkillIds(), skills));
            u.setSkillMemberships(resolve(u.getSkillMembershipIds(), memberships));
            u.setCustomFieldValues(resolve(u.getCustomFieldValueIds(), cfvs));
            u.setExternalReferences(resolve(u.getExternalReferenceIds(), refs));
            u.setWorkSamples(resolve(u.getWorkSampleIds(), samples));
        }
    }

    private static <T> List<T> resolve(List<String> ids, Map<String, T> objects) {
        if (ids == null) {
            return null;
        }
        List<T> list = new ArrayList<>(ids.size());
        for (String id : ids) {
            T o = objects.get(id);
            if (o != null) {
                list.add(o);
            }
        }
        return Collections.unmodifiableList(list);
    }
}
