package io.github.camelkantata.users.state;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads, and only reads, the two formats a {@code stateFile} had before it became a SQLite database, so that such a
 * file is migrated on first start ({@link SqliteStateFile}) and never misread:
 * <ul>
 * <li>{@link Format#LOG}: the append-only log of versions 0.2 to 0.4 ({@code FileBulkStateRepository}): the magic
 * {@code KUSTATE1}, then records {@code [int payload length][int CRC32C of the payload][payload]}, the payload
 * {@code [int count]} entries of {@code [int key length][key UTF-8][int value length, -1 = delete][value UTF-8]}.
 * Reading stops at the first record that is incomplete or fails its checksum, as that repository did (a write cut short
 * by a crash).</li>
 * <li>{@link Format#CAMEL_FILE_STATE}: Camel's {@code FileStateRepository} ({@code key=value} lines), the format of
 * 0.1.</li>
 * </ul>
 */
final class LegacyStateFile {

    /** The formats a state file can be in. */
    enum Format {
        /** A SQLite database: the current format. */
        SQLITE(null),
        /** An empty or missing file. */
        EMPTY(null),
        /** The append-only log of {@code FileBulkStateRepository}. */
        LOG("kustate1"),
        /** Camel's {@code FileStateRepository} lines. */
        CAMEL_FILE_STATE("camel-file-state"),
        /** None of the above. */
        UNKNOWN(null);

        /** The middle part of the backup's name, {@code <file>.<suffix>.bak}. */
        final String suffix;

        Format(String suffix) {
            this.suffix = suffix;
        }
    }

    static final byte[] LOG_MAGIC = "KUSTATE1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private LegacyStateFile() {
    }

    /** Tells the format of a file from its first bytes. */
    static Format detect(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return Format.EMPTY;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SQLITE_MAGIC.length);
        }
        if (Arrays.equals(head, SQLITE_MAGIC)) {
            return Format.SQLITE;
        }
        if (head.length >= LOG_MAGIC.length && Arrays.equals(Arrays.copyOf(head, LOG_MAGIC.length), LOG_MAGIC)) {
            return Format.LOG;
        }
        if (head.length < LOG_MAGIC.length && Arrays.equals(head, Arrays.copyOf(LOG_MAGIC, head.length))) {
            // a crash while the log was being created: a log with no entry
            return Format.LOG;
        }
        return isText(file) ? Format.CAMEL_FILE_STATE : Format.UNKNOWN;
    }

    /** Reads the live entries of a file in {@code format} ({@link Format#LOG} or {@link Format#CAMEL_FILE_STATE}). */
    static Map<String, String> read(Path file, Format format) throws IOException {
        return format == Format.LOG ? readLog(file) : readLines(file);
    }

    private static Map<String, String> readLog(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        long fileSize = Files.size(file);
        long pos = LOG_MAGIC.length;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.skipNBytes(Math.min(pos, fileSize));
            CRC32C crc = new CRC32C();
            while (fileSize - pos >= 8) {
                int len = in.readInt();
                int sum = in.readInt();
                if (len < 4 || len > fileSize - pos - 8) {
                    break;
                }
                byte[] payload = new byte[len];
                in.readFully(payload);
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != sum || !apply(payload, entries)) {
                    break;
                }
                pos += 8 + len;
            }
        } catch (EOFException e) {
            // a torn last record: what came before is intact
        }
        return entries;
    }

    private static boolean apply(byte[] payload, Map<String, String> entries) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        Map<String, String> record = new LinkedHashMap<>();
        try {
            int count = b.getInt();
            for (int i = 0; i < count; i++) {
                int kl = b.getInt();
                if (kl < 0 || kl > b.remaining()) {
                    return false;
                }
                String key = new String(payload, b.position(), kl, StandardCharsets.UTF_8);
                b.position(b.position() + kl);
                int vl = b.getInt();
                if (vl < -1 || vl > b.remaining()) {
                    return false;
                }
                String value = null;
                if (vl >= 0) {
                    value = new String(payload, b.position(), vl, StandardCharsets.UTF_8);
                    b.position(b.position() + vl);
                }
                record.put(key, value);
            }
            if (count < 0 || b.hasRemaining()) {
                return false;
            }
        } catch (RuntimeException e) {
            return false;
        }
        record.forEach((k, v) -> {
            if (v == null) {
                entries.remove(k);
            } else {
                entries.put(k, v);
            }
        });
        return true;
    }

    private static Map<String, String> readLines(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq >= 0) {
                    entries.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return entries;
    }

    private static boolean isText(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] all = in.readNBytes(1 << 20);
            for (byte c : all) {
                if (c == 0) {
                    return false;
                }
            }
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(all, 0,
                            all.length == 1 << 20 ? lastLineEnd(all) : all.length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int lastLineEnd(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
