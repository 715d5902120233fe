package io.github.camelkantata.users.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state files this JVM holds, by canonical path: the one way to open a {@code stateFile}.
 * <p>
 * A file has one owner. The first {@link #acquire} opens it ({@link SqliteStateFile}: SQLite's exclusive lock keeps
 * other processes out); the registry is checked <i>before</i> anything touches the file, because POSIX locks belong to
 * the process: a second, refused opener in this JVM that opened and closed its own descriptor on the file would
 * silently drop the first owner's lock. A refused owner therefore never opens the file. The same owner may acquire it
 * again (a route's consumers during one lifecycle); the file is closed when its last holder releases it, so a route
 * that is removed and added again opens it afresh and resumes where it was.
 */
public final class StateFileLock {

    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        final SqliteStateFile store;
        final Object owner;
        int count;

        Held(SqliteStateFile store, Object owner) {
            this.store = store;
            this.owner = owner;
        }
    }

    private StateFileLock() {
    }

    /**
     * Opens the state file for {@code owner}, or shares it if {@code owner} holds it already.
     *
     * @param  file                  the state file (created, or migrated from an older format, if needed)
     * @param  owner                 who holds it, compared with {@code equals} (the consumer uses its CamelContext and
     *                               route)
     * @return                       a handle to {@link Handle#release() release} when done
     * @throws IllegalStateException if another owner in this JVM, or another process, holds the file, or if the file is
     *                               damaged or in an unknown format; the message names the file
     */
    public static Handle acquire(Path file, Object owner) {
        Objects.requireNonNull(owner, "owner");
        Path key = canonical(file);
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                if (!held.owner.equals(owner)) {
                    throw new IllegalStateException(
                            "The state file " + key + " is already in use in this JVM by "
                                                    + held.owner + ". Give each consumer its own stateFile, or share"
                                                    + " state through a database (JdbcStateRepository)");
                }
                held.count++;
                return new Handle(key, held);
            }
            held = new Held(SqliteStateFile.open(key, SqliteStateFile.synchronous()), owner);
            held.count = 1;
            HELD.put(key, held);
            return new Handle(key, held);
        }
    }

    /** @return whether this JVM holds the file */
    public static boolean isHeld(Path file) {
        synchronized (HELD) {
            return HELD.containsKey(canonical(file));
        }
    }

    private static Path canonical(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        // the directory's real path, so that two spellings (a symbolic link) of one file are one entry
        Path dir = abs.getParent();
        try {
            if (dir != null && Files.exists(dir)) {
                return dir.toRealPath().resolve(abs.getFileName());
            }
        } catch (IOException e) {
            // the absolute path will do
        }
        return abs;
    }

    /** One holder's hold on a state file. */
    public static final class Handle {
        private final Path file;
        private final Held held;
        private boolean released;

        private Handle(Path file, Held held) {
            this.file = file;
            this.held = held;
        }

        /** @return the state file's repository, started, until the last holder releases it */
        public BulkStateRepository repository() {
            return held.store.repository();
        }

        /** @return the canonical path of the file */
        public Path file() {
            return file;
        }

        /** Gives the hold up; the last one closes the file. Repeated calls do nothing. */
        public void release() {
            synchronized (HELD) {
                if (released) {
                    return;
                }
                released = true;
                if (--held.count == 0) {
                    HELD.remove(file);
                    held.store.close();
                }
            }
        }
    }
}
