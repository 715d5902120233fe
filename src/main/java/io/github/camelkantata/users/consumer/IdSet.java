package io.github.camelkantata.users.consumer;

import java.util.HashSet;
import java.util.Set;

/**
 * The ids one walk has seen, to skip a user a shifted page returns twice. Numeric ids (Kantata's are) go into a bit set
 * while they are small (a few KB for ids up to a million, so it stays in cache), larger ones into an array of longs,
 * rather than a {@code HashSet<String>}, whose node per id the profile of a 100,000-user poll showed as most of the
 * consumer thread's own work. Not thread-safe: the consumer's thread alone uses it.
 */
final class IdSet {

    /** Ids below this go into {@link #bits}: at most 8 MB, and only as much as the largest id needs. */
    private static final long BIT_LIMIT = 1L << 26;

    private long[] bits = new long[64];
    private long[] slots = new long[1024]; // id + 1; 0 is empty
    private int used;
    private final Set<String> other = new HashSet<>();

    /** @return true if the id was not in the set yet */
    boolean add(String id) {
        return add(FingerprintIndex.number(id), id);
    }

    /**
     * As {@link #add(String)}, with the id's number already worked out (on the thread that parsed the page: reading
     * each id's characters again on the consumer's thread showed as a fifth of that thread's work in a profile).
     *
     * @param  n    {@link FingerprintIndex#number} of the user's id
     * @param  user the user, whose id is read only when it is not a plain number
     * @return      true if the id was not in the set yet
     */
    boolean add(long n, io.github.camelkantata.users.model.User user) {
        return add(n, n < 0 ? user.getId() : null);
    }

    private boolean add(long n, String id) {
        if (n < 0) {
            return other.add(id);
        }
        if (n < BIT_LIMIT) {
            int word = (int) (n >>> 6);
            if (word >= bits.length) {
                bits = java.util.Arrays.copyOf(bits, Math.max(word + 1, bits.length * 2));
            }
            long mask = 1L << n;
            if ((bits[word] & mask) != 0) {
                return false;
            }
            bits[word] |= mask;
            return true;
        }
        if ((used + 1) * 2L > slots.length) {
            grow();
        }
        if (!insert(slots, n + 1)) {
            return false;
        }
        used++;
        return true;
    }

    boolean contains(String id) {
        long n = FingerprintIndex.number(id);
        if (n < 0) {
            return other.contains(id);
        }
        if (n < BIT_LIMIT) {
            int word = (int) (n >>> 6);
            return word < bits.length && (bits[word] & (1L << n)) != 0;
        }
        long key = n + 1;
        int mask = slots.length - 1;
        for (int i = home(key, mask);; i = (i + 1) & mask) {
            if (slots[i] == key) {
                return true;
            }
            if (slots[i] == 0) {
                return false;
            }
        }
    }

    private static boolean insert(long[] table, long key) {
        int mask = table.length - 1;
        for (int i = home(key, mask);; i = (i + 1) & mask) {
            if (table[i] == key) {
                return false;
            }
            if (table[i] == 0) {
                table[i] = key;
                return true;
            }
        }
    }

    private static int home(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long k : slots) {
            if (k != 0) {
                insert(bigger, k);
            }
        }
        slots = bigger;
    }
}
