package io.github.camelkantata.users.model;

import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A Kantata OX user, as returned by the Users API.
 * <p>
 * Bean getters cover every documented field. Fields that Kantata only returns on request are null unless asked for: the
 * optional fields ({@code optionalFields=bio,city,...}) and the {@code *_id}/{@code *_ids} references that
 * {@code include} adds. Objects side-loaded with {@code include} are linked to the user they belong to and reachable
 * with {@link #getManager()}, {@link #getRole()}, {@link #getSkills()} and so on; those links are not serialised, so a
 * user writes back to Kantata's snake_case JSON exactly as it was read, unknown fields included.
 */
@JsonPropertyOrder({ "id", "full_name", "email_address", "headline", "photo_path" })
public class User extends KantataObject {

    private String fullName;
    private String emailAddress;
    private String headline;
    private String photoPath;
    private String abbreviatedTimezone;
    private String bio;
    private String website;
    private String city;
    private String state;
    private String country;
    private String classification;
    private String lastSiteActivity;
    private String accountMembershipId;
    private List<String> customFieldValueIds;
    private List<String> externalReferenceIds;
    private String managerId;
    private String roleId;
    private List<String> skillIds;
    private List<String> skillMembershipIds;
    private List<String> workSampleIds;

    // Side-loaded objects, linked by the envelope reader. Not part of the JSON form.
    private User manager;
    private Role role;
    private AccountMembership accountMembership;
    private List<Skill> skills;
    private List<SkillMembership> skillMemberships;
    private List<CustomFieldValue> customFieldValues;
    private List<ExternalReference> externalReferences;
    private List<WorkSample> workSamples;

    /** @return {@code full_name}: the user's full name */
    @JsonProperty("full_name")
    public String getFullName() {
        return fullName;
    }

    /** @param fullName {@code full_name} */
    @JsonProperty("full_name")
    public void setFullName(String fullName) {
        this.fullName = fullName;
    }

    /** @return {@code email_address} */
    @JsonProperty("email_address")
    public String getEmailAddress() {
        return emailAddress;
    }

    /** @param emailAddress {@code email_address} */
    @JsonProperty("email_address")
    public void setEmailAddress(String emailAddress) {
        this.emailAddress = emailAddress;
    }

    /** @return {@code headline}: a short description or title */
    @JsonProperty("headline")
    public String getHeadline() {
        return headline;
    }

    /** @param headline {@code headline} */
    @JsonProperty("headline")
    public void setHeadline(String headline) {
        this.headline = headline;
    }

    /** @return {@code photo_path}: the URL of the profile photo */
    @JsonProperty("photo_path")
    public String getPhotoPath() {
        return photoPath;
    }

    /** @param photoPath {@code photo_path} */
    @JsonProperty("photo_path")
    public void setPhotoPath(String photoPath) {
        this.photoPath = photoPath;
    }

    /** @return {@code abbreviated_timezone}, only with {@code optionalFields=abbreviated_timezone} */
    @JsonProperty("abbreviated_timezone")
    public String getAbbreviatedTimezone() {
        return abbreviatedTimezone;
    }

    /** @param abbreviatedTimezone {@code abbreviated_timezone} */
    @JsonProperty("abbreviated_timezone")
    public void setAbbreviatedTimezone(String abbreviatedTimezone) {
        this.abbreviatedTimezone = abbreviatedTimezone;
    }

    /** @return {@code bio}, only with {@code optionalFields=bio} */
    @JsonProperty("bio")
    public String getBio() {
        return bio;
    }

    /** @param bio {@code bio} */
    @JsonProperty("bio")
    public void setBio(String bio) {
        this.bio = bio;
    }

    /** @return {@code website}, only with {@code optionalFields=website} */
    @JsonProperty("website")
    public String getWebsite() {
        return website;
    }

    /** @param website {@code website} */
    @JsonProperty("website")
    public void setWebsite(String website) {
        this.website = website;
    }

    /** @return {@code city}, only with {@code optionalFields=city} */
    @JsonProperty("city")
    public String getCity() {
        return city;
    }

    /** @param city {@code city} */
    @JsonProperty("city")
    public void setCity(String city) {
        this.city = city;
    }

    /** @return {@code state}, only with {@code optionalFields=state} */
    @JsonProperty("state")
    public String getState() {
        return state;
    }

    /** @param state {@code state} */
    @JsonProperty("state")
    public void setState(String state) {
        this.state = state;
    }

    /** @return {@code country}, only with {@code optionalFields=country} */
    @JsonProperty("country")
    public String getCountry() {
        return country;
    }

    /** @param country {@code country} */
    @JsonProperty("country")
    public void setCountry(String country) {
        this.country = country;
    }

    /** @return {@code classification} (Internal or External), only with {@code optionalFields=classification} */
    @JsonProperty("classification")
    public String getClassification() {
        return classification;
    }

    /** @param classification {@code classification} */
    @JsonProperty("classification")
    public void setClassification(String classification) {
        this.classification = classification;
    }

    /**
     * @return {@code last_site_activity} (ISO 8601 date-time, kept as sent), only with
     *         {@code optionalFields=last_site_activity}, {@code onMyAccount=true} and an administrator token
     */
    @JsonProperty("last_site_activity")
    public String getLastSiteActivity() {
        return lastSiteActivity;
    }

    /** @param lastSiteActivity {@code last_site_activity} */
    @JsonProperty("last_site_activity")
    public void setLastSiteActivity(String lastSiteActivity) {
        this.lastSiteActivity = lastSiteActivity;
    }

    /** @return {@code account_membership_id}, only with {@code include=account_membership} */
    @JsonProperty("account_membership_id")
    public String getAccountMembershipId() {
        return accountMembershipId;
    }

    /** @param accountMembershipId {@code account_membership_id} */
    @JsonProperty("account_membership_id")
    public void setAccountMembershipId(String accountMembershipId) {
        this.accountMembershipId = accountMembershipId;
    }

    /** @return {@code custom_field_value_ids}, only with {@code include=custom_field_values} */
    @JsonProperty("custom_field_value_ids")
    public List<String> getCustomFieldValueIds() {
        return customFieldValueIds;
    }

    /** @param customFieldValueIds {@code custom_field_value_ids} */
    @JsonProperty("custom_field_value_ids")
    public void setCustomFieldValueIds(List<String> customFieldValueIds) {
        this.customFieldValueIds = customFieldValueIds;
    }

    /** @return {@code external_reference_ids}, only with {@code include=external_references} */
    @JsonProperty("external_reference_ids")
    public List<String> getExternalReferenceIds() {
        return externalReferenceIds;
    }

    /** @param externalReferenceIds {@code external_reference_ids} */
    @JsonProperty("external_reference_ids")
    public void setExternalReferenceIds(List<String> externalReferenceIds) {
        this.externalReferenceIds = externalReferenceIds;
    }

    /** @return {@code manager_id}, only with {@code include=manager} */
    @JsonProperty("manager_id")
    public String getManagerId() {
        return managerId;
    }

    /** @param managerId {@code manager_id} */
    @JsonProperty("manager_id")
    public void setManagerId(String managerId) {
        this.managerId = managerId;
    }

    /** @return {@code role_id}, only with {@code include=role} */
    @JsonProperty("role_id")
    public String getRoleId() {
        return roleId;
    }

    /** @param roleId {@code role_id} */
    @JsonProperty("role_id")
    public void setRoleId(String roleId) {
        this.roleId = roleId;
    }

    /** @return {@code skill_ids}, only with {@code include=skills} */
    @JsonProperty("skill_ids")
    public List<String> getSkillIds() {
        return skillIds;
    }

    /** @param skillIds {@code skill_ids} */
    @JsonProperty("skill_ids")
    public void setSkillIds(List<String> skillIds) {
        this.skillIds = skillIds;
    }

    /** @return {@code skill_membership_ids}, only with {@code include=skill_memberships} */
    @JsonProperty("skill_membership_ids")
    public List<String> getSkillMembershipIds() {
        return skillMembershipIds;
    }

    /** @param skillMembershipIds {@code skill_membership_ids} */
    @JsonProperty("skill_membership_ids")
    public void setSkillMembershipIds(List<String> skillMembershipIds) {
        this.skillMembershipIds = skillMembershipIds;
    }

    /** @return {@code work_sample_ids}, only with {@code include=work_samples} */
    @JsonProperty("work_sample_ids")
    public List<String> getWorkSampleIds() {
        return workSampleIds;
    }

    /** @param workSampleIds {@code work_sample_ids} */
    @JsonProperty("work_sample_ids")
    public void setWorkSampleIds(List<String> workSampleIds) {
        this.workSampleIds = workSampleIds;
    }

    // ---- side-loaded objects -------------------------------------------------------------------

    /** @return the manager side-loaded with {@code include=manager}, or null */
    @JsonIgnore
    public User getManager() {
        return manager;
    }

    /** @param manager the side-loaded manager */
    @JsonIgnore
    public void setManager(User manager) {
        this.manager = manager;
    }

    /** @return the account role side-loaded with {@code include=role}, or null */
    @JsonIgnore
    public Role getRole() {
        return role;
    }

    /** @param role the side-loaded role */
    @JsonIgnore
    public void setRole(Role role) {
        this.role = role;
    }

    /** @return the account membership side-loaded with {@code include=account_membership}, or null */
    @JsonIgnore
    public AccountMembership getAccountMembership() {
        return accountMembership;
    }

    /** @param accountMembership the side-loaded account membership */
    @JsonIgnore
    public void setAccountMembership(AccountMembership accountMembership) {
        this.accountMembership = accountMembership;
    }

    /** @return the skills side-loaded with {@code include=skills}; empty when not included */
    @JsonIgnore
    public List<Skill> getSkills() {
        return orEmpty(skills);
    }

    /** @param skills the side-loaded skills */
    @JsonIgnore
    public void setSkills(List<Skill> skills) {
        this.skills = skills;
    }

    /** @return the skill memberships side-loaded with {@code include=skill_memberships}; empty when not included */
    @JsonIgnore
    public List<SkillMembership> getSkillMemberships() {
        return orEmpty(skillMemberships);
    }

    /** @param skillMemberships the side-loaded skill memberships */
    @JsonIgnore
    public void setSkillMemberships(List<SkillMembership> skillMemberships) {
        this.skillMemberships = skillMemberships;
    }

    /** @return the custom field values side-loaded with {@code include=custom_field_values}; empty when not included */
    @JsonIgnore
    public List<CustomFieldValue> getCustomFieldValues() {
        return orEmpty(customFieldValues);
    }

    /** @param customFieldValues the side-loaded custom field values */
    @JsonIgnore
    public void setCustomFieldValues(List<CustomFieldValue> customFieldValues) {
        this.customFieldValues = customFieldValues;
    }

    /** @return the external references side-loaded with {@code include=external_references}; empty when not included */
    @JsonIgnore
    public List<ExternalReference> getExternalReferences() {
        return orEmpty(externalReferences);
    }

    /** @param externalReferences the side-loaded external references */
    @JsonIgnore
    public void setExternalReferences(List<ExternalReference> externalReferences) {
        this.externalReferences = externalReferences;
    }

    /** @return the work samples side-loaded with {@code include=work_samples}; empty when not included */
    @JsonIgnore
    public List<WorkSample> getWorkSamples() {
        return orEmpty(workSamples);
    }

    /** @param workSamples the side-loaded work samples */
    @JsonIgnore
    public void setWorkSamples(List<WorkSample> workSamples) {
        this.workSamples = workSamples;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? Collections.emptyList() : list;
    }

    @Override
    public String toString() {
        // Deliberately short: users end up in logs, and an e-mail address is personal data.
        return "User[id=" + getId() + ", fullName=" + fullName + "]";
    }
}
