package io.github.camelkantata.users.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.AccountMembership;
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
 * A page of users read by {@link EnvelopeReader#scanUsers(byte[])}: every object digested, none bound. Its
 * {@link #page()} holds placeholders, enough for a fingerprint; {@link #user(int)} reads one user whole from its bytes,
 * with every object it links to, as {@link EnvelopeReader#readUsers(byte[], boolean)} would have read it.
 * <p>
 * Used by one thread at a time: the one that parsed the page, in the consumer's page hook.
 */
public final class ScannedPage {

    /** A user that was scanned, not bound: its id, references and digest only. */
    static final class Shell extends User {
        /** where the user lies in the body */
        int start;
        int length;

        @Override
        public String toString() {
            return "User placeholder " + getId() + " (scanned for change detection, not read)";
        }
    }

    private final byte[] body;
    UserPage page;
    /** where each object lies in {@link #body}, by map key ({@code users}, {@code roles}, ...) and then id */
    private final Map<String, Map<String, Long>> ranges = new HashMap<>();
    private List<String[]> results = List.of();
    /** users and side-loaded objects bound so far, by map key and id */
    private final Map<String, Map<String, KantataObject>> bound = new HashMap<>();

    ScannedPage(byte[] body) {
        this.body = body;
    }

    /** @return the page, its users placeholders in the order of {@code results} */
    public UserPage page() {
        return page;
    }

    /**
     * Reads one user of {@link #page()} whole, linked to the objects side-loaded with it (bound too), as a full read of
     * the page gives it. A user asked for twice is read once.
     *
     * @param  index                             the user's position in {@link #page()}
     * @return                                   the user
     * @throws EnvelopeReader.MalformedException when its JSON cannot be bound
     */
    public User user(int index) throws EnvelopeReader.MalformedException {
        try {
            return bindUser(results.get(index)[1]);
        } catch (IOException e) {
            throw malformed(e);
        } catch (UncheckedIOException e) {
            throw malformed(e.getCause());
        }
    }

    private static EnvelopeReader.MalformedException malformed(IOException e) {
        return new EnvelopeReader.MalformedException("the body is not valid JSON (" + e.getClass().getSimpleName() + ")", e);
    }

    /**
     * @return                                   the whole page read as
     *                                           {@link EnvelopeReader#readUsers(byte[], boolean)} reads it, with
     *                                           digests
     * @throws EnvelopeReader.MalformedException when it cannot be
     */
    public UserPage readWhole() throws EnvelopeReader.MalformedException {
        return EnvelopeReader.readUsers(body, true);
    }

    /**
     * A map of objects begins: one given twice replaces the first, as it does in a whole read, so a user is never
     * linked to an object a whole read would not have linked.
     */
    void startMap(String key) {
        ranges.remove(key);
    }

    /** Where an object lies: kept on a user's placeholder (most objects of a page), else in a map by key and id. */
    void range(String key, String id, KantataObject obj, long start, long end) {
        if (obj instanceof Shell shell) {
            shell.start = (int) start;
            shell.length = (int) (end - start);
        } else {
            ranges.computeIfAbsent(key, k -> new HashMap<>()).put(id, start << 32 | (end - start));
        }
    }

    void results(List<String[]> results, Map<String, User> users) {
        this.results = results;
        this.users = users;
    }

    /** the page's users by map key: placeholders, and any user that was bound as it was read */
    private Map<String, User> users = Map.of();

    /**
     * Binds a user and everything it links to, each read whole once, without recursion (a chain of managers may be as
     * long as the page).
     */
    private User bindUser(String id) throws IOException {
        User first = (User) bindOne("users", id);
        Deque<User> todo = new ArrayDeque<>();
        if (first != null && linkPending.remove(first)) {
            todo.add(first);
        }
        while (!todo.isEmpty()) {
            User u = todo.poll();
            EnvelopeReader.link(u, this::find);
            if (u.getManager() != null && linkPending.remove(u.getManager())) {
                todo.add(u.getManager());
            }
        }
        return first;
    }

    /** Users bound but not linked yet. */
    private final java.util.Set<KantataObject> linkPending = Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** {@link #bindOne} for {@link EnvelopeReader#link}, which takes no checked exception. */
    private KantataObject find(String key, String id) {
        try {
            return bindOne(key, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the object bound from its bytes (once), or null when the page has none under that id */
    private KantataObject bindOne(String key, String id) throws IOException {
        Map<String, KantataObject> done = bound.computeIfAbsent(key, k -> new HashMap<>());
        KantataObject o = done.get(id);
        if (o != null || done.containsKey(id)) {
            return o;
        }
        boolean user = "users".equals(key);
        Long range = user && users.get(id) instanceof Shell shell
                ? Long.valueOf((long) shell.start << 32 | shell.length)
                : ranges.getOrDefault(key, Map.of()).get(id);
        Class<? extends KantataObject> type = user ? User.class : EnvelopeReader.sideLoadedType(key);
        if (range == null || type == null) {
            done.put(id, null);
            return null;
        }
        int start = (int) (range >>> 32);
        int length = (int) (range & 0xFFFFFFFFL);
        o = EnvelopeReader.bind(type, body, start, length);
        if (o != null) {
            o.setSourceDigest(EnvelopeReader.digest(body, start, length));
            if (o.getId() == null) {
                o.setId(id);
            }
            if (o instanceof User) {
                linkPending.add(o);
            }
        }
        done.put(id, o);
        return o;
    }

    private static final Map<Class<? extends KantataObject>, java.util.function.Supplier<KantataObject>> PLACEHOLDERS = Map.of(
            Role.class, Role::new, Skill.class, Skill::new, SkillMembership.class, SkillMembership::new,
            AccountMembership.class, AccountMembership::new, CustomFieldValue.class, CustomFieldValue::new,
            ExternalReference.class, ExternalReference::new, WorkSample.class, WorkSample::new);

    /** @return an empty object of a side-loaded type: a scan keeps only its digest */
    static KantataObject placeholder(Class<? extends KantataObject> type) {
        java.util.function.Supplier<KantataObject> empty = PLACEHOLDERS.get(type);
        if (empty == null) {
            throw new IllegalArgumentException("not a side-loaded type: " + type);
        }
        return empty.get();
    }

    /** For tests and diagnostics: how many objects were bound from their bytes. */
    int boundCount() {
        int n = 0;
        for (Map<String, KantataObject> m : bound.values()) {
            for (KantataObject o : m.values()) {
                n += o == null ? 0 : 1;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "ScannedPage[" + results.size() + " users, " + new ArrayList<>(ranges.keySet()) + "]";
    }
}
