package io.github.camelkantata.users;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Every query parameter of {@code GET /users} as a typed URI option, named in camelCase after the API parameter
 * ({@code on_my_account} becomes {@code onMyAccount}).
 * <p>
 * This class is the one place where the list filters are declared: {@link ApiParameter} ties each field to its API
 * parameter, and {@link ListFilterSupport} derives request building and validation from these fields, while Camel's
 * generator derives the catalog and the docs from the same fields' Javadoc. The list follows the vendor's OpenAPI
 * description; a parameter Kantata adds later can be sent with the {@code query.} prefix until it gets an option here.
 * {@code include}, {@code optionalFields}, {@code page} and {@code perPage} live in {@link KantataUsersConfiguration}
 * because they apply to more than the list.
 */
@UriParams
public class KantataUsersListFilters implements Cloneable {

    /** Only includes users on the specified account. */
    @UriParam(label = "filter")
    @ApiParameter(value = "account_id", kind = ApiParameter.Kind.INT)
    private Integer accountId;

    /** Only includes users with a specified role ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "account_role_ids", kind = ApiParameter.Kind.STRING)
    private String accountRoleIds;

    /** Returns all users in the requester's contact list. */
    @UriParam(label = "filter")
    @ApiParameter(value = "all_contacts", kind = ApiParameter.Kind.BOOL)
    private Boolean allContacts;

    /** Only includes users who can be assigned to a project resource with a specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "assignable_to_resource", kind = ApiParameter.Kind.INT)
    private Integer assignableToResource;

    /**
     * Only includes users that belong to the specified geographies or departments (Format:
     * 'geo_id,geo_id;dept_id,dept_id').
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "belonging_to_orgs", kind = ApiParameter.Kind.STRING)
    private String belongingToOrgs;

    /**
     * Filter by a custom field choice value, represented as a string with the custom field ID, followed by a colon, and
     * then comma-separated custom field choice value IDs.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_custom_choice_value", kind = ApiParameter.Kind.STRING)
    private String byCustomChoiceValue;

    /**
     * Filter by a custom field currency value, represented as a string with the custom field ID, followed by a colon,
     * and then the currency value.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_custom_currency_value", kind = ApiParameter.Kind.STRING)
    private String byCustomCurrencyValue;

    /**
     * Filter by a custom field date value, represented as a string with the custom field ID, followed by a colon, the
     * starting date, another colon, and then the ending date.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_custom_date_value", kind = ApiParameter.Kind.STRING)
    private String byCustomDateValue;

    /**
     * Filter by a custom field number value, represented as a string with the custom field ID, followed by a colon, and
     * then the number value.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_custom_number_value", kind = ApiParameter.Kind.STRING)
    private String byCustomNumberValue;

    /**
     * Filter by a custom field text value, represented as a string with the custom field ID, followed by a colon, and
     * then the text value.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_custom_text_value", kind = ApiParameter.Kind.STRING, personal = true)
    private String byCustomTextValue;

    /** Only includes users whose email address exactly matches the specified address. */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_email_address", kind = ApiParameter.Kind.STRING, personal = true)
    private String byEmailAddress;

    /** Only includes users whose email address exactly matches one of these, comma-separated (up to 200). */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_email_addresses", kind = ApiParameter.Kind.STRING, personal = true)
    private String byEmailAddresses;

    /** Only includes users with all or part of the specified full name. */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_full_name", kind = ApiParameter.Kind.STRING, personal = true)
    private String byFullName;

    /** Only includes users with a matching full_name or default_role specified a search term. */
    @UriParam(label = "filter")
    @ApiParameter(value = "by_full_name_or_account_role", kind = ApiParameter.Kind.STRING, personal = true)
    private String byFullNameOrAccountRole;

    /** Only includes users that are providers and have financial access in a project with a specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "can_be_approver_in_workspace", kind = ApiParameter.Kind.INT)
    private Integer canBeApproverInWorkspace;

    /** Only include users who have account level permission of reports viewer or above. */
    @UriParam(label = "filter")
    @ApiParameter(value = "can_view_reports", kind = ApiParameter.Kind.BOOL)
    private Boolean canViewReports;

    /** Only includes users that are in at least one project as a client. */
    @UriParam(label = "filter")
    @ApiParameter(value = "clients_only", kind = ApiParameter.Kind.BOOL)
    private Boolean clientsOnly;

    /** Only includes users that are in at least one project as a provider. */
    @UriParam(label = "filter")
    @ApiParameter(value = "consultants_only", kind = ApiParameter.Kind.BOOL)
    private Boolean consultantsOnly;

    /** Returns all the users that are in the requester's contact list, but on seperate accounts. */
    @UriParam(label = "filter")
    @ApiParameter(value = "contacts_on_different_account", kind = ApiParameter.Kind.BOOL)
    private Boolean contactsOnDifferentAccount;

    /** Filter for records created after a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z). */
    @UriParam(label = "filter")
    @ApiParameter(value = "created_after", kind = ApiParameter.Kind.DATETIME)
    private String createdAfter;

    /** Filter for records created before a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z). */
    @UriParam(label = "filter")
    @ApiParameter(value = "created_before", kind = ApiParameter.Kind.DATETIME)
    private String createdBefore;

    /** Filter the objects based on the external message of their associated external references. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_external_message", kind = ApiParameter.Kind.STRING)
    private String externalReferenceExternalMessage;

    /** Filter by the status of the external object in the external system. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_external_status", kind = ApiParameter.Kind.STRING)
    private String externalReferenceExternalStatus;

    /** Filter by the type of the external object this external reference belongs to. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_service_model", kind = ApiParameter.Kind.STRING)
    private String externalReferenceServiceModel;

    /** Filter by the id of the external object this external reference belongs to. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_service_model_ref", kind = ApiParameter.Kind.INT)
    private Integer externalReferenceServiceModelRef;

    /** Filter for objects that correlate to the specified external object IDs. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_service_model_refs", kind = ApiParameter.Kind.STRING)
    private String externalReferenceServiceModelRefs;

    /** Filter by the name of the provider for integration. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_service_name", kind = ApiParameter.Kind.STRING)
    private String externalReferenceServiceName;

    /** Filter by the status of the integration, this can be successful or fail. */
    @UriParam(label = "filter")
    @ApiParameter(value = "external_reference_status", kind = ApiParameter.Kind.STRING)
    private String externalReferenceStatus;

    /** Filter by whether or not the object has external references. */
    @UriParam(label = "filter")
    @ApiParameter(value = "has_external_references", kind = ApiParameter.Kind.BOOL)
    private Boolean hasExternalReferences;

    /** Filter by the presence of a custom field value for the specified comma-separated custom field ID(s). */
    @UriParam(label = "filter")
    @ApiParameter(value = "has_value_for_custom_field_ids", kind = ApiParameter.Kind.STRING)
    private String hasValueForCustomFieldIds;

    /** Only include users who have account level permission of project lead or above. */
    @UriParam(label = "filter")
    @ApiParameter(value = "is_project_lead", kind = ApiParameter.Kind.BOOL)
    private Boolean isProjectLead;

    /** Only include users who are managers. */
    @UriParam(label = "filter")
    @ApiParameter(value = "managers", kind = ApiParameter.Kind.BOOL)
    private Boolean managers;

    /** Matches users by name (undocumented by Kantata; on other endpoints a name "like" match). */
    @UriParam(label = "filter")
    @ApiParameter(value = "matching", kind = ApiParameter.Kind.STRING, personal = true)
    private String matching;

    /** Only includes users who are not assigned to a task with specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "not_assigned_to", kind = ApiParameter.Kind.INT)
    private Integer notAssignedTo;

    /** Only includes users who are not following a task with the specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "not_following", kind = ApiParameter.Kind.INT)
    private Integer notFollowing;

    /**
     * Only includes users who are not added to the specified holiday calendars (Format:
     * 'calendar_id,calendar_id,calendar_id'.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "not_on_calendars", kind = ApiParameter.Kind.STRING)
    private String notOnCalendars;

    /** Only includes users not participating in a project with a specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "not_participant_in", kind = ApiParameter.Kind.INT)
    private Integer notParticipantIn;

    /**
     * Returns all users on the requester's account, including members who are on no project. The consumer defaults this
     * to true.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "on_my_account", kind = ApiParameter.Kind.BOOL)
    private Boolean onMyAccount;

    /**
     * Returns all the users that are on the account, as well as all users participating in the provided workspace ID.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "on_my_account_or_participant_in_workspace", kind = ApiParameter.Kind.INT)
    private Integer onMyAccountOrParticipantInWorkspace;

    /** Allows you to request one or more resources directly by ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "only", kind = ApiParameter.Kind.STRING, personal = true)
    private String only;

    /** Only includes possible managees on the account. */
    @UriParam(label = "filter")
    @ApiParameter(value = "only_possible_managees", kind = ApiParameter.Kind.BOOL)
    private Boolean onlyPossibleManagees;

    /** Only includes possible managers on the account. */
    @UriParam(label = "filter")
    @ApiParameter(value = "only_possible_managers", kind = ApiParameter.Kind.BOOL)
    private Boolean onlyPossibleManagers;

    /** Sort order: alphabetical:asc (the API default) or alphabetical:desc. */
    @UriParam(label = "filter", enums = "alphabetical:asc,alphabetical:desc")
    @ApiParameter(value = "order", kind = ApiParameter.Kind.STRING)
    private String order;

    /** Only includes users participating in a project with a specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "participant_in", kind = ApiParameter.Kind.INT)
    private Integer participantIn;

    /** Only includes users who are able to follow a task with the specified ID. */
    @UriParam(label = "filter")
    @ApiParameter(value = "potential_followers_for_story", kind = ApiParameter.Kind.INT)
    private Integer potentialFollowersForStory;

    /** Only includes users who are providers and leads in projects on the requester's account. */
    @UriParam(label = "filter")
    @ApiParameter(value = "provider_leads_on_account_projects", kind = ApiParameter.Kind.BOOL)
    private Boolean providerLeadsOnAccountProjects;

    /** Text search; results come back ordered by relevance, which overrides order. */
    @UriParam(label = "filter")
    @ApiParameter(value = "search", kind = ApiParameter.Kind.STRING, personal = true)
    private String search;

    /**
     * Includes users with an inactive account membership and users who have been disabled by the Kantata team (Kantata
     * hides them by default). Also sent by get, where a disabled user is otherwise a 404.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "show_disabled", kind = ApiParameter.Kind.BOOL)
    private Boolean showDisabled;

    /** Only includes users who have access to insights. */
    @UriParam(label = "filter")
    @ApiParameter(value = "show_users_in_insights_groups", kind = ApiParameter.Kind.BOOL)
    private Boolean showUsersInInsightsGroups;

    /** Filter for records updated after a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z). */
    @UriParam(label = "filter")
    @ApiParameter(value = "updated_after", kind = ApiParameter.Kind.DATETIME)
    private String updatedAfter;

    /** Filter for records updated before a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z). */
    @UriParam(label = "filter")
    @ApiParameter(value = "updated_before", kind = ApiParameter.Kind.DATETIME)
    private String updatedBefore;

    /** Only include users who have created an estimate. */
    @UriParam(label = "filter")
    @ApiParameter(value = "with_created_estimates", kind = ApiParameter.Kind.BOOL)
    private Boolean withCreatedEstimates;

    /**
     * Only includes users that have an organization (true) or only includes users that do not have an organization
     * (false).
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "with_organizations", kind = ApiParameter.Kind.BOOL)
    private Boolean withOrganizations;

    /**
     * Only includes users with a set of skills at the specified levels (Format:
     * '{'skill_id':[level,level],'skill_id':[level],'operation':'&lt;or/and&gt;'}').
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "with_skills", kind = ApiParameter.Kind.STRING)
    private String withSkills;

    /** Include only users for the provided IDs (Format: 'id,id,id'). Comma-separated ids. */
    @UriParam(label = "filter")
    @ApiParameter(value = "with_users", kind = ApiParameter.Kind.IDS, personal = true)
    private String withUsers;

    /** Exclude by the existence of an external reference with the specified service name. */
    @UriParam(label = "filter")
    @ApiParameter(value = "without_external_reference_service_name", kind = ApiParameter.Kind.STRING)
    private String withoutExternalReferenceServiceName;

    /** Only includes users without the specified set of skills (Format: 'id,id,id'). */
    @UriParam(label = "filter")
    @ApiParameter(value = "without_skills", kind = ApiParameter.Kind.STRING)
    private String withoutSkills;

    /** Only include users who have not submitted a timesheet in a project between the specified start and end dates. */
    @UriParam(label = "filter")
    @ApiParameter(value = "without_timesheet_submission", kind = ApiParameter.Kind.STRING)
    private String withoutTimesheetSubmission;

    /** Exclude users for the provided IDs (Format: 'id,id,id'). Comma-separated ids. */
    @UriParam(label = "filter")
    @ApiParameter(value = "without_users", kind = ApiParameter.Kind.IDS, personal = true)
    private String withoutUsers;

    /**
     * Only includes users who are participating in a project with a specified ID, and are not read-only in the project.
     */
    @UriParam(label = "filter")
    @ApiParameter(value = "write_access_in", kind = ApiParameter.Kind.INT)
    private Integer writeAccessIn;

    /** @return the {@code account_id} filter, or null when not set */
    public Integer getAccountId() {
        return accountId;
    }

    /**
     * Only includes users on the specified account.
     *
     * @param accountId the value sent as {@code account_id}
     */
    public void setAccountId(Integer accountId) {
        this.accountId = accountId;
    }

    /** @return the {@code account_role_ids} filter, or null when not set */
    public String getAccountRoleIds() {
        return accountRoleIds;
    }

    /**
     * Only includes users with a specified role ID.
     *
     * @param accountRoleIds the value sent as {@code account_role_ids}
     */
    public void setAccountRoleIds(String accountRoleIds) {
        this.accountRoleIds = accountRoleIds;
    }

    /** @return the {@code all_contacts} filter, or null when not set */
    public Boolean getAllContacts() {
        return allContacts;
    }

    /**
     * Returns all users in the requester's contact list.
     *
     * @param allContacts the value sent as {@code all_contacts}
     */
    public void setAllContacts(Boolean allContacts) {
        this.allContacts = allContacts;
    }

    /** @return the {@code assignable_to_resource} filter, or null when not set */
    public Integer getAssignableToResource() {
        return assignableToResource;
    }

    /**
     * Only includes users who can be assigned to a project resource with a specified ID.
     *
     * @param assignableToResource the value sent as {@code assignable_to_resource}
     */
    public void setAssignableToResource(Integer assignableToResource) {
        this.assignableToResource = assignableToResource;
    }

    /** @return the {@code belonging_to_orgs} filter, or null when not set */
    public String getBelongingToOrgs() {
        return belongingToOrgs;
    }

    /**
     * Only includes users that belong to the specified geographies or departments (Format:
     * 'geo_id,geo_id;dept_id,dept_id').
     *
     * @param belongingToOrgs the value sent as {@code belonging_to_orgs}
     */
    public void setBelongingToOrgs(String belongingToOrgs) {
        this.belongingToOrgs = belongingToOrgs;
    }

    /** @return the {@code by_custom_choice_value} filter, or null when not set */
    public String getByCustomChoiceValue() {
        return byCustomChoiceValue;
    }

    /**
     * Filter by a custom field choice value, represented as a string with the custom field ID, followed by a colon, and
     * then comma-separated custom field choice value IDs.
     *
     * @param byCustomChoiceValue the value sent as {@code by_custom_choice_value}
     */
    public void setByCustomChoiceValue(String byCustomChoiceValue) {
        this.byCustomChoiceValue = byCustomChoiceValue;
    }

    /** @return the {@code by_custom_currency_value} filter, or null when not set */
    public String getByCustomCurrencyValue() {
        return byCustomCurrencyValue;
    }

    /**
     * Filter by a custom field currency value, represented as a string with the custom field ID, followed by a colon,
     * and then the currency value.
     *
     * @param byCustomCurrencyValue the value sent as {@code by_custom_currency_value}
     */
    public void setByCustomCurrencyValue(String byCustomCurrencyValue) {
        this.byCustomCurrencyValue = byCustomCurrencyValue;
    }

    /** @return the {@code by_custom_date_value} filter, or null when not set */
    public String getByCustomDateValue() {
        return byCustomDateValue;
    }

    /**
     * Filter by a custom field date value, represented as a string with the custom field ID, followed by a colon, the
     * starting date, another colon, and then the ending date.
     *
     * @param byCustomDateValue the value sent as {@code by_custom_date_value}
     */
    public void setByCustomDateValue(String byCustomDateValue) {
        this.byCustomDateValue = byCustomDateValue;
    }

    /** @return the {@code by_custom_number_value} filter, or null when not set */
    public String getByCustomNumberValue() {
        return byCustomNumberValue;
    }

    /**
     * Filter by a custom field number value, represented as a string with the custom field ID, followed by a colon, and
     * then the number value.
     *
     * @param byCustomNumberValue the value sent as {@code by_custom_number_value}
     */
    public void setByCustomNumberValue(String byCustomNumberValue) {
        this.byCustomNumberValue = byCustomNumberValue;
    }

    /** @return the {@code by_custom_text_value} filter, or null when not set */
    public String getByCustomTextValue() {
        return byCustomTextValue;
    }

    /**
     * Filter by a custom field text value, represented as a string with the custom field ID, followed by a colon, and
     * then the text value.
     *
     * @param byCustomTextValue the value sent as {@code by_custom_text_value}
     */
    public void setByCustomTextValue(String byCustomTextValue) {
        this.byCustomTextValue = byCustomTextValue;
    }

    /** @return the {@code by_email_address} filter, or null when not set */
    public String getByEmailAddress() {
        return byEmailAddress;
    }

    /**
     * Only includes users whose email address exactly matches the specified address.
     *
     * @param byEmailAddress the value sent as {@code by_email_address}
     */
    public void setByEmailAddress(String byEmailAddress) {
        this.byEmailAddress = byEmailAddress;
    }

    /** @return the {@code by_email_addresses} filter, or null when not set */
    public String getByEmailAddresses() {
        return byEmailAddresses;
    }

    /**
     * Only includes users whose email address exactly matches one of these, comma-separated (up to 200).
     *
     * @param byEmailAddresses the value sent as {@code by_email_addresses}
     */
    public void setByEmailAddresses(String byEmailAddresses) {
        this.byEmailAddresses = byEmailAddresses;
    }

    /** @return the {@code by_full_name} filter, or null when not set */
    public String getByFullName() {
        return byFullName;
    }

    /**
     * Only includes users with all or part of the specified full name.
     *
     * @param byFullName the value sent as {@code by_full_name}
     */
    public void setByFullName(String byFullName) {
        this.byFullName = byFullName;
    }

    /** @return the {@code by_full_name_or_account_role} filter, or null when not set */
    public String getByFullNameOrAccountRole() {
        return byFullNameOrAccountRole;
    }

    /**
     * Only includes users with a matching full_name or default_role specified a search term.
     *
     * @param byFullNameOrAccountRole the value sent as {@code by_full_name_or_account_role}
     */
    public void setByFullNameOrAccountRole(String byFullNameOrAccountRole) {
        this.byFullNameOrAccountRole = byFullNameOrAccountRole;
    }

    /** @return the {@code can_be_approver_in_workspace} filter, or null when not set */
    public Integer getCanBeApproverInWorkspace() {
        return canBeApproverInWorkspace;
    }

    /**
     * Only includes users that are providers and have financial access in a project with a specified ID.
     *
     * @param canBeApproverInWorkspace the value sent as {@code can_be_approver_in_workspace}
     */
    public void setCanBeApproverInWorkspace(Integer canBeApproverInWorkspace) {
        this.canBeApproverInWorkspace = canBeApproverInWorkspace;
    }

    /** @return the {@code can_view_reports} filter, or null when not set */
    public Boolean getCanViewReports() {
        return canViewReports;
    }

    /**
     * Only include users who have account level permission of reports viewer or above.
     *
     * @param canViewReports the value sent as {@code can_view_reports}
     */
    public void setCanViewReports(Boolean canViewReports) {
        this.canViewReports = canViewReports;
    }

    /** @return the {@code clients_only} filter, or null when not set */
    public Boolean getClientsOnly() {
        return clientsOnly;
    }

    /**
     * Only includes users that are in at least one project as a client.
     *
     * @param clientsOnly the value sent as {@code clients_only}
     */
    public void setClientsOnly(Boolean clientsOnly) {
        this.clientsOnly = clientsOnly;
    }

    /** @return the {@code consultants_only} filter, or null when not set */
    public Boolean getConsultantsOnly() {
        return consultantsOnly;
    }

    /**
     * Only includes users that are in at least one project as a provider.
     *
     * @param consultantsOnly the value sent as {@code consultants_only}
     */
    public void setConsultantsOnly(Boolean consultantsOnly) {
        this.consultantsOnly = consultantsOnly;
    }

    /** @return the {@code contacts_on_different_account} filter, or null when not set */
    public Boolean getContactsOnDifferentAccount() {
        return contactsOnDifferentAccount;
    }

    /**
     * Returns all the users that are in the requester's contact list, but on seperate accounts.
     *
     * @param contactsOnDifferentAccount the value sent as {@code contacts_on_different_account}
     */
    public void setContactsOnDifferentAccount(Boolean contactsOnDifferentAccount) {
        this.contactsOnDifferentAccount = contactsOnDifferentAccount;
    }

    /** @return the {@code created_after} filter, or null when not set */
    public String getCreatedAfter() {
        return createdAfter;
    }

    /**
     * Filter for records created after a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z).
     *
     * @param createdAfter the value sent as {@code created_after}
     */
    public void setCreatedAfter(String createdAfter) {
        this.createdAfter = createdAfter;
    }

    /** @return the {@code created_before} filter, or null when not set */
    public String getCreatedBefore() {
        return createdBefore;
    }

    /**
     * Filter for records created before a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z).
     *
     * @param createdBefore the value sent as {@code created_before}
     */
    public void setCreatedBefore(String createdBefore) {
        this.createdBefore = createdBefore;
    }

    /** @return the {@code external_reference_external_message} filter, or null when not set */
    public String getExternalReferenceExternalMessage() {
        return externalReferenceExternalMessage;
    }

    /**
     * Filter the objects based on the external message of their associated external references.
     *
     * @param externalReferenceExternalMessage the value sent as {@code external_reference_external_message}
     */
    public void setExternalReferenceExternalMessage(String externalReferenceExternalMessage) {
        this.externalReferenceExternalMessage = externalReferenceExternalMessage;
    }

    /** @return the {@code external_reference_external_status} filter, or null when not set */
    public String getExternalReferenceExternalStatus() {
        return externalReferenceExternalStatus;
    }

    /**
     * Filter by the status of the external object in the external system.
     *
     * @param externalReferenceExternalStatus the value sent as {@code external_reference_external_status}
     */
    public void setExternalReferenceExternalStatus(String externalReferenceExternalStatus) {
        this.externalReferenceExternalStatus = externalReferenceExternalStatus;
    }

    /** @return the {@code external_reference_service_model} filter, or null when not set */
    public String getExternalReferenceServiceModel() {
        return externalReferenceServiceModel;
    }

    /**
     * Filter by the type of the external object this external reference belongs to.
     *
     * @param externalReferenceServiceModel the value sent as {@code external_reference_service_model}
     */
    public void setExternalReferenceServiceModel(String externalReferenceServiceModel) {
        this.externalReferenceServiceModel = externalReferenceServiceModel;
    }

    /** @return the {@code external_reference_service_model_ref} filter, or null when not set */
    public Integer getExternalReferenceServiceModelRef() {
        return externalReferenceServiceModelRef;
    }

    /**
     * Filter by the id of the external object this external reference belongs to.
     *
     * @param externalReferenceServiceModelRef the value sent as {@code external_reference_service_model_ref}
     */
    public void setExternalReferenceServiceModelRef(Integer externalReferenceServiceModelRef) {
        this.externalReferenceServiceModelRef = externalReferenceServiceModelRef;
    }

    /** @return the {@code external_reference_service_model_refs} filter, or null when not set */
    public String getExternalReferenceServiceModelRefs() {
        return externalReferenceServiceModelRefs;
    }

    /**
     * Filter for objects that correlate to the specified external object IDs.
     *
     * @param externalReferenceServiceModelRefs the value sent as {@code external_reference_service_model_refs}
     */
    public void setExternalReferenceServiceModelRefs(String externalReferenceServiceModelRefs) {
        this.externalReferenceServiceModelRefs = externalReferenceServiceModelRefs;
    }

    /** @return the {@code external_reference_service_name} filter, or null when not set */
    public String getExternalReferenceServiceName() {
        return externalReferenceServiceName;
    }

    /**
     * Filter by the name of the provider for integration.
     *
     * @param externalReferenceServiceName the value sent as {@code external_reference_service_name}
     */
    public void setExternalReferenceServiceName(String externalReferenceServiceName) {
        this.externalReferenceServiceName = externalReferenceServiceName;
    }

    /** @return the {@code external_reference_status} filter, or null when not set */
    public String getExternalReferenceStatus() {
        return externalReferenceStatus;
    }

    /**
     * Filter by the status of the integration, this can be successful or fail.
     *
     * @param externalReferenceStatus the value sent as {@code external_reference_status}
     */
    public void setExternalReferenceStatus(String externalReferenceStatus) {
        this.externalReferenceStatus = externalReferenceStatus;
    }

    /** @return the {@code has_external_references} filter, or null when not set */
    public Boolean getHasExternalReferences() {
        return hasExternalReferences;
    }

    /**
     * Filter by whether or not the object has external references.
     *
     * @param hasExternalReferences the value sent as {@code has_external_references}
     */
    public void setHasExternalReferences(Boolean hasExternalReferences) {
        this.hasExternalReferences = hasExternalReferences;
    }

    /** @return the {@code has_value_for_custom_field_ids} filter, or null when not set */
    public String getHasValueForCustomFieldIds() {
        return hasValueForCustomFieldIds;
    }

    /**
     * Filter by the presence of a custom field value for the specified comma-separated custom field ID(s).
     *
     * @param hasValueForCustomFieldIds the value sent as {@code has_value_for_custom_field_ids}
     */
    public void setHasValueForCustomFieldIds(String hasValueForCustomFieldIds) {
        this.hasValueForCustomFieldIds = hasValueForCustomFieldIds;
    }

    /** @return the {@code is_project_lead} filter, or null when not set */
    public Boolean getIsProjectLead() {
        return isProjectLead;
    }

    /**
     * Only include users who have account level permission of project lead or above.
     *
     * @param isProjectLead the value sent as {@code is_project_lead}
     */
    public void setIsProjectLead(Boolean isProjectLead) {
        this.isProjectLead = isProjectLead;
    }

    /** @return the {@code managers} filter, or null when not set */
    public Boolean getManagers() {
        return managers;
    }

    /**
     * Only include users who are managers.
     *
     * @param managers the value sent as {@code managers}
     */
    public void setManagers(Boolean managers) {
        this.managers = managers;
    }

    /** @return the {@code matching} filter, or null when not set */
    public String getMatching() {
        return matching;
    }

    /**
     * Matches users by name (undocumented by Kantata; on other endpoints a name "like" match).
     *
     * @param matching the value sent as {@code matching}
     */
    public void setMatching(String matching) {
        this.matching = matching;
    }

    /** @return the {@code not_assigned_to} filter, or null when not set */
    public Integer getNotAssignedTo() {
        return notAssignedTo;
    }

    /**
     * Only includes users who are not assigned to a task with specified ID.
     *
     * @param notAssignedTo the value sent as {@code not_assigned_to}
     */
    public void setNotAssignedTo(Integer notAssignedTo) {
        this.notAssignedTo = notAssignedTo;
    }

    /** @return the {@code not_following} filter, or null when not set */
    public Integer getNotFollowing() {
        return notFollowing;
    }

    /**
     * Only includes users who are not following a task with the specified ID.
     *
     * @param notFollowing the value sent as {@code not_following}
     */
    public void setNotFollowing(Integer notFollowing) {
        this.notFollowing = notFollowing;
    }

    /** @return the {@code not_on_calendars} filter, or null when not set */
    public String getNotOnCalendars() {
        return notOnCalendars;
    }

    /**
     * Only includes users who are not added to the specified holiday calendars (Format:
     * 'calendar_id,calendar_id,calendar_id'.
     *
     * @param notOnCalendars the value sent as {@code not_on_calendars}
     */
    public void setNotOnCalendars(String notOnCalendars) {
        this.notOnCalendars = notOnCalendars;
    }

    /** @return the {@code not_participant_in} filter, or null when not set */
    public Integer getNotParticipantIn() {
        return notParticipantIn;
    }

    /**
     * Only includes users not participating in a project with a specified ID.
     *
     * @param notParticipantIn the value sent as {@code not_participant_in}
     */
    public void setNotParticipantIn(Integer notParticipantIn) {
        this.notParticipantIn = notParticipantIn;
    }

    /** @return the {@code on_my_account} filter, or null when not set */
    public Boolean getOnMyAccount() {
        return onMyAccount;
    }

    /**
     * Returns all users on the requester's account, including members who are on no project. The consumer defaults this
     * to true.
     *
     * @param onMyAccount the value sent as {@code on_my_account}
     */
    public void setOnMyAccount(Boolean onMyAccount) {
        this.onMyAccount = onMyAccount;
    }

    /** @return the {@code on_my_account_or_participant_in_workspace} filter, or null when not set */
    public Integer getOnMyAccountOrParticipantInWorkspace() {
        return onMyAccountOrParticipantInWorkspace;
    }

    /**
     * Returns all the users that are on the account, as well as all users participating in the provided workspace ID.
     *
     * @param onMyAccountOrParticipantInWorkspace the value sent as {@code on_my_account_or_participant_in_workspace}
     */
    public void setOnMyAccountOrParticipantInWorkspace(Integer onMyAccountOrParticipantInWorkspace) {
        this.onMyAccountOrParticipantInWorkspace = onMyAccountOrParticipantInWorkspace;
    }

    /** @return the {@code only} filter, or null when not set */
    public String getOnly() {
        return only;
    }

    /**
     * Allows you to request one or more resources directly by ID.
     *
     * @param only the value sent as {@code only}
     */
    public void setOnly(String only) {
        this.only = only;
    }

    /** @return the {@code only_possible_managees} filter, or null when not set */
    public Boolean getOnlyPossibleManagees() {
        return onlyPossibleManagees;
    }

    /**
     * Only includes possible managees on the account.
     *
     * @param onlyPossibleManagees the value sent as {@code only_possible_managees}
     */
    public void setOnlyPossibleManagees(Boolean onlyPossibleManagees) {
        this.onlyPossibleManagees = onlyPossibleManagees;
    }

    /** @return the {@code only_possible_managers} filter, or null when not set */
    public Boolean getOnlyPossibleManagers() {
        return onlyPossibleManagers;
    }

    /**
     * Only includes possible managers on the account.
     *
     * @param onlyPossibleManagers the value sent as {@code only_possible_managers}
     */
    public void setOnlyPossibleManagers(Boolean onlyPossibleManagers) {
        this.onlyPossibleManagers = onlyPossibleManagers;
    }

    /** @return the {@code order} filter, or null when not set */
    public String getOrder() {
        return order;
    }

    /**
     * Sort order: alphabetical:asc (the API default) or alphabetical:desc.
     *
     * @param order the value sent as {@code order}
     */
    public void setOrder(String order) {
        this.order = order;
    }

    /** @return the {@code participant_in} filter, or null when not set */
    public Integer getParticipantIn() {
        return participantIn;
    }

    /**
     * Only includes users participating in a project with a specified ID.
     *
     * @param participantIn the value sent as {@code participant_in}
     */
    public void setParticipantIn(Integer participantIn) {
        this.participantIn = participantIn;
    }

    /** @return the {@code potential_followers_for_story} filter, or null when not set */
    public Integer getPotentialFollowersForStory() {
        return potentialFollowersForStory;
    }

    /**
     * Only includes users who are able to follow a task with the specified ID.
     *
     * @param potentialFollowersForStory the value sent as {@code potential_followers_for_story}
     */
    public void setPotentialFollowersForStory(Integer potentialFollowersForStory) {
        this.potentialFollowersForStory = potentialFollowersForStory;
    }

    /** @return the {@code provider_leads_on_account_projects} filter, or null when not set */
    public Boolean getProviderLeadsOnAccountProjects() {
        return providerLeadsOnAccountProjects;
    }

    /**
     * Only includes users who are providers and leads in projects on the requester's account.
     *
     * @param providerLeadsOnAccountProjects the value sent as {@code provider_leads_on_account_projects}
     */
    public void setProviderLeadsOnAccountProjects(Boolean providerLeadsOnAccountProjects) {
        this.providerLeadsOnAccountProjects = providerLeadsOnAccountProjects;
    }

    /** @return the {@code search} filter, or null when not set */
    public String getSearch() {
        return search;
    }

    /**
     * Text search; results come back ordered by relevance, which overrides order.
     *
     * @param search the value sent as {@code search}
     */
    public void setSearch(String search) {
        this.search = search;
    }

    /** @return the {@code show_disabled} filter, or null when not set */
    public Boolean getShowDisabled() {
        return showDisabled;
    }

    /**
     * Includes users with an inactive account membership and users who have been disabled by the Kantata team (Kantata
     * hides them by default). Also sent by get, where a disabled user is otherwise a 404.
     *
     * @param showDisabled the value sent as {@code show_disabled}
     */
    public void setShowDisabled(Boolean showDisabled) {
        this.showDisabled = showDisabled;
    }

    /** @return the {@code show_users_in_insights_groups} filter, or null when not set */
    public Boolean getShowUsersInInsightsGroups() {
        return showUsersInInsightsGroups;
    }

    /**
     * Only includes users who have access to insights.
     *
     * @param showUsersInInsightsGroups the value sent as {@code show_users_in_insights_groups}
     */
    public void setShowUsersInInsightsGroups(Boolean showUsersInInsightsGroups) {
        this.showUsersInInsightsGroups = showUsersInInsightsGroups;
    }

    /** @return the {@code updated_after} filter, or null when not set */
    public String getUpdatedAfter() {
        return updatedAfter;
    }

    /**
     * Filter for records updated after a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z).
     *
     * @param updatedAfter the value sent as {@code updated_after}
     */
    public void setUpdatedAfter(String updatedAfter) {
        this.updatedAfter = updatedAfter;
    }

    /** @return the {@code updated_before} filter, or null when not set */
    public String getUpdatedBefore() {
        return updatedBefore;
    }

    /**
     * Filter for records updated before a specified datetime (ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z).
     *
     * @param updatedBefore the value sent as {@code updated_before}
     */
    public void setUpdatedBefore(String updatedBefore) {
        this.updatedBefore = updatedBefore;
    }

    /** @return the {@code with_created_estimates} filter, or null when not set */
    public Boolean getWithCreatedEstimates() {
        return withCreatedEstimates;
    }

    /**
     * Only include users who have created an estimate.
     *
     * @param withCreatedEstimates the value sent as {@code with_created_estimates}
     */
    public void setWithCreatedEstimates(Boolean withCreatedEstimates) {
        this.withCreatedEstimates = withCreatedEstimates;
    }

    /** @return the {@code with_organizations} filter, or null when not set */
    public Boolean getWithOrganizations() {
        return withOrganizations;
    }

    /**
     * Only includes users that have an organization (true) or only includes users that do not have an organization
     * (false).
     *
     * @param withOrganizations the value sent as {@code with_organizations}
     */
    public void setWithOrganizations(Boolean withOrganizations) {
        this.withOrganizations = withOrganizations;
    }

    /** @return the {@code with_skills} filter, or null when not set */
    public String getWithSkills() {
        return withSkills;
    }

    /**
     * Only includes users with a set of skills at the specified levels (Format:
     * '{'skill_id':[level,level],'skill_id':[level],'operation':'&lt;or/and&gt;'}').
     *
     * @param withSkills the value sent as {@code with_skills}
     */
    public void setWithSkills(String withSkills) {
        this.withSkills = withSkills;
    }

    /** @return the {@code with_users} filter, or null when not set */
    public String getWithUsers() {
        return withUsers;
    }

    /**
     * Include only users for the provided IDs (Format: 'id,id,id'). Comma-separated ids.
     *
     * @param withUsers the value sent as {@code with_users}
     */
    public void setWithUsers(String withUsers) {
        this.withUsers = withUsers;
    }

    /** @return the {@code without_external_reference_service_name} filter, or null when not set */
    public String getWithoutExternalReferenceServiceName() {
        return withoutExternalReferenceServiceName;
    }

    /**
     * Exclude by the existence of an external reference with the specified service name.
     *
     * @param withoutExternalReferenceServiceName the value sent as {@code without_external_reference_service_name}
     */
    public void setWithoutExternalReferenceServiceName(String withoutExternalReferenceServiceName) {
        this.withoutExternalReferenceServiceName = withoutExternalReferenceServiceName;
    }

    /** @return the {@code without_skills} filter, or null when not set */
    public String getWithoutSkills() {
        return withoutSkills;
    }

    /**
     * Only includes users without the specified set of skills (Format: 'id,id,id').
     *
     * @param withoutSkills the value sent as {@code without_skills}
     */
    public void setWithoutSkills(String withoutSkills) {
        this.withoutSkills = withoutSkills;
    }

    /** @return the {@code without_timesheet_submission} filter, or null when not set */
    public String getWithoutTimesheetSubmission() {
        return withoutTimesheetSubmission;
    }

    /**
     * Only include users who have not submitted a timesheet in a project between the specified start and end dates.
     *
     * @param withoutTimesheetSubmission the value sent as {@code without_timesheet_submission}
     */
    public void setWithoutTimesheetSubmission(String withoutTimesheetSubmission) {
        this.withoutTimesheetSubmission = withoutTimesheetSubmission;
    }

    /** @return the {@code without_users} filter, or null when not set */
    public String getWithoutUsers() {
        return withoutUsers;
    }

    /**
     * Exclude users for the provided IDs (Format: 'id,id,id'). Comma-separated ids.
     *
     * @param withoutUsers the value sent as {@code without_users}
     */
    public void setWithoutUsers(String withoutUsers) {
        this.withoutUsers = withoutUsers;
    }

    /** @return the {@code write_access_in} filter, or null when not set */
    public Integer getWriteAccessIn() {
        return writeAccessIn;
    }

    /**
     * Only includes users who are participating in a project with a specified ID, and are not read-only in the project.
     *
     * @param writeAccessIn the value sent as {@code write_access_in}
     */
    public void setWriteAccessIn(Integer writeAccessIn) {
        this.writeAccessIn = writeAccessIn;
    }

    /** @return a copy of these filters */
    public KantataUsersListFilters copy() {
        try {
            return (KantataUsersListFilters) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
