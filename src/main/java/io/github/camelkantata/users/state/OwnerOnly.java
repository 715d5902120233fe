package io.github.camelkantata.users.state;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files the component creates hold personal data (names, e-mail addresses, custom fields): they are created readable
 * and writable by their owner only ({@code rw-------}) where the file system has POSIX permissions, whatever the umask.
 * Elsewhere (Windows) the directory's access rules apply.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> RW = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** Creates the file empty and owner-only if it does not exist; an existing file is made owner-only. */
    static void create(Path file) throws IOException {
        if (!POSIX) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // kept as it is
            }
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(RW));
        } catch (FileAlreadyExistsException e) {
            restrict(file);
        }
        // the umask can only take permissions away, but a file system may ignore the attribute: set it again
        restrict(file);
    }

    /** Makes an existing file owner-only (a file written by an earlier version under the usual umask). */
    static void restrict(Path file) throws IOException {
        if (POSIX && Files.exists(file) && !Files.getPosixFilePermissions(file).equals(RW)) {
            Files.setPosixFilePermissions(file, RW);
        }
    }
}
