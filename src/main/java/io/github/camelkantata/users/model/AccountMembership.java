package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The user's membership of an account, side-loaded with {@code include=account_membership}.
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class AccountMembership extends TimestampedObject {

    private String userId;

    private String managerId;

    private String permission;

    private Boolean isAdministrator;

    private Boolean isOwner;

    private Boolean isProjectLead;

    private String disabledAt;

    private String defaultRoleId;

    private Integer billabilityTarget;

    private Long billRateInCents;

    private Long costRateInCents;

    /** @return the Kantata field {@code user_id} */
    @JsonProperty("user_id")
    public String getUserId() {
        return userId;
    }

    /** @param userId the Kantata field {@code user_id} */
    @JsonProperty("user_id")
    public void setUserId(String userId) {
        this.userId = userId;
    }

    /** @return the Kantata field {@code manager_id} */
    @JsonProperty("manager_id")
    public String getManagerId() {
        return managerId;
    }

    /** @param managerId the Kantata field {@code manager_id} */
    @JsonProperty("manager_id")
    public void setManagerId(String managerId) {
        this.managerId = managerId;
    }

    /** @return the Kantata field {@code permission} */
    @JsonProperty("permission")
    public String getPermission() {
        return permission;
    }

    /** @param permission the Kantata field {@code permission} */
    @JsonProperty("permission")
    public void setPermission(String permission) {
        this.permission = permission;
    }

    /** @return the Kantata field {@code is_administrator} */
    @JsonProperty("is_administrator")
    public Boolean getIsAdministrator() {
        return isAdministrator;
    }

    /** @param isAdministrator the Kantata field {@code is_administrator} */
    @JsonProperty("is_administrator")
    public void setIsAdministrator(Boolean isAdministrator) {
        this.isAdministrator = isAdministrator;
    }

    /** @return the Kantata field {@code is_owner} */
    @JsonProperty("is_owner")
    public Boolean getIsOwner() {
        return isOwner;
    }

    /** @param isOwner the Kantata field {@code is_owner} */
    @JsonProperty("is_owner")
    public void setIsOwner(Boolean isOwner) {
        this.isOwner = isOwner;
    }

    /** @return the Kantata field {@code is_project_lead} */
    @JsonProperty("is_project_lead")
    public Boolean getIsProjectLead() {
        return isProjectLead;
    }

    /** @param isProjectLead the Kantata field {@code is_project_lead} */
    @JsonProperty("is_project_lead")
    public void setIsProjectLead(Boolean isProjectLead) {
        this.isProjectLead = isProjectLead;
    }

    /** @return the Kantata field {@code disabled_at} */
    @JsonProperty("disabled_at")
    public String getDisabledAt() {
        return disabledAt;
    }

    /** @param disabledAt the Kantata field {@code disabled_at} */
    @JsonProperty("disabled_at")
    public void setDisabledAt(String disabledAt) {
        this.disabledAt = disabledAt;
    }

    /** @return the Kantata field {@code default_role_id} */
    @JsonProperty("default_role_id")
    public String getDefaultRoleId() {
        return defaultRoleId;
    }

    /** @param defaultRoleId the Kantata field {@code default_role_id} */
    @JsonProperty("default_role_id")
    public void setDefaultRoleId(String defaultRoleId) {
        this.defaultRoleId = defaultRoleId;
    }

    /** @return the Kantata field {@code billability_target} */
    @JsonProperty("billability_target")
    public Integer getBillabilityTarget() {
        return billabilityTarget;
    }

    /** @param billabilityTarget the Kantata field {@code billability_target} */
    @JsonProperty("billability_target")
    public void setBillabilityTarget(Integer billabilityTarget) {
        this.billabilityTarget = billabilityTarget;
    }

    /** @return the Kantata field {@code bill_rate_in_cents} */
    @JsonProperty("bill_rate_in_cents")
    public Long getBillRateInCents() {
        return billRateInCents;
    }

    /** @param billRateInCents the Kantata field {@code bill_rate_in_cents} */
    @JsonProperty("bill_rate_in_cents")
    public void setBillRateInCents(Long billRateInCents) {
        this.billRateInCents = billRateInCents;
    }

    /** @return the Kantata field {@code cost_rate_in_cents} */
    @JsonProperty("cost_rate_in_cents")
    public Long getCostRateInCents() {
        return costRateInCents;
    }

    /** @param costRateInCents the Kantata field {@code cost_rate_in_cents} */
    @JsonProperty("cost_rate_in_cents")
    public void setCostRateInCents(Long costRateInCents) {
        this.costRateInCents = costRateInCents;
    }

}
