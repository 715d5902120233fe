package io.github.camelkantata.users.state;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** The watches of one repository; the repository calls {@link #written} for every entry it writes, in order. */
final class Watches {

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Registers a listener; the caller has already replayed the current entries to it under its own lock. */
    StateWatch add(String prefix, BiConsumer<String, String> listener) {
        Entry e = new Entry(prefix == null ? "" : prefix, listener);
        entries.add(e);
        return e;
    }

    /** Reports one write (a null value: the key was deleted) to the watches whose prefix it falls under. */
    void written(String key, String value) {
        for (Entry e : entries) {
            if (key.startsWith(e.prefix)) {
                e.listener.accept(key, value);
            }
        }
    }

    /** Ends every watch, for a repository that stops. */
    void endAll() {
        for (Entry e : entries) {
            e.close();
        }
    }

    private final class Entry implements StateWatch {
        final String prefix;
        final BiConsumer<String, String> listener;
        private volatile boolean active = true;

        Entry(String prefix, BiConsumer<String, String> listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public void close() {
            active = false;
            entries.remove(this);
        }
    }
}
