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
 * (Kantata's ids are) finds its 32-byte fingerprint through a small hash of ints.
 * <p>
 * The entries themselves lie in the order they were first written, which is the order a poll walks them: the first poll
 * commits its users page after page, and later polls find a page's users side by side, so the memory a page touches is
 * a few contiguous blocks, not 200 random cache misses in a table larger than the caches (a hashed table of the
 * fingerprints cost 30 % of a list-all's time in the next profile). A restart loads the entries in the repository's
 * order; the first full poll then finds most users away from where the previous one was, and the consumer has the
 * entries put back in its walk's order ({@link #reorder}).
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

    /** Longs per entry: the id + 1 (0: deleted), then the fingerprint's four. */
    private static final int STRIDE = 5;
    private static final int HEX_LENGTH = 64;

    private final int prefixLength;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    // guarded by lock. Numeric ids: entries in the order first written; slots is an open-addressing hash (linear
    // probing) of entry position + 1 (0: empty) by id
    private long[] entries = new long[1024 * STRIDE];
    private int end; // entries written, deleted ones included
    private int used; // live entries
    private int[] slots = new int[2048];
    /**
     * Users found, and those found away from where the previous user's entry predicted, since the last
     * {@link #reorder}.
     */
    private final java.util.concurrent.atomic.LongAdder lookups = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder scattered = new java.util.concurrent.atomic.LongAdder();
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
            other.remove(id);
            if (compact) {
                put(n, w0, w1, w2, w3); // in place if present: the entry keeps its place in the walk order
            } else {
                if (n >= 0) {
                    remove(n);
                }
                if (value != null) {
                    other.put(id, fingerprint);
                }
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
        long[] numbers = new long[ids.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = number(ids.get(i));
        }
        return compare(ids, numbers, now);
    }

    /**
     * As {@link #compare(List, List)}, with each id's {@link #number} already worked out.
     *
     * @param  ids     the users' ids
     * @param  numbers {@link #number} of each id
     * @param  now     their records now, in the same order
     * @return         one verdict per user
     */
    byte[] compare(List<String> ids, long[] numbers, List<UserRecord> now) {
        byte[] out = new byte[ids.size()];
        lock.readLock().lock();
        try {
            int next = -1; // where the entry of the next user probably is: right after the previous user's
            int found = 0;
            int missed = 0; // found, but not where predicted
            for (int i = 0; i < out.length; i++) {
                UserRecord r = now.get(i);
                long n = numbers[i];
                int position = -1;
                if (n >= 0) {
                    if (next >= 0 && next < end && entries[next * STRIDE] == n + 1) {
                        position = next;
                    } else {
                        position = positionOf(n);
                        missed += position >= 0 ? 1 : 0;
                    }
                }
                if (position >= 0) {
                    found++;
                    next = position + 1;
                    out[i] = !r.hasWords() ? CHANGED // not a SHA-256 of ours: cannot equal a compact one
                            : sameWords(position, r) ? SAME : CHANGED;
                } else {
                    next = -1;
                    String stored = other.get(ids.get(i));
                    out[i] = stored == null || stored.isEmpty() ? NEW // an empty value is no entry, as UserRecord.decode reads it
                            : stored.equals(r.fingerprint()) ? SAME : CHANGED;
                }
            }
            lookups.add(found);
            scattered.add(missed);
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    /**
     * Puts the entries of the given ids first, in that order, when most look-ups since the last call were not found
     * beside the previous user's entry (after a restart, or when the walk's order changed much); the rest keep their
     * order after them.
     *
     * @param  walk  the numeric ids a complete poll found known, in the order it walked them
     * @param  count how many of {@code walk} are set
     * @return       true if the entries were reordered
     */
    boolean reorder(long[] walk, int count) {
        long seen = lookups.sumThenReset();
        long away = scattered.sumThenReset();
        // one look-up per page is never predicted; reorder when more than a tenth are
        if (away * 10 <= seen) {
            return false;
        }
        lock.writeLock().lock();
        try {
            long[] ordered = new long[entries.length];
            int to = 0;
            for (int i = 0; i < count; i++) {
                int position = positionOf(walk[i]);
                if (position >= 0 && entries[position * STRIDE] != 0) {
                    System.arraycopy(entries, position * STRIDE, ordered, to * STRIDE, STRIDE);
                    entries[position * STRIDE] = 0; // taken (and an id given twice is copied once)
                    to++;
                }
            }
            for (int position = 0; position < end; position++) {
                if (entries[position * STRIDE] != 0) {
                    System.arraycopy(entries, position * STRIDE, ordered, to * STRIDE, STRIDE);
                    to++;
                }
            }
            entries = ordered;
            end = to;
            rehash(slots.length);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private boolean sameWords(int position, UserRecord r) {
        int b = position * STRIDE;
        return entries[b + 1] == r.word(0) && entries[b + 2] == r.word(1) && entries[b + 3] == r.word(2)
                && entries[b + 4] == r.word(3);
    }

    /**
     * @return the id as a number if it is a plain decimal one (no sign, no leading zero, at most 18 digits), else -1
     */
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
        return (int) (h ^ (h >>> 32)) & (slots.length - 1);
    }

    /** @return the position of the id's entry, or -1 */
    private int positionOf(long n) {
        int slot = slotOf(n);
        return slot < 0 ? -1 : slots[slot] - 1;
    }

    private long keyAt(int slot) {
        return entries[(slots[slot] - 1) * STRIDE];
    }

    /** @return the slot holding the id's entry, or -1 */
    private int slotOf(long n) {
        long key = n + 1;
        int mask = slots.length - 1;
        for (int i = home(key);; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return -1;
            }
            if (keyAt(i) == key) {
                return i;
            }
        }
    }

    private void put(long n, long w0, long w1, long w2, long w3) {
        int slot = slotOf(n);
        int b;
        if (slot >= 0) {
            b = (slots[slot] - 1) * STRIDE; // an update keeps the entry's place
        } else {
            if ((used + 1) * 2L > slots.length) {
                rehash(slots.length * 2);
            }
            if ((end + 1) * STRIDE > entries.length) {
                if (used * 2 < end) {
                    compact();
                } else {
                    entries = java.util.Arrays.copyOf(entries, entries.length * 2);
                }
            }
            b = end * STRIDE;
            entries[b] = n + 1;
            link(n + 1, ++end);
            used++;
        }
        entries[b + 1] = w0;
        entries[b + 2] = w1;
        entries[b + 3] = w2;
        entries[b + 4] = w3;
    }

    private void link(long key, int position) {
        int mask = slots.length - 1;
        int i = home(key);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = position;
    }

    /**
     * Deletes without tombstones in the hash: later slots of the probe run move back into the gap (Knuth's algorithm
     * R).
     */
    private void remove(long n) {
        int gap = slotOf(n);
        if (gap < 0) {
            return;
        }
        entries[(slots[gap] - 1) * STRIDE] = 0;
        used--;
        int mask = slots.length - 1;
        int i = gap;
        while (true) {
            i = (i + 1) & mask;
            if (slots[i] == 0) {
                break;
            }
            int h = home(keyAt(i));
            // the slot at i may move into the gap unless its home lies cyclically in (gap, i]
            boolean stays = gap <= i ? gap < h && h <= i : gap < h || h <= i;
            if (!stays) {
                slots[gap] = slots[i];
                gap = i;
            }
        }
        slots[gap] = 0;
    }

    /** Drops deleted entries, keeping the order of the others. */
    private void compact() {
        int to = 0;
        for (int from = 0; from < end; from++) {
            if (entries[from * STRIDE] != 0) {
                System.arraycopy(entries, from * STRIDE, entries, to * STRIDE, STRIDE);
                to++;
            }
        }
        end = to;
        rehash(slots.length);
    }

    private void rehash(int size) {
        slots = new int[size];
        for (int position = 0; position < end; position++) {
            long key = entries[position * STRIDE];
            if (key != 0) {
                link(key, position + 1);
            }
        }
    }
}
