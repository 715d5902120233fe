package io.github.camelkantata.users.state;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.spi.StateRepository;

/**
 * A {@link StateRepository} of string keys and values that can also read and write many entries in one call.
 * <p>
 * The Kantata users consumer checks whether its configured state repository implements this interface and, if so, uses
 * the bulk methods instead of one {@link #setState(Object, Object)} / {@link #getState(Object)} call per key.
 * Implementations must be thread-safe.
 * <p>
 * Semantics shared by all methods: keys must not be {@code null}; a {@code null} value means "no entry", so writing
 * {@code null} deletes the key and reads never return {@code null} values.
 *
 * @see JdbcStateRepository
 * @see MemoryBulkStateRepository
 */
public interface BulkStateRepository extends StateRepository<String, String> {

    /**
     * Writes all entries in one unit of work: either every entry is stored or, on failure, none is. An entry whose
     * value is {@code null} deletes that key.
     *
     * @param  entries                                the entries to write; {@code null} or empty does nothing. Keys
     *                                                must not be {@code null}; the map may contain {@code null} values.
     * @throws IllegalArgumentException               if a key is {@code null} or not acceptable to the repository
     * @throws org.apache.camel.RuntimeCamelException if the underlying store fails; nothing was written
     */
    void setStates(Map<String, String> entries);

    /**
     * Reads the values of the given keys.
     *
     * @param  keys the keys to read; {@code null} elements are not allowed, duplicates are ignored
     * @return      a new mutable map holding only the keys that have a value; keys without an entry are absent from it
     */
    Map<String, String> getStates(Collection<String> keys);

    /**
     * Reads every entry whose key starts with the given prefix (case-sensitive), for example to enumerate all known
     * users under {@code "user."}.
     *
     * @param  keyPrefix the prefix; {@code null} or empty returns all entries of this repository
     * @return           a new mutable map of the matching entries
     */
    Map<String, String> getStatesByPrefix(String keyPrefix);

    /**
     * Reads the keys, and only the keys, that start with the given prefix (case-sensitive). The consumer's full poll
     * uses it to find users that disappeared, which needs the known ids but none of their values. The default
     * implementation reads the values too; implementations override it to read keys only.
     *
     * @param  keyPrefix the prefix; {@code null} or empty returns all keys of this repository
     * @return           a new mutable set of the matching keys
     */
    default Set<String> getKeysByPrefix(String keyPrefix) {
        return new HashSet<>(getStatesByPrefix(keyPrefix).keySet());
    }

    /**
     * Counts the keys that start with the given prefix. A full poll compares it with the number of known users it saw,
     * and skips reading the keys when they match (nobody disappeared). The default counts
     * {@link #getKeysByPrefix(String)}; implementations override it to count without copying.
     *
     * @param  keyPrefix the prefix; {@code null} or empty counts all keys of this repository
     * @return           how many keys match
     */
    default int countKeysByPrefix(String keyPrefix) {
        return getKeysByPrefix(keyPrefix).size();
    }

    /**
     * Reports the entries under a prefix, now and after every later write, to a listener that keeps its own copy of
     * them (the consumer keeps its users' fingerprints in a compact table, so that comparing a poll with the state
     * needs no key strings and no values). First the listener is called once for every current entry, then, until the
     * watch ends, once for every write of a key under the prefix ({@code null} value: deleted), in the order the writes
     * take effect for that key, on the writer's thread, while the repository holds that key. It must be quick and must
     * not call this repository.
     * <p>
     * Only a repository written through this one object can offer it: the in-memory one, and the {@code stateFile} one
     * (a file has one owner, see {@link StateFileLock}). A shared database is written by other nodes too, so a
     * {@link JdbcStateRepository} bound on a {@code DataSource} keeps the default.
     *
     * @param  keyPrefix the prefix; {@code null} or empty watches every entry
     * @param  listener  called with each key and its value
     * @return           the watch, or {@code null} (the default) when this repository cannot report every write
     */
    default StateWatch watch(String keyPrefix, java.util.function.BiConsumer<String, String> listener) {
        return null;
    }

    /**
     * Deletes one key; does nothing if it does not exist. Equivalent to {@code setState(key, null)}.
     *
     * @param key the key to delete, not {@code null}
     */
    void removeState(String key);
}
