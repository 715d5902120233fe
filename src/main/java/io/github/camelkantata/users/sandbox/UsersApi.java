package io.github.camelkantata.users.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The seven Users operations, computed from {@link SandboxData}. */
final class UsersApi {

    /** A response ready to send; {@code body == null} means no body (204). */
    record Response(int status, byte[] body, Map<String, String> headers) {
        Response(int status, byte[] body) {
            this(status, body, Map.of());
        }
    }

    /** Who is calling, resolved from the bearer token. */
    record Caller(SandboxUser user, boolean admin) {
    }

    static final List<String> INCLUDES = List.of("account_membership", "custom_field_values", "external_references",
            "manager", "role", "skill_memberships", "skills", "work_samples");
    static final List<String> OPTIONAL_FIELDS = List.of("bio", "website", "city", "state", "country",
            "abbreviated_timezone", "last_site_activity", "classification");
    static final int MAX_PER_PAGE = 200;
    static final int MAX_PHOTO_BYTES = 10 * 1024 * 1024;

    private static final Set<String> NON_FILTER_PARAMS = Set.of("page", "per_page", "limit", "offset", "include",
            "optional_fields");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> REF_STATUSES = Set.of("successful", "pending", "failed");
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SandboxData data;
    private final AtomicLong photoCounter = new AtomicLong();

    UsersApi(SandboxData data) {
        this.data = data;
    }

    // ------------------------------------------------------------------ routing

    Response handle(
            String method, String path, Map<String, List<String>> query, String contentType, byte[] body,
            Caller caller) {
        String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1".length()) : null;
        if (rest == null) {
            throw ApiException.notFound();
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.endsWith(".json")) {
            rest = rest.substring(0, rest.length() - ".json".length());
        }
        String[] seg = rest.substring(1).split("/", -1);
        if (seg.length == 1 && seg[0].equals("subscribed_events")) {
            requireMethod(method, "GET");
            return data.events().list(query, caller);
        }
        if (!seg[0].equals("users")) {
            throw ApiException.notFound();
        }
        if (seg.length == 1) {
            requireMethod(method, "GET");
            return list(query, caller);
        }
        if (seg.length == 2 && seg[1].equals("me")) {
            requireMethod(method, "GET");
            return single(caller.user(), query, caller);
        }
        if (seg.length == 2) {
            if (method.equals("GET")) {
                return single(visibleUser(seg[1], query, caller), query, caller);
            }
            requireMethod(method, "GET, PUT");
            return update(seg[1], query, contentType, body, caller);
        }
        if (seg.length == 3 && seg[2].equals("capacity")) {
            requireMethod(method, "GET");
            return capacity(seg[1], query, caller);
        }
        if (seg.length == 3 && seg[2].equals("profile_photo")) {
            if (method.equals("POST")) {
                return uploadPhoto(seg[1], query, contentType, body, caller);
            }
            requireMethod(method, "POST, DELETE");
            return resetPhoto(seg[1], query, caller);
        }
        throw ApiException.notFound();
    }

    private static void requireMethod(String method, String allowed) {
        for (String a : allowed.split(", ")) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowed(allowed);
    }

    /** 405 with an Allow header. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String allow;

        MethodNotAllowed(String allow) {
            super(null, null, false, false);
            this.allow = allow;
        }
    }

    // ------------------------------------------------------------------ visibility

    private static boolean sharesProject(SandboxUser a, SandboxUser b) {
        for (String p : a.projectIds) {
            if (b.projectIds.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** The index route's rule (notes §5.1). */
    private static boolean listVisible(SandboxUser u, Caller c, boolean onMyAccount, boolean showDisabled) {
        if (u.disabled && !showDisabled) {
            return false;
        }
        if (onMyAccount) {
            return u.onAccount;
        }
        return c.admin() ? !u.projectIds.isEmpty() : sharesProject(u, c.user());
    }

    /** The show route's rule: what the index route could return for some visibility filter. */
    private static boolean showVisible(SandboxUser u, Caller c, boolean showDisabled) {
        if (u.disabled && !showDisabled) {
            return false;
        }
        if (u.id.equals(c.user().id) || u.onAccount) {
            return true;
        }
        return c.admin() ? !u.projectIds.isEmpty() : sharesProject(u, c.user());
    }

    private SandboxUser visibleUser(String id, Map<String, List<String>> q, Caller caller) {
        if (!id.matches("[0-9]{1,18}")) {
            throw ApiException.notFound();
        }
        String normalized = Long.toString(Long.parseLong(id));
        SandboxUser u = data.snapshot().byId.get(normalized);
        if (u == null || !showVisible(u, caller, bool(q, "show_disabled"))) {
            throw ApiException.notFound();
        }
        return u;
    }

    private static void requireSelfOrAdmin(SandboxUser target, Caller caller) {
        if (!caller.admin() && !target.id.equals(caller.user().id)) {
            throw ApiException.system(403, "You do not have permission to modify this user.");
        }
    }

    // ------------------------------------------------------------------ GET /users

    private Response list(Map<String, List<String>> q, Caller caller) {
        Shape shape = Shape.parse(q, caller);
        String order = first(q, "order");
        boolean desc = false;
        if (order != null) {
            if (order.equals("alphabetical:desc")) {
                desc = true;
            } else if (!order.equals("alphabetical:asc")) {
                throw ApiException.system(400, "Invalid order '" + order
                                               + "'. Valid orders are: alphabetical:asc, alphabetical:desc");
            }
        }
        Integer page = intParam(q, "page", 1);
        Integer perPage = intParam(q, "per_page", 1);
        Integer limit = intParam(q, "limit", 1);
        Integer offset = intParam(q, "offset", 0);

        SandboxData.Snapshot s = data.snapshot();
        String key = cacheKey(q, caller);
        SandboxUser[] matched = s.filterCache.get(key);
        if (matched == null) {
            matched = filter(s, q, caller, desc);
            if (s.filterCache.size() > 64) {
                s.filterCache.clear();
            }
            s.filterCache.put(key, matched);
        }

        int count = matched.length;
        int size;
        long start;
        int pageNumber;
        if (limit != null && offset != null) {
            size = Math.min(limit, MAX_PER_PAGE);
            start = offset;
            pageNumber = offset / size + 1;
        } else {
            size = perPage == null ? 20 : Math.min(perPage, MAX_PER_PAGE);
            pageNumber = page == null ? 1 : page;
            start = (long) (pageNumber - 1) * size;
        }
        int pageCount = (int) ((count + (long) size - 1) / size);
        List<SandboxUser> slice = new ArrayList<>();
        for (long i = start; i < count && i < start + size; i++) {
            slice.add(matched[(int) i]);
        }
        return new Response(200, envelope(s, slice, count, pageCount, pageNumber, size, shape));
    }

    private static String cacheKey(Map<String, List<String>> q, Caller caller) {
        TreeMap<String, List<String>> filters = new TreeMap<>(q);
        filters.keySet().removeAll(NON_FILTER_PARAMS);
        return caller.user().id + "|" + caller.admin() + "|" + filters;
    }

    private SandboxUser[] filter(SandboxData.Snapshot s, Map<String, List<String>> q, Caller caller, boolean desc) {
        boolean onMyAccount = bool(q, "on_my_account");
        boolean showDisabled = bool(q, "show_disabled");
        List<Predicate<SandboxUser>> preds = new ArrayList<>();
        preds.add(u -> listVisible(u, caller, onMyAccount, showDisabled));

        String accountId = first(q, "account_id");
        if (accountId != null) {
            if (onMyAccount) {
                throw ApiException.system(400, "account_id cannot be combined with on_my_account");
            }
            boolean ours = accountId.trim().equals(SandboxData.ACCOUNT_ID);
            preds.add(u -> ours && u.onAccount);
        }
        String email = first(q, "by_email_address");
        if (email != null) {
            preds.add(u -> u.emailAddress != null && u.emailAddress.equalsIgnoreCase(email.trim()));
        }
        String emails = first(q, "by_email_addresses");
        if (emails != null) {
            Set<String> set = new HashSet<>();
            for (String e : emails.split(",")) {
                if (!e.isBlank()) {
                    set.add(e.trim().toLowerCase(Locale.ROOT));
                }
            }
            if (set.size() > 200) {
                throw ApiException.validation("by_email_addresses",
                        "by_email_addresses accepts at most 200 addresses");
            }
            preds.add(u -> u.emailAddress != null && set.contains(u.emailAddress.toLowerCase(Locale.ROOT)));
        }
        String byFullName = first(q, "by_full_name");
        if (byFullName != null) {
            String term = byFullName.trim().toLowerCase(Locale.ROOT);
            preds.add(u -> u.sortKey.contains(term));
        }
        addTimeFilter(preds, q, "updated_after", true, u -> u.updatedAt);
        addTimeFilter(preds, q, "updated_before", false, u -> u.updatedAt);
        addTimeFilter(preds, q, "created_after", true, u -> u.createdAt);
        addTimeFilter(preds, q, "created_before", false, u -> u.createdAt);
        String participantIn = first(q, "participant_in");
        if (participantIn != null) {
            String p = participantIn.trim();
            preds.add(u -> u.projectIds.contains(p));
        }
        String notParticipantIn = first(q, "not_participant_in");
        if (notParticipantIn != null) {
            String p = notParticipantIn.trim();
            preds.add(u -> !u.projectIds.contains(p));
        }
        if (bool(q, "managers")) {
            preds.add(u -> s.managerIds.contains(u.id));
        }
        Set<String> withUsers = idSet(first(q, "with_users"));
        if (withUsers != null) {
            preds.add(u -> withUsers.contains(u.id));
        }
        Set<String> withoutUsers = idSet(first(q, "without_users"));
        if (withoutUsers != null) {
            preds.add(u -> !withoutUsers.contains(u.id));
        }
        Set<String> only = idSet(first(q, "only"));
        if (only != null) {
            preds.add(u -> only.contains(u.id));
        }
        Predicate<SandboxUser> all = u -> {
            for (Predicate<SandboxUser> p : preds) {
                if (!p.test(u)) {
                    return false;
                }
            }
            return true;
        };

        String search = only == null ? first(q, "search") : null;
        SandboxUser[] sorted = s.sorted;
        if (search != null && !search.isBlank()) {
            // Relevance (notes §2.6): names starting with the term, then names with a word starting
            // with it, then any other name/email containing it; alphabetical within each group.
            String term = search.trim().toLowerCase(Locale.ROOT);
            List<SandboxUser> t0 = new ArrayList<>();
            List<SandboxUser> t1 = new ArrayList<>();
            List<SandboxUser> t2 = new ArrayList<>();
            for (SandboxUser u : sorted) {
                boolean inName = u.sortKey.contains(term);
                boolean inEmail = u.emailAddress != null && u.emailAddress.toLowerCase(Locale.ROOT).contains(term);
                if ((inName || inEmail) && all.test(u)) {
                    if (u.sortKey.startsWith(term)) {
                        t0.add(u);
                    } else if (u.sortKey.contains(" " + term)) {
                        t1.add(u);
                    } else {
                        t2.add(u);
                    }
                }
            }
            t0.addAll(t1);
            t0.addAll(t2);
            return t0.toArray(new SandboxUser[0]);
        }
        List<SandboxUser> out = new ArrayList<>();
        if (desc) {
            for (int i = sorted.length - 1; i >= 0; i--) {
                if (all.test(sorted[i])) {
                    out.add(sorted[i]);
                }
            }
        } else {
            for (SandboxUser u : sorted) {
                if (all.test(u)) {
                    out.add(u);
                }
            }
        }
        return out.toArray(new SandboxUser[0]);
    }

    private static void addTimeFilter(
            List<Predicate<SandboxUser>> preds, Map<String, List<String>> q, String name,
            boolean after, java.util.function.Function<SandboxUser, Instant> field) {
        String v = first(q, name);
        if (v == null) {
            return;
        }
        Instant t = parseDateTime(name, v);
        preds.add(after ? u -> field.apply(u).isAfter(t) : u -> field.apply(u).isBefore(t));
    }

    private static Instant parseDateTime(String name, String v) {
        String s = v.trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.system(400, "Invalid value for " + name + ": '" + v
                                               + "' is not an ISO 8601 date-time (e.g. 2024-03-01T10:15:30Z)");
            }
        }
    }

    private static Set<String> idSet(String v) {
        if (v == null) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        for (String part : v.split(",")) {
            String t = part.trim();
            if (t.matches("[0-9]{1,18}")) {
                ids.add(Long.toString(Long.parseLong(t)));
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ single-user routes

    private Response single(SandboxUser u, Map<String, List<String>> q, Caller caller) {
        Shape shape = Shape.parse(q, caller);
        return new Response(200, envelope(data.snapshot(), List.of(u), 1, 1, 1, 20, shape));
    }

    /**
     * Rails-structured form encoding (notes §1): {@code user[full_name]=..&user[external_reference][service_name]=..}.
     */
    private static JsonNode formToJson(String form) {
        com.fasterxml.jackson.databind.node.ObjectNode root = MAPPER.createObjectNode();
        for (Map.Entry<String, List<String>> e : KantataSandbox.parseQuery(form).entrySet()) {
            String[] path = e.getKey().replace("]", "").split("\\[");
            com.fasterxml.jackson.databind.node.ObjectNode node = root;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = node.get(path[i]);
                node = child instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o : node.putObject(path[i]);
            }
            node.put(path[path.length - 1], e.getValue().get(0));
        }
        return root;
    }

    private Response update(String id, Map<String, List<String>> q, String contentType, byte[] body, Caller caller) {
        Shape shape = Shape.parse(q, caller);
        SandboxUser target = visibleUser(id, q, caller);
        requireSelfOrAdmin(target, caller);
        JsonNode root;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            root = formToJson(new String(body, StandardCharsets.UTF_8));
        } else {
            try {
                root = body.length == 0 ? null : MAPPER.readTree(body);
            } catch (IOException e) {
                throw ApiException.system(400, "The request body is not valid JSON");
            }
        }
        if (root == null || !root.isObject() || !root.path("user").isObject()) {
            throw ApiException.system(400, "The request body must be a JSON object with a \"user\" object");
        }
        JsonNode in = root.get("user");
        List<ApiException.Error> errors = new ArrayList<>();
        synchronized (data) {
            SandboxUser current = data.user(target.id);
            if (current == null) {
                throw ApiException.notFound();
            }
            SandboxUser u = current.copy();
            if (in.has("full_name")) {
                JsonNode n = in.get("full_name");
                if (!n.isValueNode() || n.isNull() || n.asText().isBlank()) {
                    errors.add(new ApiException.Error("validation", "Full name can't be blank", "full_name"));
                } else {
                    u.setFullName(n.asText().trim());
                }
            }
            if (in.has("headline")) {
                JsonNode n = in.get("headline");
                u.headline = n.isNull() ? "" : n.asText();
            }
            if (in.has("email_address")) {
                JsonNode n = in.get("email_address");
                String e = n.isValueNode() && !n.isNull() ? n.asText().trim() : "";
                if (!EMAIL.matcher(e).matches()) {
                    errors.add(new ApiException.Error("validation", "Email address is invalid", "email_address"));
                } else if (emailTaken(e, u.id)) {
                    errors.add(new ApiException.Error(
                            "validation", "Email address has already been taken",
                            "email_address"));
                } else {
                    u.emailAddress = e;
                }
            }
            if (in.has("external_reference")) {
                applyExternalReference(u, in.get("external_reference"), errors);
            }
            if (!errors.isEmpty()) {
                throw new ApiException(422, errors);
            }
            if (!data.replace(u)) {
                throw ApiException.notFound();
            }
        }
        return single(data.user(target.id), q, caller, shape);
    }

    private Response single(SandboxUser u, Map<String, List<String>> q, Caller caller, Shape shape) {
        return new Response(200, envelope(data.snapshot(), List.of(u), 1, 1, 1, 20, shape));
    }

    private boolean emailTaken(String email, String selfId) {
        for (SandboxUser other : data.snapshot().sorted) {
            if (!other.id.equals(selfId) && other.emailAddress != null && other.emailAddress.equalsIgnoreCase(email)) {
                return true;
            }
        }
        return false;
    }

    private void applyExternalReference(SandboxUser u, JsonNode ref, List<ApiException.Error> errors) {
        if (!ref.isObject()) {
            errors.add(new ApiException.Error(
                    "validation", "External reference must be an object",
                    "external_reference"));
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean ok = true;
        for (String required : List.of("service_name", "service_model", "service_model_ref")) {
            JsonNode n = ref.get(required);
            if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
                errors.add(new ApiException.Error(
                        "validation", "External reference " + required.replace('_', ' ')
                                      + " can't be blank",
                        "external_reference." + required));
                ok = false;
            } else {
                fields.put(required, n.asText());
            }
        }
        JsonNode status = ref.get("status");
        if (status != null && !status.isNull()) {
            if (!REF_STATUSES.contains(status.asText())) {
                errors.add(new ApiException.Error(
                        "validation",
                        "External reference status must be one of successful, pending, failed",
                        "external_reference.status"));
                ok = false;
            } else {
                fields.put("status", status.asText());
            }
        }
        for (String opt : List.of("external_message", "external_link", "external_status")) {
            JsonNode n = ref.get(opt);
            if (n != null && !n.isNull()) {
                fields.put(opt, n.asText());
            }
        }
        JsonNode locked = ref.get("locked");
        if (locked != null && !locked.isNull()) {
            fields.put("locked", locked.asBoolean());
        }
        if (!ok) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<SandboxUser.ExternalReference> refs = new ArrayList<>(u.externalReferences);
        // One reference per service_name (notes §5.4): a second PUT for the same service updates it.
        for (int i = 0; i < refs.size(); i++) {
            SandboxUser.ExternalReference old = refs.get(i);
            if (old.fields.get("service_name").equals(fields.get("service_name"))) {
                refs.set(i, new SandboxUser.ExternalReference(old.id, fields, old.createdAt, now));
                u.externalReferences = List.copyOf(refs);
                return;
            }
        }
        refs.add(new SandboxUser.ExternalReference(data.newExternalReferenceId(), fields, now, now));
        u.externalReferences = List.copyOf(refs);
    }

    private Response capacity(String id, Map<String, List<String>> q, Caller caller) {
        SandboxUser u = visibleUser(id, q, caller);
        LocalDate start = date(q, "start_date");
        LocalDate end = date(q, "end_date");
        if (start.isAfter(end)) {
            throw ApiException.validation("start_date", "Start date must be on or before end date");
        }
        if (ChronoUnit.DAYS.between(start, end) > 3660) {
            throw ApiException.validation("end_date", "The date range may not exceed 10 years");
        }
        double weekday = u.partTime ? 6.0 : 8.0;
        byte[] out = write(g -> {
            g.writeStartObject();
            g.writeStringField("start_date", start.toString());
            g.writeStringField("end_date", end.toString());
            g.writeObjectFieldStart("hours");
            for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
                g.writeNumberField(d.toString(), weekend ? 0.0 : weekday);
            }
            g.writeEndObject();
            g.writeEndObject();
        });
        return new Response(200, out);
    }

    private static LocalDate date(Map<String, List<String>> q, String name) {
        String v = first(q, name);
        if (v == null || v.isBlank()) {
            throw ApiException.system(400, name + " is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.system(400, "Invalid " + name + " '" + v + "': expected YYYY-MM-DD");
        }
    }

    private Response uploadPhoto(
            String id, Map<String, List<String>> q, String contentType, byte[] body,
            Caller caller) {
        Shape shape = Shape.parse(q, caller);
        SandboxUser target = visibleUser(id, q, caller);
        requireSelfOrAdmin(target, caller);
        String field = "profile_photo_attachment_file";
        String boundary = Multipart.boundary(contentType);
        if (boundary == null) {
            throw ApiException.validation(field,
                    "Profile photo attachment file can't be blank (send multipart/form-data)");
        }
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(body, boundary);
        } catch (IllegalArgumentException e) {
            throw ApiException.system(400, "Malformed multipart body: " + e.getMessage());
        }
        Multipart.Part photo = null;
        for (Multipart.Part p : parts) {
            if ("user[profile_photo_attachment_file]".equals(p.name())) {
                photo = p;
                break;
            }
        }
        if (photo == null) {
            throw ApiException.validation(field, "Profile photo attachment file can't be blank");
        }
        if (photo.filename() == null || photo.filename().isBlank()) {
            throw ApiException.validation(field, "Profile photo attachment file must be a file upload with a filename");
        }
        if (photo.contentType() == null || !photo.contentType().toLowerCase(Locale.ROOT).startsWith("image/")) {
            throw ApiException.validation(field, "Profile photo attachment file must have an image content type");
        }
        if (photo.data().length > MAX_PHOTO_BYTES) {
            throw ApiException.validation(field, "Profile photo attachment file is too large (maximum is 10 MB)");
        }
        String ext = Multipart.imageExtension(photo.data());
        if (ext == null) {
            throw ApiException.validation(field,
                    "Profile photo attachment file is not a supported image (PNG, JPEG, GIF, BMP, WEBP)");
        }
        synchronized (data) {
            SandboxUser current = data.user(target.id);
            if (current == null) {
                throw ApiException.notFound();
            }
            SandboxUser u = current.copy();
            u.photoPath = "https://sandbox.kantata.invalid/profile_photos/" + u.id + "/"
                          + photoCounter.incrementAndGet() + "." + ext;
            data.replace(u);
        }
        return single(data.user(target.id), q, caller, shape);
    }

    private Response resetPhoto(String id, Map<String, List<String>> q, Caller caller) {
        SandboxUser target = visibleUser(id, q, caller);
        requireSelfOrAdmin(target, caller);
        synchronized (data) {
            SandboxUser current = data.user(target.id);
            if (current == null) {
                throw ApiException.notFound();
            }
            SandboxUser u = current.copy();
            u.photoPath = SandboxData.DEFAULT_AVATAR;
            data.replace(u);
        }
        return new Response(204, null);
    }

    // ------------------------------------------------------------------ rendering

    /** What the caller asked to see: side-loads and optional fields, validated. */
    record Shape(Set<String> includes, List<String> optionalFields) {

        static Shape parse(Map<String, List<String>> q, Caller caller) {
            Set<String> inc = new LinkedHashSet<>();
            for (String v : commaList(q, "include")) {
                if (!INCLUDES.contains(v)) {
                    throw ApiException.system(400, "Invalid include '" + v + "'. Valid includes are: "
                                                   + String.join(", ", INCLUDES));
                }
                inc.add(v);
            }
            List<String> opt = new ArrayList<>();
            Set<String> asked = new HashSet<>();
            for (String v : commaList(q, "optional_fields")) {
                if (!OPTIONAL_FIELDS.contains(v)) {
                    throw ApiException.system(400, "Invalid optional_fields value '" + v
                                                   + "'. Valid values are: " + String.join(", ", OPTIONAL_FIELDS));
                }
                asked.add(v);
            }
            for (String f : OPTIONAL_FIELDS) {
                // last_site_activity is an admin-only, on_my_account-only field (notes §6.1).
                if (asked.contains(f)
                        && (!f.equals("last_site_activity") || (caller.admin() && bool(q, "on_my_account")))) {
                    opt.add(f);
                }
            }
            return new Shape(inc, opt);
        }

        boolean has(String include) {
            return includes.contains(include);
        }
    }

    private static List<String> commaList(Map<String, List<String>> q, String name) {
        List<String> out = new ArrayList<>();
        List<String> values = q.get(name);
        if (values == null) {
            values = q.get(name + "[]");
        }
        if (values == null) {
            return out;
        }
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    private byte[] envelope(
            SandboxData.Snapshot s, List<SandboxUser> page, int count, int pageCount, int pageNumber,
            int pageSize, Shape shape) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("count", count);
            g.writeObjectFieldStart("meta");
            g.writeNumberField("count", count);
            g.writeNumberField("page_count", pageCount);
            g.writeNumberField("page_number", pageNumber);
            g.writeNumberField("page_size", pageSize);
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (SandboxUser u : page) {
                g.writeStartObject();
                g.writeStringField("key", "users");
                g.writeStringField("id", u.id);
                g.writeEndObject();
            }
            g.writeEndArray();

            g.writeObjectFieldStart("users");
            Set<String> written = new HashSet<>();
            for (SandboxUser u : page) {
                if (written.add(u.id)) {
                    g.writeFieldName(u.id);
                    writeUser(g, s, u, shape, true);
                }
            }
            if (shape.has("manager")) {
                // Managers share the "users" key but are not results (notes §2.2).
                for (SandboxUser u : page) {
                    SandboxUser m = u.managerId == null ? null : s.byId.get(u.managerId);
                    if (m != null && written.add(m.id)) {
                        g.writeFieldName(m.id);
                        writeUser(g, s, m, shape, false);
                    }
                }
            }
            g.writeEndObject();

            if (shape.has("role")) {
                g.writeObjectFieldStart("roles");
                Set<String> done = new HashSet<>();
                for (SandboxUser u : page) {
                    if (u.roleId != null && done.add(u.roleId)) {
                        writeRole(g, u.roleId);
                    }
                }
                g.writeEndObject();
            }
            if (shape.has("skills")) {
                g.writeObjectFieldStart("skills");
                Set<Integer> done = new HashSet<>();
                for (SandboxUser u : page) {
                    for (SandboxUser.SkillMembership m : u.skillMemberships) {
                        if (done.add(m.skillIndex)) {
                            writeSkill(g, m.skillIndex);
                        }
                    }
                }
                g.writeEndObject();
            }
            if (shape.has("skill_memberships")) {
                g.writeObjectFieldStart("skill_memberships");
                for (SandboxUser u : page) {
                    for (SandboxUser.SkillMembership m : u.skillMemberships) {
                        g.writeObjectFieldStart(Long.toString(m.id));
                        g.writeStringField("id", Long.toString(m.id));
                        g.writeNumberField("level", m.level);
                        g.writeNumberField("max_level", 5);
                        g.writeStringField("cached_skill_name", SandboxData.SKILL_NAMES[m.skillIndex]);
                        g.writeStringField("skill_id", SandboxData.skillId(m.skillIndex));
                        g.writeStringField("user_id", u.id);
                        g.writeStringField("created_at", u.createdAt.toString());
                        g.writeStringField("updated_at", u.createdAt.toString());
                        g.writeEndObject();
                    }
                }
                g.writeEndObject();
            }
            if (shape.has("account_membership")) {
                g.writeObjectFieldStart("account_memberships");
                for (SandboxUser u : page) {
                    if (u.onAccount) {
                        writeAccountMembership(g, s, u);
                    }
                }
                g.writeEndObject();
            }
            if (shape.has("external_references")) {
                g.writeObjectFieldStart("external_references");
                for (SandboxUser u : page) {
                    for (SandboxUser.ExternalReference r : u.externalReferences) {
                        writeExternalReference(g, u, r);
                    }
                }
                g.writeEndObject();
            }
            if (shape.has("custom_field_values")) {
                g.writeObjectFieldStart("custom_field_values");
                g.writeEndObject();
            }
            if (shape.has("work_samples")) {
                g.writeObjectFieldStart("work_samples");
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static void writeUser(
            JsonGenerator g, SandboxData.Snapshot s, SandboxUser u, Shape shape,
            boolean withAssociations)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", u.id);
        g.writeStringField("full_name", u.fullName);
        g.writeStringField("email_address", u.emailAddress);
        g.writeStringField("headline", u.headline);
        g.writeStringField("photo_path", u.photoPath);
        for (String f : shape.optionalFields()) {
            switch (f) {
                case "bio" -> g.writeStringField(f, u.bio);
                case "website" -> g.writeStringField(f, u.website);
                case "city" -> g.writeStringField(f, u.city);
                case "state" -> g.writeStringField(f, u.state);
                case "country" -> g.writeStringField(f, u.country);
                case "abbreviated_timezone" -> g.writeStringField(f, u.abbreviatedTimezone);
                case "last_site_activity" -> g.writeStringField(f, time(u.lastSiteActivity));
                case "classification" -> g.writeStringField(f, u.classification);
                default -> throw new IllegalStateException(f);
            }
        }
        if (withAssociations) {
            if (shape.has("manager")) {
                g.writeStringField("manager_id", u.managerId != null && s.byId.containsKey(u.managerId)
                        ? u.managerId : null);
            }
            if (shape.has("role")) {
                g.writeStringField("role_id", u.roleId);
            }
            if (shape.has("skills")) {
                g.writeArrayFieldStart("skill_ids");
                for (SandboxUser.SkillMembership m : u.skillMemberships) {
                    g.writeString(SandboxData.skillId(m.skillIndex));
                }
                g.writeEndArray();
            }
            if (shape.has("skill_memberships")) {
                g.writeArrayFieldStart("skill_membership_ids");
                for (SandboxUser.SkillMembership m : u.skillMemberships) {
                    g.writeString(Long.toString(m.id));
                }
                g.writeEndArray();
            }
            if (shape.has("account_membership")) {
                g.writeStringField("account_membership_id", u.accountMembershipId());
            }
            if (shape.has("custom_field_values")) {
                g.writeArrayFieldStart("custom_field_value_ids");
                g.writeEndArray();
            }
            if (shape.has("external_references")) {
                g.writeArrayFieldStart("external_reference_ids");
                for (SandboxUser.ExternalReference r : u.externalReferences) {
                    g.writeString(Long.toString(r.id));
                }
                g.writeEndArray();
            }
            if (shape.has("work_samples")) {
                g.writeArrayFieldStart("work_sample_ids");
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void writeRole(JsonGenerator g, String roleId) throws IOException {
        int index = Integer.parseInt(roleId) - 301;
        String name = index >= 0 && index < SandboxData.ROLE_NAMES.length
                ? SandboxData.ROLE_NAMES[index]
                : "Role " + roleId;
        g.writeObjectFieldStart(roleId);
        g.writeStringField("id", roleId);
        g.writeStringField("name", name);
        g.writeStringField("created_at", SandboxData.CATALOG_CREATED.toString());
        g.writeStringField("updated_at", SandboxData.CATALOG_CREATED.toString());
        g.writeNullField("deleted_at");
        g.writeEndObject();
    }

    private static void writeSkill(JsonGenerator g, int index) throws IOException {
        String id = SandboxData.skillId(index);
        g.writeObjectFieldStart(id);
        g.writeStringField("id", id);
        g.writeStringField("name", SandboxData.SKILL_NAMES[index]);
        g.writeStringField("description", "Proficiency in " + SandboxData.SKILL_NAMES[index]);
        g.writeStringField("max_level", "5");
        g.writeStringField("created_at", SandboxData.CATALOG_CREATED.toString());
        g.writeStringField("updated_at", SandboxData.CATALOG_CREATED.toString());
        g.writeEndObject();
    }

    private static void writeAccountMembership(JsonGenerator g, SandboxData.Snapshot s, SandboxUser u)
            throws IOException {
        boolean admin = u.id.equals(SandboxData.ADMIN_ID);
        boolean lead = !admin && SandboxData.roleId(2).equals(u.roleId);
        String id = u.accountMembershipId();
        g.writeObjectFieldStart(id);
        g.writeStringField("id", id);
        g.writeStringField("user_id", u.id);
        g.writeStringField("permission", admin ? "administrator" : lead ? "project_lead" : "collaborator");
        g.writeBooleanField("is_administrator", admin);
        g.writeBooleanField("is_owner", admin);
        g.writeBooleanField("is_project_lead", admin || lead);
        g.writeBooleanField("can_create_workspace", admin || lead);
        g.writeBooleanField("can_view_reports", admin);
        g.writeBooleanField("collaborator_only_license", false);
        g.writeBooleanField("default_read_only", false);
        g.writeStringField("disabled_at", time(u.disabledAt));
        g.writeStringField("manager_id", u.managerId != null && s.byId.containsKey(u.managerId) ? u.managerId : null);
        g.writeStringField("default_role_id", u.roleId);
        g.writeStringField("created_at", u.createdAt.toString());
        g.writeStringField("updated_at", u.updatedAt.toString());
        g.writeEndObject();
    }

    private static void writeExternalReference(JsonGenerator g, SandboxUser u, SandboxUser.ExternalReference r)
            throws IOException {
        String id = Long.toString(r.id);
        g.writeObjectFieldStart(id);
        g.writeStringField("id", id);
        for (String f : List.of("service_name", "service_model", "service_model_ref", "status", "external_message",
                "external_link", "external_status")) {
            Object v = r.fields.get(f);
            g.writeStringField(f, v == null ? null : v.toString());
        }
        g.writeBooleanField("locked", Boolean.TRUE.equals(r.fields.get("locked")));
        g.writeNumberField("subject_id", u.numericId);
        g.writeStringField("subject_type", "User");
        g.writeStringField("last_synced_at", r.updatedAt.toString());
        g.writeStringField("created_at", r.createdAt.toString());
        g.writeStringField("updated_at", r.updatedAt.toString());
        g.writeEndObject();
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Body of a JSON writer callback. */
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] errorBody(List<ApiException.Error> errors) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("errors");
            for (ApiException.Error e : errors) {
                g.writeStartObject();
                g.writeStringField("type", e.type());
                g.writeStringField("message", e.message());
                if (e.field() != null) {
                    g.writeStringField("field", e.field());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    // ------------------------------------------------------------------ query helpers

    static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static boolean bool(Map<String, List<String>> q, String name) {
        String v = first(q, name);
        return v != null && (v.trim().equalsIgnoreCase("true") || v.trim().equals("1"));
    }

    private static Integer intParam(Map<String, List<String>> q, String name, int min) {
        String v = first(q, name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw ApiException.system(400, "Invalid " + name + " '" + v + "': must be at least " + min);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.system(400, "Invalid " + name + " '" + v + "': must be an integer");
        }
    }
}
