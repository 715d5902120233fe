package io.github.camelkantata.users.consumer;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The users whose last deliveries failed, so that they do not starve the others: each failure puts the user on a
 * back-off of polls that doubles with each consecutive failure (1, 2, 4, ... up to {@value #MAX_BACKOFF_POLLS}), and a
 * user that is due again goes to the back of the poll's messages. After {@code limit} consecutive failures the user is
 * reported once (the caller logs and counts it) and is then retried only when its content changes or every
 * {@value #MAX_BACKOFF_POLLS} polls. A successful delivery, or a change of the user's content, starts it afresh.
 * <p>
 * Kept in memory by the consumer and saved in its state ({@link #encode}, the meta entry {@code failing}) together with
 * the incremental watermark or the events cursor that moves past these users, so a consumer that starts again
 * ({@link #load}: a route restart, a process restart, a failover to another node) asks for them by id on its first
 * polls, with their counts and what is left of their back-off, as it would have without the restart.
 */
final class FailedUsers {

    /** The longest back-off, in polls; also how often a user past the limit is tried again with unchanged content. */
    static final int MAX_BACKOFF_POLLS = 64;

    /** What a poll does with a user it would emit. */
    enum Decision {
        /** not failing: emit in API order */
        EMIT,
        /** failing, and its back-off is over: emit after every other user of the poll */
        RETRY,
        /** failing, and still in its back-off: not this poll */
        WAIT
    }

    /** One failing user: consecutive failures, the content that failed, and the first poll that may try it again. */
    private record Entry(int failures, String fingerprint, long dueAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int limit;

    /** @param limit consecutive failures after which a user is reported once and retried rarely */
    FailedUsers(int limit) {
        this.limit = limit;
    }

    /**
     * @param  id          the user
     * @param  fingerprint its content now
     * @param  poll        the number of the poll asking
     * @return             what to do with the user in this poll
     */
    Decision decide(String id, String fingerprint, long poll) {
        Entry e = entries.get(id);
        if (e == null) {
            return Decision.EMIT;
        }
        if (!e.fingerprint().equals(fingerprint)) {
            // a new change of the user: it may well go through now, so it is tried at once (at the back)
            entries.remove(id, e);
            return Decision.RETRY;
        }
        return poll >= e.dueAt() ? Decision.RETRY : Decision.WAIT;
    }

    /** @return how many consecutive deliveries of the user failed (0 when it is not failing) */
    int failures(String id) {
        Entry e = entries.get(id);
        return e == null ? 0 : e.failures();
    }

    /**
     * Records a failed delivery.
     *
     * @return true when this failure is the {@code limit}th in a row: the one to report
     */
    boolean failed(String id, String fingerprint, long poll) {
        Entry before = entries.get(id);
        int n = before == null || !before.fingerprint().equals(fingerprint) ? 1 : before.failures() + 1;
        long backoff = n >= limit ? MAX_BACKOFF_POLLS : Math.min(MAX_BACKOFF_POLLS, 1L << Math.min(30, n - 1));
        entries.put(id, new Entry(n, fingerprint, poll + backoff));
        return n == limit;
    }

    /** Records a successful delivery: the user is no longer failing. */
    void succeeded(String id) {
        entries.remove(id);
    }

    /** @return the failing users whose back-off is over at this poll */
    List<String> due(long poll) {
        List<String> out = new ArrayList<>();
        entries.forEach((id, e) -> {
            if (poll >= e.dueAt()) {
                out.add(id);
            }
        });
        return out;
    }

    /** Forgets the failing users a complete walk did not see (removed, or out of the filter): nothing to retry. */
    void retainOnly(Predicate<String> seen) {
        entries.keySet().removeIf(id -> !seen.test(id));
    }

    /** @return how many users are failing */
    int size() {
        return entries.size();
    }

    /** @return how many users are past the limit */
    int pastLimit() {
        return (int) entries.values().stream().filter(e -> e.failures() >= limit).count();
    }

    /**
     * @param  poll the number of the poll now, from which the remaining back-offs are counted
     * @return      the failing users as saved in the state: {@code id:failures:pollsLeft:fingerprint} joined by commas,
     *              the id URL-encoded, in id order (so an unchanged set gives the same text); empty when none fails
     */
    String encode(long poll) {
        Map<String, Entry> sorted = new TreeMap<>(entries);
        StringBuilder b = new StringBuilder();
        sorted.forEach((id, e) -> {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(URLEncoder.encode(id, StandardCharsets.UTF_8)).append(':').append(e.failures()).append(':')
                    .append(Math.max(0, Math.min(MAX_BACKOFF_POLLS, e.dueAt() - poll))).append(':').append(e.fingerprint());
        });
        return b.toString();
    }

    /**
     * Replaces the failing users with those {@link #encode} saved.
     *
     * @param  saved the saved text, or null
     * @param  poll  the number of the poll now: a user with {@code n} polls of back-off left is due at {@code poll + n}
     * @return       the entries that could not be read (each of them is a user whose change may come only with the next
     *               full walk), for the caller to report
     */
    int load(String saved, long poll) {
        entries.clear();
        int unreadable = 0;
        if (saved == null || saved.isBlank()) {
            return 0;
        }
        for (String item : saved.trim().split(",")) {
            String[] f = item.split(":", 4);
            String id;
            try {
                id = URLDecoder.decode(f[0], StandardCharsets.UTF_8).trim();
            } catch (RuntimeException e) {
                id = "";
            }
            if (id.isEmpty()) {
                unreadable++;
                continue;
            }
            Entry e;
            try {
                int failures = Integer.parseInt(f[1]);
                long left = Long.parseLong(f[2]);
                e = failures < 1 || left < 0 || f[3].isEmpty()
                        ? null
                        : new Entry(failures, f[3], poll + Math.min(MAX_BACKOFF_POLLS, left));
            } catch (RuntimeException ex) {
                e = null;
            }
            // a damaged entry whose id is readable is still retried, at once, as a user whose content changed
            entries.put(id, e != null ? e : new Entry(1, "", poll));
        }
        return unreadable;
    }
}
