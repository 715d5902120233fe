package io.github.camelkantata.users.client;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.model.ExternalReference;
import io.github.camelkantata.users.model.User;

/**
 * Which fields of an update would change a user, compared as the API stores them: a full name is stored trimmed, a
 * headline of {@code null} is stored as empty text, numbers and their text are the same value ({@code 42},
 * {@code "42"}, {@code 42.0}), and an external reference is matched by its {@code service_name} (one per service, a
 * second PUT for the same service updates it) and compared on the sub-fields the update sets.
 * <p>
 * An e-mail address is compared trimmed but with its letter case: the API keeps the case it is given, so a change of
 * case alone is a change and is written.
 */
public final class UpdateDiff {

    private UpdateDiff() {
    }

    /**
     * @param  current the user as read just before the update (with {@code include=external_references} when the update
     *                 sets {@code external_reference})
     * @param  fields  the fields the update sets, by API name, already validated
     * @return         the fields whose value differs, in the update's order; empty when nothing would change
     */
    public static Map<String, Object> changed(User current, Map<String, Object> fields) {
        Map<String, Object> changed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!same(current, e.getKey(), e.getValue())) {
                changed.put(e.getKey(), e.getValue());
            }
        }
        return changed;
    }

    private static boolean same(User current, String field, Object wanted) {
        switch (field) {
            case "full_name":
                return sameText(trim(current.getFullName()), trim(text(wanted)));
            case "headline":
                return sameText(current.getHeadline(), text(wanted));
            case "email_address":
                return sameText(trim(current.getEmailAddress()), trim(text(wanted)));
            case "external_reference":
                return wanted instanceof Map<?, ?> ref && sameReference(current.getExternalReferences(), ref);
            default:
                // a field this comparison does not know is always written
                return false;
        }
    }

    private static boolean sameReference(List<ExternalReference> refs, Map<?, ?> wanted) {
        if (refs == null) {
            return false;
        }
        Object service = wanted.get("service_name");
        for (ExternalReference ref : refs) {
            if (ref != null && sameValue(ref.getServiceName(), service)) {
                for (Map.Entry<?, ?> e : wanted.entrySet()) {
                    if (!sameValue(referenceField(ref, String.valueOf(e.getKey())), e.getValue())) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static Object referenceField(ExternalReference ref, String name) {
        switch (name) {
            case "service_name":
                return ref.getServiceName();
            case "service_model":
                return ref.getServiceModel();
            case "service_model_ref":
                return ref.getServiceModelRef();
            case "status":
                return ref.getStatus();
            case "external_message":
                return ref.getExternalMessage();
            case "external_link":
                return ref.getExternalLink();
            case "external_status":
                return ref.getExternalStatus();
            case "locked":
                return ref.getLocked();
            default:
                // unknown to the model: cannot be compared, so it is written
                return new Object();
        }
    }

    /** Text, numbers and booleans compared as the API stores them; null and empty text are the same. */
    static boolean sameValue(Object current, Object wanted) {
        String a = text(current);
        String b = text(wanted);
        if (sameText(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return isBoolean(a) && isBoolean(b) && a.equalsIgnoreCase(b);
    }

    private static boolean sameText(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        return x.equals(y);
    }

    private static String text(Object value) {
        return value == null ? null : value instanceof String s ? s : String.valueOf(value);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isBoolean(String s) {
        return "true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s);
    }
}
