package io.github.camelkantata.users.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal RFC 7578 multipart/form-data parser: enough to check what a client really sends. */
final class Multipart {

    /** One part of the form. */
    record Part(String name, String filename, String contentType, byte[] data) {
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]*)\"|[^;\\s]+)");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=(\"([^\"]*)\"|[^;\\s]+)");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=(\"([^\"]*)\"|[^;\\s]+)");

    private Multipart() {
    }

    /** @return the boundary of a multipart/form-data content type, or {@code null} if it is not one */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    /**
     * @throws IllegalArgumentException if the body is not well-formed multipart
     */
    static List<Part> parse(byte[] body, String boundary) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] crlfDelim = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) {
            throw new IllegalArgumentException("no boundary found");
        }
        pos += delim.length;
        while (true) {
            if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts;
            }
            if (pos + 1 >= body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                throw new IllegalArgumentException("malformed boundary line");
            }
            pos += 2;
            int hEnd = indexOf(body, headerEnd, pos);
            if (hEnd < 0) {
                throw new IllegalArgumentException("unterminated part headers");
            }
            String headers = new String(body, pos, hEnd - pos, StandardCharsets.UTF_8);
            int dataStart = hEnd + headerEnd.length;
            int next = indexOf(body, crlfDelim, dataStart);
            if (next < 0) {
                throw new IllegalArgumentException("unterminated part");
            }
            String name = null;
            String filename = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (key.equals("content-disposition")) {
                    name = param(NAME, value);
                    filename = param(FILENAME, value);
                } else if (key.equals("content-type")) {
                    type = value;
                }
            }
            parts.add(new Part(name, filename, type, Arrays.copyOfRange(body, dataStart, next)));
            pos = next + crlfDelim.length;
        }
    }

    private static String param(Pattern p, String header) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer: for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            if (hay[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** @return the file extension for a supported image format found by its magic bytes, or {@code null} */
    static String imageExtension(byte[] d) {
        if (starts(d, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "png";
        }
        if (starts(d, 0xFF, 0xD8, 0xFF)) {
            return "jpg";
        }
        if (starts(d, 'G', 'I', 'F', '8')) {
            return "gif";
        }
        if (starts(d, 'B', 'M') && d.length > 14) {
            return "bmp";
        }
        if (d.length >= 12 && starts(d, 'R', 'I', 'F', 'F') && d[8] == 'W' && d[9] == 'E' && d[10] == 'B'
                && d[11] == 'P') {
            return "webp";
        }
        return null;
    }

    private static boolean starts(byte[] d, int... magic) {
        if (d.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((d[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
