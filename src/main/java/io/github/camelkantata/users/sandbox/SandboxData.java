package io.github.camelkantata.users.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data set a {@link KantataSandbox} serves. Thread-safe: tests may change it while requests are being served; each
 * request works on one consistent snapshot.
 *
 * <h2>Seed data rules (hold for every seed)</h2>
 * <ul>
 * <li>User {@code "1"} ("Ada Admin") is the account administrator and owns the admin token.</li>
 * <li>User {@code "2"} is a plain account member (collaborator permission) and owns the collaborator token.</li>
 * <li>Ids divisible by 11 are external users: not account members, but on a project of the account.</li>
 * <li>Other ids divisible by 7 are account members on no project.</li>
 * <li>Other (non-external) ids divisible by 13 are disabled account members.</li>
 * <li>Ids divisible by 5 are part-time (6 hours per weekday in the capacity endpoint, else 8).</li>
 * <li>Projects have ids {@code 1001..1000+P} with {@code P = max(3, users/25)}; user {@code i} (not on the no-project
 * list) is on project {@code 1000 + ((i-1) % P) + 1}, and when {@code i % 3 == 0} also on
 * {@code 1000 + ((i/3) % P) + 1}.</li>
 * <li>Every account member except the admin has a manager among the active account members with ids 1..12; external
 * users have none.</li>
 * </ul>
 * Names, emails, headlines, skills, optional fields and timestamps depend on the seed; the same seed and user count
 * always give identical data. All seed timestamps lie before 2025-07-01.
 */
public final class SandboxData {

    static final long ACCOUNT_MEMBERSHIP_ID_BASE = 500_000L;
    static final String ACCOUNT_ID = "77";
    static final String DEFAULT_AVATAR = "https://sandbox.kantata.invalid/avatars/default.png";
    static final String ADMIN_ID = "1";
    static final String COLLABORATOR_ID = "2";

    static final String[] ROLE_NAMES = { "Consultant", "Developer", "Project Manager", "Designer", "Administrator" };
    static final String[] SKILL_NAMES = {
            "Java", "Apache Camel", "SQL", "Project Management", "UX Design",
            "Data Analysis", "Technical Writing", "Kubernetes" };
    static final Instant CATALOG_CREATED = Instant.parse("2022-06-01T08:00:00Z");

    private static final String[] FIRST = {
            "Alice", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hugo",
            "Ines", "Jonas", "Keiko", "Lars", "Maya", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara",
            "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Amir", "Bianca", "Carlos", "Dana", "Emil", "Fatima",
            "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Marco", "Nora", "Oscar", "Priya", "Rafael",
            "Sofia", "Tomas", "Ulla", "Viktor", "Wen" };
    private static final String[] LAST = {
            "Andersen", "Berger", "Costa", "Dubois", "Eriksen", "Fischer",
            "Garcia", "Hansen", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Olsen", "Petrov",
            "Quist", "Rossi", "Schmidt", "Tanaka", "Ulrich", "Varga", "Weber", "Xu", "Yamada", "Zimmermann",
            "Abbott", "Brennan", "Clarke", "Delgado", "Evans", "Ferreira", "Gruber", "Horvat", "Iqbal", "Jovanovic",
            "Keller", "Lindqvist", "Mendes", "Nakamura", "Okafor", "Pellegrini", "Ramos", "Silva", "Torres",
            "Ueda", "Vogel", "Walsh" };
    private static final String[] HEADLINES = {
            "Senior Consultant", "Software Engineer", "Project Manager",
            "UX Designer", "Business Analyst", "Delivery Lead", "Data Engineer", "QA Specialist", "" };
    private static final String[][] PLACES = {
            { "Chicago", "IL", "United States", "CST" }, { "San Francisco", "CA", "United States", "PST" },
            { "New York", "NY", "United States", "EST" }, { "Denver", "CO", "United States", "MST" },
            { "London", "", "United Kingdom", "GMT" }, { "Berlin", "", "Germany", "CET" },
            { "Toronto", "ON", "Canada", "EST" }, { "Sydney", "NSW", "Australia", "AEST" } };
    /** Active account members with ids 1..12 (not external, not disabled). */
    private static final int[] MANAGER_CANDIDATES = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12 };
    private static final Instant SEED_BASE = Instant.parse("2023-01-02T09:00:00Z");
    private static final Instant SEED_LIMIT = Instant.parse("2025-06-30T00:00:00Z");

    /** A consistent, sorted view of the data at one version; per-query results are cached on it. */
    static final class Snapshot {
        final long version;
        final SandboxUser[] sorted;
        final Map<String, SandboxUser> byId;
        final Set<String> managerIds;
        final Map<String, SandboxUser[]> filterCache = new ConcurrentHashMap<>();

        Snapshot(long version, SandboxUser[] sorted, Map<String, SandboxUser> byId, Set<String> managerIds) {
            this.version = version;
            this.sorted = sorted;
            this.byId = byId;
            this.managerIds = managerIds;
        }
    }

    static final Comparator<SandboxUser> ALPHABETICAL
            = Comparator.<SandboxUser, String> comparing(u -> u.sortKey).thenComparingLong(u -> u.numericId);

    private final Map<String, SandboxUser> users = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicLong nextExternalReferenceId = new AtomicLong(9001);
    private final AtomicLong version = new AtomicLong();
    /** the change feed: every change below records its event */
    private final SubscribedEvents events = new SubscribedEvents();
    private final int projectCount;
    private volatile Snapshot snapshot;

    SandboxData(int count, long seed) {
        if (count < 2) {
            throw new IllegalArgumentException("The sandbox needs at least 2 users (admin and collaborator)");
        }
        this.projectCount = Math.max(3, count / 25);
        SplittableRandom seedRandom = new SplittableRandom(seed);
        int firstOffset = seedRandom.nextInt(FIRST.length);
        int lastOffset = seedRandom.nextInt(LAST.length);
        for (int i = 1; i <= count; i++) {
            SandboxUser u = generate(i, seed, firstOffset, lastOffset);
            users.put(u.id, u);
        }
        nextId.set(count + 1L);
        version.incrementAndGet();
    }

    private SandboxUser generate(int i, long seed, int firstOffset, int lastOffset) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        SandboxUser u = new SandboxUser();
        u.numericId = i;
        u.id = Integer.toString(i);
        String first;
        String last;
        if (i == 1) {
            first = "Ada";
            last = "Admin";
        } else {
            // Index-based choice keeps names unique for the first FIRST.length * LAST.length users.
            first = FIRST[(i + firstOffset) % FIRST.length];
            last = LAST[(i / FIRST.length + lastOffset) % LAST.length];
        }
        u.setFullName(first + " " + last);
        u.emailAddress = (first + "." + last + "." + i + "@example.com").toLowerCase(Locale.ROOT);
        boolean external = i % 11 == 0;
        boolean noProject = !external && i % 7 == 0;
        u.onAccount = !external;
        u.disabled = !external && i % 13 == 0;
        u.partTime = i % 5 == 0;
        u.photoPath = DEFAULT_AVATAR;
        u.classification = external ? "External" : "Internal";
        int roleIndex = i == 1 ? 4 : r.nextInt(4);
        u.roleId = roleId(roleIndex);
        u.headline = i == 1 ? "Account Administrator" : HEADLINES[r.nextInt(HEADLINES.length)];
        if (i > 1 && !external) {
            int m;
            do {
                m = MANAGER_CANDIDATES[r.nextInt(MANAGER_CANDIDATES.length)];
            } while (m == i);
            u.managerId = Integer.toString(m);
        }
        if (!noProject) {
            List<String> projects = new ArrayList<>(2);
            int primary = (i - 1) % projectCount + 1;
            projects.add(projectId(primary));
            if (i % 3 == 0) {
                int secondary = (i / 3) % projectCount + 1;
                if (secondary != primary) {
                    projects.add(projectId(secondary));
                }
            }
            u.projectIds = List.copyOf(projects);
        }
        int skillCount = r.nextInt(4);
        List<SandboxUser.SkillMembership> skills = new ArrayList<>(skillCount);
        int skillStart = r.nextInt(SKILL_NAMES.length);
        for (int k = 0; k < skillCount; k++) {
            skills.add(new SandboxUser.SkillMembership(
                    1_000_000L + i * 10L + k,
                    (skillStart + k * 3) % SKILL_NAMES.length, 1 + r.nextInt(5)));
        }
        u.skillMemberships = List.copyOf(skills);
        String[] place = PLACES[r.nextInt(PLACES.length)];
        u.city = place[0];
        u.state = place[1];
        u.country = place[2];
        u.abbreviatedTimezone = place[3];
        u.bio = r.nextInt(4) == 0
                ? null : first + " works on " + SKILL_NAMES[skillStart].toLowerCase(Locale.ROOT)
                         + " projects.";
        u.website = r.nextInt(3) == 0 ? "https://example.com/~" + first.toLowerCase(Locale.ROOT) + i : null;
        u.createdAt = SEED_BASE.plusSeconds(i * 600L + r.nextInt(600));
        Instant updated = u.createdAt.plusSeconds(r.nextLong(400L * 86_400L));
        u.updatedAt = updated.isAfter(SEED_LIMIT) ? SEED_LIMIT.minusSeconds(i % 86_400) : updated;
        if (u.updatedAt.isBefore(u.createdAt)) {
            u.updatedAt = u.createdAt;
        }
        u.lastSiteActivity = i % 6 == 0 ? null : u.updatedAt.plusSeconds(r.nextInt(86_400));
        if (u.lastSiteActivity != null && u.lastSiteActivity.isAfter(SEED_LIMIT)) {
            u.lastSiteActivity = SEED_LIMIT;
        }
        u.disabledAt = u.disabled ? u.updatedAt : null;
        return u;
    }

    static String roleId(int index) {
        return Integer.toString(301 + index);
    }

    static String skillId(int index) {
        return Integer.toString(401 + index);
    }

    static String projectId(int index) {
        return Integer.toString(1000 + index);
    }

    int projectCount() {
        return projectCount;
    }

    /**
     * Returns one stored user.
     *
     * @param  id user id
     * @return    the user, or {@code null} if unknown or removed from the account
     */
    public SandboxUser user(String id) {
        return id == null ? null : users.get(id);
    }

    /**
     * Returns every stored user (disabled and external ones included, removed ones not), by id.
     *
     * @return an immutable list sorted by numeric id
     */
    public List<SandboxUser> users() {
        List<SandboxUser> all = new ArrayList<>(users.values());
        all.sort(Comparator.comparingLong(u -> u.numericId));
        return List.copyOf(all);
    }

    /** @return the id of the admin token's owner ({@code "1"}) */
    public String meId() {
        return ADMIN_ID;
    }

    /** @return the id of the collaborator token's owner ({@code "2"}) */
    public String collaboratorId() {
        return COLLABORATOR_ID;
    }

    /**
     * Sets fields of a user and bumps its {@code updated_at}, as if it had been edited in Kantata.
     *
     * <p>
     * Keys are the API's snake_case names: {@code full_name, headline, email_address, photo_path,
     * bio, website, city, state, country, abbreviated_timezone, classification, manager_id, role_id,
     * last_site_activity} (an {@link Instant} or ISO-8601 string) and {@code project_ids} (a collection of project
     * ids). No validation is done: tests may set values the API would reject.
     *
     * @param  id                       user id
     * @param  fields                   new values; {@code null} values clear a field
     * @throws IllegalArgumentException for an unknown user or field name
     */
    public synchronized void update(String id, Map<String, Object> fields) {
        SandboxUser u = require(id).copy();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            String s = v == null ? null : v.toString();
            switch (e.getKey()) {
                case "full_name" -> u.setFullName(s);
                case "headline" -> u.headline = s;
                case "email_address" -> u.emailAddress = s;
                case "photo_path" -> u.photoPath = s;
                case "bio" -> u.bio = s;
                case "website" -> u.website = s;
                case "city" -> u.city = s;
                case "state" -> u.state = s;
                case "country" -> u.country = s;
                case "abbreviated_timezone" -> u.abbreviatedTimezone = s;
                case "classification" -> u.classification = s;
                case "manager_id" -> u.managerId = s;
                case "role_id" -> u.roleId = s;
                case "last_site_activity" -> u.lastSiteActivity = v == null ? null
                        : v instanceof Instant i ? i : OffsetDateTime.parse(s).toInstant();
                case "project_ids" -> {
                    List<String> ids = new ArrayList<>();
                    if (v != null) {
                        for (Object o : (Collection<?>) v) {
                            ids.add(o.toString());
                        }
                    }
                    u.projectIds = List.copyOf(ids);
                }
                default -> throw new IllegalArgumentException("Unknown user field: " + e.getKey());
            }
        }
        store(bump(u));
        events.record("user:updated", u, meId());
    }

    /**
     * Disables the user's account membership: the user is hidden unless {@code show_disabled=true}.
     *
     * @param id user id
     */
    public synchronized void disable(String id) {
        SandboxUser u = require(id).copy();
        u.disabled = true;
        bump(u);
        u.disabledAt = u.updatedAt;
        store(u);
        events.record("account_membership:updated", u, meId());
    }

    /**
     * Re-enables a disabled account membership.
     *
     * @param id user id
     */
    public synchronized void enable(String id) {
        SandboxUser u = require(id).copy();
        u.disabled = false;
        u.disabledAt = null;
        store(bump(u));
        events.record("account_membership:updated", u, meId());
    }

    /**
     * Removes the user from the account entirely: it is never listed again and GET returns 404.
     *
     * @param id user id
     */
    public synchronized void removeFromAccount(String id) {
        SandboxUser removed = require(id);
        users.remove(id);
        version.incrementAndGet();
        events.record("account_membership:deleted", removed, meId());
    }

    /**
     * Adds a new active account member on no project (so it is listed only with {@code on_my_account=true}).
     *
     * @param  fullName full name
     * @param  email    email address
     * @return          the new user's id
     */
    public synchronized String addUser(String fullName, String email) {
        SandboxUser u = new SandboxUser();
        u.numericId = nextId.getAndIncrement();
        u.id = Long.toString(u.numericId);
        u.setFullName(fullName);
        u.emailAddress = email;
        u.headline = "";
        u.photoPath = DEFAULT_AVATAR;
        u.onAccount = true;
        u.classification = "Internal";
        u.roleId = roleId(0);
        u.createdAt = now();
        u.updatedAt = u.createdAt;
        store(u);
        events.record("user:created", u, meId());
        return u.id;
    }

    /**
     * Bumps the user's {@code updated_at} to now without changing anything else.
     *
     * @param id user id
     */
    public synchronized void touch(String id) {
        SandboxUser u = bump(require(id).copy());
        store(u);
        events.record("user:updated", u, meId());
    }

    /** @return the change feed ({@code GET /subscribed_events}), with its test controls */
    public SubscribedEvents events() {
        return events;
    }

    // ---- used by the HTTP side ----

    synchronized boolean replace(SandboxUser changed) {
        // A concurrent removeFromAccount wins: the change must not resurrect the user.
        if (!users.containsKey(changed.id)) {
            return false;
        }
        store(bump(changed));
        events.record("user:updated", changed, meId());
        return true;
    }

    long newExternalReferenceId() {
        return nextExternalReferenceId.getAndIncrement();
    }

    Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s != null && s.version == version.get()) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            long v = version.get();
            if (s != null && s.version == v) {
                return s;
            }
            // Sorting once per data version keeps paging through 100k users cheap: each page is then
            // a linear filter over an already ordered array, cached per query.
            SandboxUser[] sorted = users.values().toArray(new SandboxUser[0]);
            Arrays.sort(sorted, ALPHABETICAL);
            Map<String, SandboxUser> byId = new HashMap<>(users);
            Set<String> managers = new HashSet<>();
            for (SandboxUser u : sorted) {
                if (u.managerId != null && byId.containsKey(u.managerId)) {
                    managers.add(u.managerId);
                }
            }
            s = new Snapshot(v, sorted, Map.copyOf(byId), Set.copyOf(managers));
            snapshot = s;
            return s;
        }
    }

    private SandboxUser require(String id) {
        SandboxUser u = id == null ? null : users.get(id);
        if (u == null) {
            throw new IllegalArgumentException("No such user: " + id);
        }
        return u;
    }

    private SandboxUser bump(SandboxUser u) {
        Instant now = now();
        // Strictly increasing, so two quick edits are still told apart by updated_after.
        if (u.updatedAt != null && !now.isAfter(u.updatedAt)) {
            now = u.updatedAt.plus(Duration.ofMillis(1));
        }
        u.updatedAt = now;
        return u;
    }

    private void store(SandboxUser u) {
        users.put(u.id, u);
        version.incrementAndGet();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
