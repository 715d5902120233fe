package io.github.camelkantata.users.consumer;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * The fingerprints of the users the state knows, by id, kept in step with the repository by a
 * {@link io.github.camelkantata.users.state.StateWatch}: a poll compares each user with this table instead of building,
 * hashing and looking up a {@code <prefix>u.<id>} key and reading its value. The profile of a poll over 100,000 users
 * put that look-up at 16 % of all samples, most of it cache misses in a map of 100,000 long keys; here a numeric id
 * (Kantata's ids are) finds its 32-byte fingerprint in two arrays.
 * <p>
 * Ids that are not plain decimal numbers, fingerprints that are not 64 lower-case hex digits (none are written, but a
 * repository may hold anything) and empty values are kept as strings on the side and compared as before. Thread-safe:
 * written by the repository's writers, read by the threads that parse pages and by the consumer's thread.
 */
final class FingerprintIndex implements BiConsumer<String, String> {

    /** Verdicts of {@link #compare}. */
    static final byte NEW = 1;
    static final byte SAME = 2;
    static final byte CHANGED = 3;

    /** Longs per slot: the id + 1 (0: empty), then the fingerprint's four, side by side so a hit costs one cache miss. */
    private static final int STRIDE = 5;
    private static final int HEX_LENGTH = 64;

    private final int prefixLength;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    // guarded by lock. Numeric ids: open addressing with linear probing over slots of STRIDE longs
    private long[] table = new long[1024 * STRIDE];
    private int slots = 1024;
    private int used;
    /** Everything the table cannot hold: the stored fingerprint string ("" for an empty value), by id. */
    private final Map<String, String> other = new HashMap<>();

    /** @param prefixLength the length of the key prefix before the user id ({@code <prefix>u.}) */
    FingerprintIndex(int prefixLength) {
        this.prefixLength = prefixLength;
    }

    /** A write to the repository: {@code value} null when the key was deleted. */
    @Override
    public void accept(String key, String value) {
        String id = key.substring(prefixLength);
        long n = number(id);
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        String fingerprint = null;
        boolean compact = false;
        if (value != null) {
            int sp = value.indexOf(' ');
            fingerprint = sp < 0 ? value : value.substring(0, sp);
            if (n >= 0 && isLowerHex(fingerprint)) {
                compact = true;
                w0 = HexFormat.fromHexDigitsToLong(fingerprint, 0, 16);
                w1 = HexFormat.fromHexDigitsToLong(fingerprint, 16, 32);
                w2 = HexFormat.fromHexDigitsToLong(fingerprint, 32, 48);
                w3 = HexFormat.fromHexDigitsToLong(fingerprint, 48, 64);
            }
        }
        lock.writeLock().lock();
        try {
            if (n >= 0) {
                remove(n);
            }
            other.remove(id);
            if (compact) {
                put(n, w0, w1, w2, w3);
            } else if (value != null) {
                other.put(id, fingerprint);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** @return how many users the state holds an entry for (what {@code countKeysByPrefix} would say) */
    int size() {
        lock.readLock().lock();
        try {
            return used + other.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Compares users with the state, under one read lock.
     *
     * @param  ids the users' ids
     * @param  now their records now, in the same order
     * @return     one verdict per user: {@link #NEW}, {@link #SAME} or {@link #CHANGED}
     */
    byte[] compare(List<String> ids, List<UserRecord> now) {
        byte[] out = new byte[ids.size()];
        lock.readLock().lock();
        try {
            for (int i = 0; i < out.length; i++) {
                out[i] = compare(ids.get(i), now.get(i));
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    private byte compare(String id, UserRecord now) {
        long n = number(id);
        if (n >= 0) {
            int slot = find(n);
            if (slot >= 0) {
                if (!now.hasWords()) {
                    return CHANGED; // not a SHA-256 of ours: cannot equal a compact one
                }
                int b = slot * STRIDE;
                return table[b + 1] == now.word(0) && table[b + 2] == now.word(1) && table[b + 3] == now.word(2)
                       && table[b + 4] == now.word(3) ? SAME : CHANGED;
            }
        }
        String stored = other.get(id);
        if (stored == null || stored.isEmpty()) {
            return NEW; // an empty value is no entry, as UserRecord.decode reads it
        }
        return stored.equals(now.fingerprint()) ? SAME : CHANGED;
    }

    /** @return the id as a number if it is a plain decimal one (no sign, no leading zero, at most 18 digits), else -1 */
    static long number(String id) {
        int len = id.length();
        if (len == 0 || len > 18 || (len > 1 && id.charAt(0) == '0')) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < len; i++) {
            int c = id.charAt(i) - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            n = n * 10 + c;
        }
        return n;
    }

    private static boolean isLowerHex(String s) {
        if (s.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private int home(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (slots - 1);
    }

    private int find(long n) {
        long key = n + 1;
        int mask = slots - 1;
        for (int i = home(key);; i = (i + 1) & mask) {
            long k = table[i * STRIDE];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    private void put(long n, long w0, long w1, long w2, long w3) {
        if ((used + 1) * 10L > slots * 6L) {
            grow();
        }
        long key = n + 1;
        int mask = slots - 1;
        int i = home(key);
        while (table[i * STRIDE] != 0 && table[i * STRIDE] != key) {
            i = (i + 1) & mask;
        }
        int b = i * STRIDE;
        if (table[b] == 0) {
            used++;
        }
        table[b] = key;
        table[b + 1] = w0;
        table[b + 2] = w1;
        table[b + 3] = w2;
        table[b + 4] = w3;
    }

    /** Deletes without tombstones: later entries of the probe run move back into the gap (Knuth's algorithm R). */
    private void remove(long n) {
        int gap = find(n);
        if (gap < 0) {
            return;
        }
        used--;
        int mask = slots - 1;
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            long k = table[i * STRIDE];
            if (k == 0) {
                break;
            }
            int h = home(k);
            // the entry at i may move into the gap unless its home lies cyclically in (gap, i]
            boolean stays = gap <= i ? gap < h && h <= i : gap < h || h <= i;
            if (!stays) {
                System.arraycopy(table, i * STRIDE, table, gap * STRIDE, STRIDE);
                gap = i;
            }
        }
        table[gap * STRIDE] = 0;
    }

    private void grow() {
        long[] old = table;
        slots *= 2;
        table = new long[slots * STRIDE];
        used = 0;
        for (int b = 0; b < old.length; b += STRIDE) {
            if (old[b] != 0) {
                put(old[b] - 1, old[b + 1], old[b + 2], old[b + 3], old[b + 4]);
            }
        }
    }
}
