package io.github.camelkantata.users;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.camelkantata.users.client.Json;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns a message into checked request inputs. Every check here runs before a request is sent, and every failure names
 * the option or header, the value given, and what is allowed.
 */
final class Requests {

    /** The fields PUT /users/{id} can change. */
    static final List<String> UPDATABLE = List.of("full_name", "headline", "email_address", "external_reference");

    private static final Pattern NUMERIC = Pattern.compile("\\d{1,19}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Requests() {
    }

    /**
     * The user a call is about, first found of: the {@code CamelKantataUsersUserId} header (set on purpose), the
     * {@code userId} option, the id of a {@link User} body (a split list, the consumer's message), the
     * {@code CamelKantataUsersId} header (set by every kantata-users output about one user). The chained header comes
     * last so that it never overrides what a route or an endpoint states.
     */
    static String userId(Exchange exchange, KantataUsersConfiguration config, Object body) {
        Object header = exchange.getMessage().getHeader(KantataUsersConstants.USER_ID);
        if (header != null) {
            return checkUserId(KantataUsersConstants.USER_ID + " header", header.toString());
        }
        if (config.getUserId() != null) {
            return checkUserId("userId", config.getUserId());
        }
        if (body instanceof User u && u.getId() != null) {
            return checkUserId("user id of the body", u.getId());
        }
        Object chained = exchange.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID);
        if (chained != null) {
            return checkUserId(KantataUsersConstants.CONSUMER_USER_ID + " header", chained.toString());
        }
        throw new IllegalArgumentException(
                "Missing user id: set the " + KantataUsersConstants.USER_ID
                                           + " header or the userId option to a numeric Kantata user id, or send a User"
                                           + " body (or the output of another kantata-users call, which carries "
                                           + KantataUsersConstants.CONSUMER_USER_ID + ")");
    }

    static String checkUserId(String source, String value) {
        String v = value.trim();
        if (!NUMERIC.matcher(v).matches()) {
            throw new IllegalArgumentException(
                    "Invalid value for " + (source.contains(" ") ? source : "option '" + source + "'")
                                               + ": '" + value + "'. Allowed: a numeric Kantata user id such as 12345");
        }
        return v;
    }

    static LocalDate date(Message message, String header, String option, String optionValue) {
        Object h = message.getHeader(header);
        if (h instanceof LocalDate d) {
            return d;
        }
        if (h != null) {
            return parseDate(header + " header", h.toString());
        }
        if (optionValue != null) {
            return parseDate(option, optionValue);
        }
        throw new IllegalArgumentException(
                "Missing " + option + ": set the " + header + " header or the " + option
                                           + " option to a date such as 2026-01-31");
    }

    static LocalDate parseDate(String source, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Invalid value for " + (source.contains(" ") ? source : "option '" + source + "'")
                                               + ": '" + text + "'. Allowed: an ISO date yyyy-MM-dd such as 2026-01-31");
        }
    }

    /** An address as the lookup sends it: no separator of the comma list, no space, one @ and a dotted domain. */
    private static final Pattern LOOKUP_EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");
    private static final Pattern LOOKUP_SEPARATORS = Pattern.compile("[,;\\r\\n]+");

    /**
     * The addresses a lookup was given.
     *
     * @param given   the valid entries, trimmed, each spelling once, in input order
     * @param invalid the entries that are not e-mail addresses, trimmed, in input order
     */
    record EmailAddresses(List<String> given, List<String> invalid) {

        /** @return the addresses to send: lower-cased, each once whatever its case, in input order */
        List<String> distinct() {
            java.util.LinkedHashSet<String> set = new java.util.LinkedHashSet<>();
            for (String g : given) {
                set.add(g.toLowerCase(java.util.Locale.ROOT));
            }
            return List.copyOf(set);
        }
    }

    /**
     * The lookup's input: the {@code CamelKantataUsersEmailAddresses} header when set, else the body; either a
     * collection or array of addresses, or text with addresses separated by commas, semicolons or line breaks. Blank
     * entries are skipped; entries that are not addresses are reported, not sent.
     */
    static EmailAddresses emailAddresses(Message message) {
        Object header = message.getHeader(KantataUsersConstants.EMAIL_ADDRESSES);
        Object input = header != null ? header : message.getBody();
        String source = header != null ? KantataUsersConstants.EMAIL_ADDRESSES + " header" : "lookup body";
        List<String> entries = new java.util.ArrayList<>();
        if (input == null) {
            // nothing to look up
        } else if (input instanceof CharSequence text) {
            entries.addAll(List.of(LOOKUP_SEPARATORS.split(text)));
        } else if (input instanceof Iterable<?> items) {
            for (Object o : items) {
                if (o != null) {
                    entries.add(o.toString());
                }
            }
        } else if (input instanceof Object[] items) {
            for (Object o : items) {
                if (o != null) {
                    entries.add(o.toString());
                }
            }
        } else {
            throw new IllegalArgumentException(
                    "Invalid " + source + " type " + input.getClass().getName()
                                               + ". Allowed: a java.util.Collection of e-mail addresses, or a String of "
                                               + "addresses separated by commas, semicolons or line breaks");
        }
        java.util.LinkedHashSet<String> given = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> invalid = new java.util.LinkedHashSet<>();
        for (String entry : entries) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            (LOOKUP_EMAIL.matcher(e).matches() ? given : invalid).add(e);
        }
        return new EmailAddresses(List.copyOf(given), List.copyOf(invalid));
    }

    /** The fields to update from a Map, a User or JSON text, checked against what the API can update. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> updateFields(Object body) {
        Map<String, Object> fields;
        if (body == null) {
            throw new IllegalArgumentException(
                    "Missing update body: send the fields to change (full_name, headline, "
                                               + "email_address, external_reference) as a Map, a User or JSON");
        } else if (body instanceof User u) {
            fields = new LinkedHashMap<>();
            putIfSet(fields, "full_name", u.getFullName());
            putIfSet(fields, "headline", u.getHeadline());
            putIfSet(fields, "email_address", u.getEmailAddress());
            putIfSet(fields, "external_reference", u.getAdditionalProperty("external_reference"));
        } else if (body instanceof Map<?, ?> m) {
            fields = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                fields.put(snake(String.valueOf(e.getKey())), e.getValue());
            }
        } else if (body instanceof String || body instanceof byte[]) {
            String json = body instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : (String) body;
            if (json.isBlank()) {
                throw new IllegalArgumentException(
                        "Invalid update body: the JSON text is empty. Allowed: a JSON object of "
                                                   + "the fields to change, e.g. {\"headline\":\"CTO\"}");
            }
            try {
                fields = Json.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
                });
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "Invalid update body: not a JSON object ("
                                                   + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                                                           ? jpe.getOriginalMessage() : e.getClass().getSimpleName())
                                                   + "). Allowed: a JSON object of the fields to change, e.g. {\"headline\":\"CTO\"}");
            }
            if (fields.size() == 1 && fields.get("user") instanceof Map) {
                fields = new LinkedHashMap<>((Map<String, Object>) fields.get("user"));
            }
        } else {
            throw new IllegalArgumentException(
                    "Invalid update body type " + body.getClass().getName()
                                               + ". Allowed: java.util.Map, " + User.class.getName() + " or a JSON string");
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid update body: no fields to change. Allowed fields: "
                                               + String.join(", ", UPDATABLE));
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String name = e.getKey();
            if (!UPDATABLE.contains(name)) {
                throw new IllegalArgumentException(
                        "Invalid update field '" + name + "': the Kantata API cannot update it. "
                                                   + "Allowed fields: " + String.join(", ", UPDATABLE));
            }
            Object v = e.getValue();
            switch (name) {
                case "full_name":
                    if (!(v instanceof String s) || s.isBlank()) {
                        throw new IllegalArgumentException(
                                "Invalid value for update field 'full_name': '" + v
                                                           + "'. Allowed: a non-blank name");
                    }
                    break;
                case "email_address":
                    if (!(v instanceof String s) || !EMAIL.matcher(s).matches()) {
                        throw new IllegalArgumentException(
                                "Invalid value for update field 'email_address': '" + v
                                                           + "'. Allowed: an e-mail address such as jane@example.com");
                    }
                    break;
                case "headline":
                    if (v != null && !(v instanceof String)) {
                        throw new IllegalArgumentException(
                                "Invalid value for update field 'headline': '" + v + "'. Allowed: text");
                    }
                    break;
                default:
                    if (!(v instanceof Map<?, ?> ref) || ref.get("service_name") == null || ref.get("service_model") == null
                            || ref.get("service_model_ref") == null) {
                        throw new IllegalArgumentException(
                                "Invalid value for update field 'external_reference': '" + v
                                                           + "'. Allowed: an object with service_name, service_model and service_model_ref");
                    }
            }
        }
        return fields;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** fullName becomes full_name, so Java-style keys work too. */
    static String snake(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A photo ready to stream: its content as parts ({@code byte[]}, {@link ByteBuffer} or {@link Path}), its length, a
     * file name and a content type detected from its first bytes.
     */
    record Photo(List<Object> content, long length, String fileName, String contentType) {
    }

    private static final int HEAD = 16;
    private static final int CHUNK = 64 * 1024;

    /**
     * Reads the photo body through Camel's type converters. Files ({@code java.io.File}, {@code Path}, a
     * {@code from("file:...")} body) are left on disk and streamed when sent; arrays and buffers are sent as they are;
     * a stream is read once into chunks (never more than {@code maxPhotoBytes}) and closed. Memory per upload is about
     * the photo's size for streams and arrays, and a constant for files.
     *
     * @param exchange     the exchange
     * @param maxBytes     maxPhotoBytes
     * @param readDeadline closes a stream still being read when the call's deadline passes; may be null
     */
    static Photo photo(
            Exchange exchange, long maxBytes, java.util.function.Function<java.io.Closeable, Runnable> readDeadline) {
        Message msg = exchange.getMessage();
        Object body = msg.getBody();
        String name = msg.getHeader(KantataUsersConstants.PHOTO_FILE_NAME, String.class);
        if (name == null) {
            name = msg.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        }
        if (name == null) {
            name = msg.getHeader(Exchange.FILE_NAME, String.class);
        }
        if (body instanceof org.apache.camel.WrappedFile<?> wrapped && wrapped.getFile() instanceof File f) {
            body = f; // a file: consumer's GenericFile is streamed from disk, not loaded
        }
        if (body == null) {
            throw new IllegalArgumentException(
                    "Missing photo body: send the image as byte[], java.io.File, "
                                               + "java.nio.file.Path, a file: consumer's file, ByteBuffer or java.io.InputStream");
        }
        List<Object> content;
        long length;
        byte[] head;
        try {
            if (body instanceof byte[] b) {
                content = List.of(b);
                length = b.length;
                head = b;
            } else if (body instanceof ByteBuffer bb) {
                ByteBuffer copy = bb.slice();
                content = List.of(copy);
                length = copy.remaining();
                head = new byte[(int) Math.min(HEAD, length)];
                copy.duplicate().get(head);
            } else if (body instanceof File || body instanceof Path) {
                Path p = body instanceof File f ? f.toPath() : (Path) body;
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("Invalid photo body: " + p + " is not a readable file");
                }
                length = Files.size(p);
                checkSize(length, maxBytes);
                content = List.of(p);
                head = new byte[(int) Math.min(HEAD, length)];
                try (InputStream in = Files.newInputStream(p)) {
                    in.readNBytes(head, 0, head.length);
                }
                name = name != null ? name : p.getFileName().toString();
            } else {
                InputStream in = body instanceof InputStream s
                        ? s
                        : exchange.getContext().getTypeConverter().tryConvertTo(InputStream.class, exchange, body);
                if (in == null) {
                    throw new IllegalArgumentException(
                            "Invalid photo body type " + body.getClass().getName()
                                                       + ". Allowed: byte[], java.io.File, java.nio.file.Path, a file: "
                                                       + "consumer's file, ByteBuffer, java.io.InputStream or anything "
                                                       + "Camel converts to one");
                }
                Runnable cancelDeadline = readDeadline == null ? () -> {
                } : readDeadline.apply(in);
                try (InputStream stream = in) {
                    content = readChunks(stream, maxBytes);
                } finally {
                    cancelDeadline.run();
                }
                length = 0;
                for (Object c : content) {
                    length += ((byte[]) c).length;
                }
                head = content.isEmpty() ? new byte[0] : (byte[]) content.get(0);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the photo body: " + e.getMessage(), e);
        }
        if (length == 0) {
            throw new IllegalArgumentException("Invalid photo body: it is empty. Allowed: a PNG, JPEG, GIF, BMP or WebP image");
        }
        checkSize(length, maxBytes);
        String type = imageType(head);
        if (type == null) {
            throw new IllegalArgumentException(
                    "Invalid photo body: the " + length
                                               + " bytes are not an image. Allowed: a PNG, JPEG, GIF, BMP or WebP image");
        }
        if (name == null || name.isBlank()) {
            name = "photo." + type.substring("image/".length()).replace("jpeg", "jpg");
        }
        return new Photo(content, length, name, type);
    }

    private static void checkSize(long size, long maxBytes) {
        if (size > maxBytes) {
            throw new IllegalArgumentException(
                    "Invalid photo body: " + size + " bytes exceeds maxPhotoBytes (" + maxBytes
                                               + "). Allowed: an image of at most " + maxBytes + " bytes");
        }
    }

    /** Reads a stream into chunks of at most 64 KB, so that nothing is copied to grow a buffer. */
    private static List<Object> readChunks(InputStream in, long maxBytes) throws IOException {
        List<Object> chunks = new java.util.ArrayList<>();
        long total = 0;
        while (true) {
            byte[] chunk = in.readNBytes(CHUNK);
            if (chunk.length == 0) {
                return chunks;
            }
            total += chunk.length;
            if (total > maxBytes) {
                throw new IllegalArgumentException(
                        "Invalid photo body: the stream exceeds maxPhotoBytes (" + maxBytes
                                                   + "). Allowed: an image of at most " + maxBytes + " bytes");
            }
            chunks.add(chunk);
            if (chunk.length < CHUNK) {
                return chunks;
            }
        }
    }

    /** @return the image MIME type from the magic bytes, or null when the bytes are not a supported image */
    static String imageType(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 14 && b[0] == 'B' && b[1] == 'M') {
            return "image/bmp";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
