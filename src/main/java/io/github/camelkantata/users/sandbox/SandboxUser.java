package io.github.camelkantata.users.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Read-only view of one user stored in a {@link KantataSandbox}.
 *
 * <p>
 * Instances are immutable snapshots: a change made through {@link SandboxData} replaces the stored instance, so a
 * reference held by a test never changes under it.
 */
public final class SandboxUser {

    /** A skill held by a user, with its proficiency level. */
    static final class SkillMembership {
        final long id;
        final int skillIndex;
        final int level;

        SkillMembership(long id, int skillIndex, int level) {
            this.id = id;
            this.skillIndex = skillIndex;
            this.level = level;
        }
    }

    /** A link to an object in another system, as set through PUT /users/{id}. */
    static final class ExternalReference {
        final long id;
        final Map<String, Object> fields;
        final Instant createdAt;
        final Instant updatedAt;

        ExternalReference(long id, Map<String, Object> fields, Instant createdAt, Instant updatedAt) {
            this.id = id;
            this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }
    }

    // Package-private and non-final so SandboxData can build modified copies; an instance is never
    // changed once it has been stored.
    long numericId;
    String id;
    String fullName;
    String sortKey;
    String emailAddress;
    String headline;
    String photoPath;
    boolean disabled;
    Instant disabledAt;
    boolean onAccount;
    String managerId;
    String roleId;
    List<String> projectIds = List.of();
    List<SkillMembership> skillMemberships = List.of();
    List<ExternalReference> externalReferences = List.of();
    String bio;
    String website;
    String city;
    String state;
    String country;
    String abbreviatedTimezone;
    Instant lastSiteActivity;
    String classification;
    boolean partTime;
    Instant createdAt;
    Instant updatedAt;

    SandboxUser() {
    }

    SandboxUser copy() {
        SandboxUser c = new SandboxUser();
        c.numericId = numericId;
        c.id = id;
        c.fullName = fullName;
        c.sortKey = sortKey;
        c.emailAddress = emailAddress;
        c.headline = headline;
        c.photoPath = photoPath;
        c.disabled = disabled;
        c.disabledAt = disabledAt;
        c.onAccount = onAccount;
        c.managerId = managerId;
        c.roleId = roleId;
        c.projectIds = projectIds;
        c.skillMemberships = skillMemberships;
        c.externalReferences = externalReferences;
        c.bio = bio;
        c.website = website;
        c.city = city;
        c.state = state;
        c.country = country;
        c.abbreviatedTimezone = abbreviatedTimezone;
        c.lastSiteActivity = lastSiteActivity;
        c.classification = classification;
        c.partTime = partTime;
        c.createdAt = createdAt;
        c.updatedAt = updatedAt;
        return c;
    }

    void setFullName(String name) {
        this.fullName = name;
        // Sorting compares this key millions of times on big data sets, so it is computed once here.
        this.sortKey = name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    /** @return the user id, as the API renders it (a decimal string) */
    public String id() {
        return id;
    }

    /** @return the full name */
    public String fullName() {
        return fullName;
    }

    /** @return the email address */
    public String emailAddress() {
        return emailAddress;
    }

    /** @return the headline (short title), possibly empty */
    public String headline() {
        return headline;
    }

    /** @return the URL of the profile photo (the default avatar unless a photo was uploaded) */
    public String photoPath() {
        return photoPath;
    }

    /** @return whether the account membership is disabled (hidden unless {@code show_disabled=true}) */
    public boolean disabled() {
        return disabled;
    }

    /** @return whether the user is a member of the sandbox account; {@code false} for external users */
    public boolean onAccount() {
        return onAccount;
    }

    /** @return whether the user belongs to another account and only shares a project with this one */
    public boolean external() {
        return !onAccount;
    }

    /** @return the id of the user's manager, or {@code null} */
    public String managerId() {
        return managerId;
    }

    /** @return the id of the user's account role, or {@code null} */
    public String roleId() {
        return roleId;
    }

    /** @return ids of the projects the user participates in (empty for a member on no project) */
    public List<String> projectIds() {
        return projectIds;
    }

    /** @return ids of the user's skills, in skill-membership order */
    public List<String> skillIds() {
        List<String> ids = new ArrayList<>(skillMemberships.size());
        for (SkillMembership m : skillMemberships) {
            ids.add(SandboxData.skillId(m.skillIndex));
        }
        return Collections.unmodifiableList(ids);
    }

    /** @return ids of the user's skill memberships */
    public List<String> skillMembershipIds() {
        List<String> ids = new ArrayList<>(skillMemberships.size());
        for (SkillMembership m : skillMemberships) {
            ids.add(Long.toString(m.id));
        }
        return Collections.unmodifiableList(ids);
    }

    /** @return the external references set on the user, each as its API fields (service_name, ...) */
    public List<Map<String, Object>> externalReferences() {
        List<Map<String, Object>> refs = new ArrayList<>(externalReferences.size());
        for (ExternalReference r : externalReferences) {
            Map<String, Object> m = new LinkedHashMap<>(r.fields);
            m.put("id", Long.toString(r.id));
            refs.add(Collections.unmodifiableMap(m));
        }
        return Collections.unmodifiableList(refs);
    }

    /** @return the id of the user's account membership, or {@code null} for an external user */
    public String accountMembershipId() {
        return onAccount ? Long.toString(SandboxData.ACCOUNT_MEMBERSHIP_ID_BASE + numericId) : null;
    }

    /** @return the optional field {@code bio} */
    public String bio() {
        return bio;
    }

    /** @return the optional field {@code website} */
    public String website() {
        return website;
    }

    /** @return the optional field {@code city} */
    public String city() {
        return city;
    }

    /** @return the optional field {@code state} */
    public String state() {
        return state;
    }

    /** @return the optional field {@code country} */
    public String country() {
        return country;
    }

    /** @return the optional field {@code abbreviated_timezone} */
    public String abbreviatedTimezone() {
        return abbreviatedTimezone;
    }

    /** @return the optional field {@code last_site_activity}, or {@code null} if the user never logged in */
    public Instant lastSiteActivity() {
        return lastSiteActivity;
    }

    /** @return the optional field {@code classification}: {@code Internal} or {@code External} */
    public String classification() {
        return classification;
    }

    /** @return whether the capacity endpoint reports 6 instead of 8 hours per weekday */
    public boolean partTime() {
        return partTime;
    }

    /** @return when the user was created */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return when the user was last changed (any change made through the API or {@link SandboxData}) */
    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "SandboxUser{id=" + id + ", fullName=" + fullName + ", email=" + emailAddress + "}";
    }
}
