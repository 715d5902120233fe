package io.github.camelkantata.users.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.camelkantata.users.state.BulkStateRepository;
import io.github.camelkantata.users.state.StateWatch;
import org.apache.camel.spi.StateRepository;

/**
 * The consumer's view of its {@link StateRepository}: one entry per known user plus a few poll facts, all under one key
 * prefix so that several consumers can share a repository.
 * <p>
 * Keys: {@code <prefix>u.<userId>} holds a user's {@link UserRecord} (fingerprint and last known JSON);
 * {@code <prefix>meta.<name>} holds poll facts. A {@link BulkStateRepository} is read and enumerated with its bulk
 * methods. Any other repository cannot enumerate its keys, so the known user ids are also kept in an index of
 * {@value #BUCKETS} comma-separated buckets ({@code <prefix>idx.<n>}), updated under a lock together with the entry.
 * The entry is written before the index on add and after it on delete, so a crash in between leaves at worst an index
 * id without an entry (ignored) or an entry the index misses (re-added on its next commit).
 * <p>
 * A repository that can report its writes ({@link BulkStateRepository#watch}: the in-memory and file ones) is also
 * mirrored into a {@link FingerprintIndex}, with which a poll compares its users without reading their entries.
 */
final class ConsumerState {

    static final int BUCKETS = 32;

    private final StateRepository<String, String> repo;
    private final BulkStateRepository bulk;
    private final String prefix;
    private final Object indexLock = new Object();

    ConsumerState(StateRepository<String, String> repo, String prefix) {
        this.repo = repo;
        this.bulk = repo instanceof BulkStateRepository b ? b : null;
        this.prefix = prefix;
    }

    /** The watch that keeps {@link #index} in step with the repository, and the index; null when there is none. */
    private record Indexed(StateWatch watch, FingerprintIndex index) {
    }

    private volatile Indexed indexed;

    /**
     * Makes sure the fingerprint index is open when the repository can report its writes (the in-memory and file
     * repositories): opened at the first poll, and again after the repository stopped (a stopped file repository may
     * change unseen). Called by the consumer's thread at the start of each poll.
     */
    void openIndex() {
        Indexed current = indexed;
        if (bulk == null || current != null && current.watch().isActive()) {
            return;
        }
        FingerprintIndex index = new FingerprintIndex(userKey("").length());
        StateWatch watch = bulk.watch(userKey(""), index);
        indexed = watch == null ? null : new Indexed(watch, index);
    }

    /**
     * @return the fingerprint index while it is in step with the repository, else null. It may be read from any thread:
     *         the page hook compares pages with it on the thread that parsed them, which with
     *         {@code completeOnIoThread} is an I/O thread; without it (a database, a plain {@code StateRepository}) the
     *         state is only read from the consumer's thread
     */
    FingerprintIndex index() {
        Indexed current = indexed;
        return current != null && current.watch().isActive() ? current.index() : null;
    }

    /** Ends the watch, when the consumer stops. */
    void close() {
        Indexed current = indexed;
        indexed = null;
        if (current != null) {
            current.watch().close();
        }
    }

    /**
     * Compares users with the state: from the index when it is open, else by reading their records.
     *
     * @return one verdict per user, {@link FingerprintIndex#NEW}, {@link FingerprintIndex#SAME} or
     *         {@link FingerprintIndex#CHANGED}
     */
    byte[] compare(List<String> ids, List<UserRecord> now) {
        FingerprintIndex index = index();
        return index != null ? index.compare(ids, now) : compareByRecords(ids, now);
    }

    /** The comparison without the index: read the records, compare the hex fingerprints. */
    byte[] compareByRecords(List<String> ids, List<UserRecord> now) {
        Map<String, UserRecord> known = get(ids);
        byte[] out = new byte[ids.size()];
        for (int i = 0; i < out.length; i++) {
            UserRecord before = known.get(ids.get(i));
            out[i] = before == null ? FingerprintIndex.NEW
                    : before.fingerprint().equals(now.get(i).fingerprint()) ? FingerprintIndex.SAME : FingerprintIndex.CHANGED;
        }
        return out;
    }

    String userKey(String id) {
        return prefix + "u." + id;
    }

    /** @return the records of the given users that are known, by id */
    Map<String, UserRecord> get(Collection<String> ids) {
        Map<String, UserRecord> out = new HashMap<>();
        if (bulk != null) {
            List<String> keys = new ArrayList<>(ids.size());
            for (String id : ids) {
                keys.add(userKey(id));
            }
            Map<String, String> found = bulk.getStates(keys);
            for (String id : ids) {
                UserRecord r = UserRecord.decode(found.get(userKey(id)));
                if (r != null) {
                    out.put(id, r);
                }
            }
        } else {
            for (String id : ids) {
                UserRecord r = UserRecord.decode(repo.getState(userKey(id)));
                if (r != null) {
                    out.put(id, r);
                }
            }
        }
        return out;
    }

    /** Saves a user's record after its exchange completed. */
    void put(String id, UserRecord record) {
        repo.setState(userKey(id), record.encode());
        if (bulk == null) {
            synchronized (indexLock) {
                String key = indexKey(id);
                Set<String> ids = split(repo.getState(key));
                if (ids.add(id)) {
                    repo.setState(key, String.join(",", ids));
                }
            }
        }
    }

    /**
     * Saves the records of users whose exchanges completed, and forgets those mapped to {@code null} (removed users),
     * in one write when the repository takes batches.
     */
    void commit(Map<String, UserRecord> records) {
        if (bulk == null) {
            records.forEach((id, r) -> {
                if (r == null) {
                    remove(id);
                } else {
                    put(id, r);
                }
            });
            return;
        }
        Map<String, String> entries = new LinkedHashMap<>(records.size() * 2);
        records.forEach((id, r) -> entries.put(userKey(id), r == null ? null : r.encode()));
        bulk.setStates(entries);
    }

    /** Forgets a user. */
    void remove(String id) {
        if (bulk != null) {
            bulk.removeState(userKey(id));
            return;
        }
        synchronized (indexLock) {
            String key = indexKey(id);
            Set<String> ids = split(repo.getState(key));
            if (ids.remove(id)) {
                repo.setState(key, String.join(",", ids));
            }
        }
        // FileStateRepository and most others have no delete: an empty value is the tombstone
        repo.setState(userKey(id), "");
    }

    /**
     * @return how many users the state knows, or -1 when only {@link #knownIds()} can tell (a plain repository keeps an
     *         index, not a count)
     */
    int knownCount() {
        FingerprintIndex index = index();
        if (index != null) {
            return index.size();
        }
        return bulk == null ? -1 : bulk.countKeysByPrefix(userKey(""));
    }

    /** @return every known user id (memory in proportion to the state) */
    Set<String> knownIds() {
        Set<String> out = new LinkedHashSet<>();
        if (bulk != null) {
            // keys only: a full poll needs the ids, and reads the records of the few missing ones afterwards
            String p = userKey("");
            for (String key : bulk.getKeysByPrefix(p)) {
                out.add(key.substring(p.length()));
            }
            return out;
        }
        synchronized (indexLock) {
            for (int b = 0; b < BUCKETS; b++) {
                out.addAll(split(repo.getState(prefix + "idx." + b)));
            }
        }
        return out;
    }

    String meta(String name) {
        String v = repo.getState(prefix + "meta." + name);
        return v == null || v.isEmpty() ? null : v;
    }

    void meta(String name, String value) {
        repo.setState(prefix + "meta." + name, value);
    }

    /** Writes several meta values in one unit of work when the repository allows it. */
    void meta(Map<String, String> values) {
        if (bulk != null) {
            Map<String, String> m = new LinkedHashMap<>();
            values.forEach((k, v) -> m.put(prefix + "meta." + k, v));
            bulk.setStates(m);
        } else {
            values.forEach(this::meta);
        }
    }

    /** @return the repository */
    StateRepository<String, String> repo() {
        return repo;
    }

    /** @return the key prefix of this state */
    String prefix() {
        return prefix;
    }

    /**
     * @param  metaNames the poll facts a consumer writes
     * @return           whether nothing is stored under this prefix: no user and none of those facts
     */
    boolean isEmpty(Collection<String> metaNames) {
        if (bulk != null) {
            return bulk.countKeysByPrefix(prefix) == 0;
        }
        for (String m : metaNames) {
            if (meta(m) != null) {
                return false;
            }
        }
        return knownIds().isEmpty();
    }

    /**
     * Copies every user and the given poll facts of {@code from} under this prefix, as stored (nothing is decoded);
     * {@code from} is left as it was, to be {@link #clear cleared} once the copy is complete.
     *
     * @return the users copied
     */
    int copyFrom(ConsumerState from, Collection<String> metaNames) {
        if (bulk != null) {
            Map<String, String> moved = new LinkedHashMap<>();
            int users = 0;
            for (Map.Entry<String, String> e : bulk.getStatesByPrefix(from.prefix).entrySet()) {
                String rest = e.getKey().substring(from.prefix.length());
                if (e.getValue() != null && !e.getValue().isEmpty() && (rest.startsWith("u.") || rest.startsWith("meta."))) {
                    moved.put(prefix + rest, e.getValue());
                    users += rest.startsWith("u.") ? 1 : 0;
                }
            }
            bulk.setStates(moved);
            return users;
        }
        int users = 0;
        for (String id : from.knownIds()) {
            String v = repo.getState(from.userKey(id));
            if (v != null && !v.isEmpty()) {
                repo.setState(userKey(id), v);
                addToIndex(id);
                users++;
            }
        }
        for (String m : metaNames) {
            String v = from.meta(m);
            if (v != null) {
                meta(m, v);
            }
        }
        return users;
    }

    /** Forgets every user and the given poll facts under this prefix. */
    void clear(Collection<String> metaNames) {
        if (bulk != null) {
            for (String key : bulk.getKeysByPrefix(prefix)) {
                bulk.removeState(key);
            }
            return;
        }
        for (String id : knownIds()) {
            remove(id);
        }
        for (String m : metaNames) {
            if (meta(m) != null) {
                meta(m, "");
            }
        }
    }

    private void addToIndex(String id) {
        synchronized (indexLock) {
            String key = indexKey(id);
            Set<String> ids = split(repo.getState(key));
            if (ids.add(id)) {
                repo.setState(key, String.join(",", ids));
            }
        }
    }

    private String indexKey(String id) {
        return prefix + "idx." + Math.floorMod(id.hashCode(), BUCKETS);
    }

    private static Set<String> split(String v) {
        Set<String> ids = new TreeSet<>();
        if (v != null && !v.isEmpty()) {
            for (String s : v.split(",")) {
                if (!s.isEmpty()) {
                    ids.add(s);
                }
            }
        }
        return ids;
    }
}
