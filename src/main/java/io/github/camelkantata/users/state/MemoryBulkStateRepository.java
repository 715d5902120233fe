package io.github.camelkantata.users.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.camel.support.service.ServiceSupport;

/**
 * An in-memory {@link BulkStateRepository}, the default when no persistent repository is configured.
 * <p>
 * Entries live in a {@link ConcurrentHashMap} for the lifetime of this object: they survive stopping and starting the
 * service (for example a route restart) but not a JVM restart, and they are not shared with other JVMs. Use
 * {@link JdbcStateRepository} for state that must survive restarts or be shared by a cluster.
 * <p>
 * Same semantics as {@link JdbcStateRepository}: a {@code null} value deletes the key, {@code null} keys are rejected,
 * {@link #setStates(Map)} is applied atomically with respect to the multi-key reads {@link #getStates(Collection)} and
 * {@link #getStatesByPrefix(String)}. Thread-safe.
 */
public class MemoryBulkStateRepository extends ServiceSupport implements BulkStateRepository {

    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();
    // write lock: setStates/clear; read lock: single-entry writes and multi-entry reads. So multi-entry
    // reads see a batch whole or not at all, while single-entry operations still run concurrently.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Watches watches = new Watches();

    /**
     * Creates an empty repository.
     */
    public MemoryBulkStateRepository() {
    }

    /**
     * Stores a value, or deletes the key if {@code value} is {@code null}.
     *
     * @param key   the key, not {@code null}
     * @param value the value, or {@code null} to delete the key
     */
    @Override
    public void setState(String key, String value) {
        requireKey(key);
        lock.readLock().lock(); // single-entry writes may run concurrently with each other, not with batches
        try {
            if (!watches.isEmpty()) {
                // the map's lock on the key orders the reports of concurrent writes to one key as the writes
                cache.compute(key, (k, old) -> {
                    watches.written(k, value);
                    return value;
                });
            } else if (value == null) {
                cache.remove(key);
            } else {
                cache.put(key, value);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Returns the value stored for a key.
     *
     * @param  key the key, not {@code null}
     * @return     the value, or {@code null} if there is none
     */
    @Override
    public String getState(String key) {
        requireKey(key);
        return cache.get(key);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void setStates(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        for (String key : entries.keySet()) {
            requireKey(key);
        }
        lock.writeLock().lock();
        try {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                if (e.getValue() == null) {
                    cache.remove(e.getKey());
                } else {
                    cache.put(e.getKey(), e.getValue());
                }
                watches.written(e.getKey(), e.getValue());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Map<String, String> getStates(Collection<String> keys) {
        Map<String, String> result = new HashMap<>();
        if (keys == null) {
            return result;
        }
        for (String key : keys) {
            requireKey(key);
        }
        lock.readLock().lock();
        try {
            for (String key : keys) {
                String value = cache.get(key);
                if (value != null) {
                    result.put(key, value);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Map<String, String> getStatesByPrefix(String keyPrefix) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        Map<String, String> result = new HashMap<>();
        lock.readLock().lock();
        try {
            cache.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    result.put(k, v);
                }
            });
        } finally {
            lock.readLock().unlock();
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int countKeysByPrefix(String keyPrefix) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        int n = 0;
        for (String k : cache.keySet()) {
            if (k.startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Set<String> getKeysByPrefix(String keyPrefix) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        Set<String> result = new HashSet<>();
        for (String k : cache.keySet()) {
            if (k.startsWith(prefix)) {
                result.add(k);
            }
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void removeState(String key) {
        setState(key, null);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public StateWatch watch(String keyPrefix, java.util.function.BiConsumer<String, String> listener) {
        String prefix = keyPrefix == null ? "" : keyPrefix;
        lock.writeLock().lock(); // no write between the replay and the registration
        try {
            cache.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    listener.accept(k, v);
                }
            });
            return watches.add(prefix, listener);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Deletes all entries of this repository.
     */
    public void clear() {
        lock.writeLock().lock();
        try {
            if (!watches.isEmpty()) {
                cache.keySet().forEach(k -> watches.written(k, null));
            }
            cache.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Returns the number of entries.
     *
     * @return the number of stored keys
     */
    public int size() {
        return cache.size();
    }

    @Override
    protected void doStart() throws Exception {
        // nothing to do: state is kept for the lifetime of this object
    }

    @Override
    protected void doStop() throws Exception {
        // keep the entries, so a route restart does not forget state (same as the JDBC repository)
    }

    /**
     * Describes this repository.
     *
     * @return a short description including the number of entries
     */
    @Override
    public String toString() {
        return "MemoryBulkStateRepository[size=" + cache.size() + "]";
    }

    private static void requireKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("State key must not be null");
        }
    }
}
