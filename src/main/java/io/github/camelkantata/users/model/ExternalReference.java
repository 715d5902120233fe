package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A link to an object in an integrated system, side-loaded with {@code include=external_references}.
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class ExternalReference extends TimestampedObject {

    private String serviceName;

    private String serviceModel;

    private String serviceModelRef;

    private String status;

    private String externalMessage;

    private String externalLink;

    private String externalStatus;

    private Boolean locked;

    private Long subjectId;

    private String subjectType;

    private String lastSyncedAt;

    /** @return the Kantata field {@code service_name} */
    @JsonProperty("service_name")
    public String getServiceName() {
        return serviceName;
    }

    /** @param serviceName the Kantata field {@code service_name} */
    @JsonProperty("service_name")
    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    /** @return the Kantata field {@code service_model} */
    @JsonProperty("service_model")
    public String getServiceModel() {
        return serviceModel;
    }

    /** @param serviceModel the Kantata field {@code service_model} */
    @JsonProperty("service_model")
    public void setServiceModel(String serviceModel) {
        this.serviceModel = serviceModel;
    }

    /** @return the Kantata field {@code service_model_ref} */
    @JsonProperty("service_model_ref")
    public String getServiceModelRef() {
        return serviceModelRef;
    }

    /** @param serviceModelRef the Kantata field {@code service_model_ref} */
    @JsonProperty("service_model_ref")
    public void setServiceModelRef(String serviceModelRef) {
        this.serviceModelRef = serviceModelRef;
    }

    /** @return the Kantata field {@code status} */
    @JsonProperty("status")
    public String getStatus() {
        return status;
    }

    /** @param status the Kantata field {@code status} */
    @JsonProperty("status")
    public void setStatus(String status) {
        this.status = status;
    }

    /** @return the Kantata field {@code external_message} */
    @JsonProperty("external_message")
    public String getExternalMessage() {
        return externalMessage;
    }

    /** @param externalMessage the Kantata field {@code external_message} */
    @JsonProperty("external_message")
    public void setExternalMessage(String externalMessage) {
        this.externalMessage = externalMessage;
    }

    /** @return the Kantata field {@code external_link} */
    @JsonProperty("external_link")
    public String getExternalLink() {
        return externalLink;
    }

    /** @param externalLink the Kantata field {@code external_link} */
    @JsonProperty("external_link")
    public void setExternalLink(String externalLink) {
        this.externalLink = externalLink;
    }

    /** @return the Kantata field {@code external_status} */
    @JsonProperty("external_status")
    public String getExternalStatus() {
        return externalStatus;
    }

    /** @param externalStatus the Kantata field {@code external_status} */
    @JsonProperty("external_status")
    public void setExternalStatus(String externalStatus) {
        this.externalStatus = externalStatus;
    }

    /** @return the Kantata field {@code locked} */
    @JsonProperty("locked")
    public Boolean getLocked() {
        return locked;
    }

    /** @param locked the Kantata field {@code locked} */
    @JsonProperty("locked")
    public void setLocked(Boolean locked) {
        this.locked = locked;
    }

    /** @return the Kantata field {@code subject_id} */
    @JsonProperty("subject_id")
    public Long getSubjectId() {
        return subjectId;
    }

    /** @param subjectId the Kantata field {@code subject_id} */
    @JsonProperty("subject_id")
    public void setSubjectId(Long subjectId) {
        this.subjectId = subjectId;
    }

    /** @return the Kantata field {@code subject_type} */
    @JsonProperty("subject_type")
    public String getSubjectType() {
        return subjectType;
    }

    /** @param subjectType the Kantata field {@code subject_type} */
    @JsonProperty("subject_type")
    public void setSubjectType(String subjectType) {
        this.subjectType = subjectType;
    }

    /** @return the Kantata field {@code last_synced_at} */
    @JsonProperty("last_synced_at")
    public String getLastSyncedAt() {
        return lastSyncedAt;
    }

    /** @param lastSyncedAt the Kantata field {@code last_synced_at} */
    @JsonProperty("last_synced_at")
    public void setLastSyncedAt(String lastSyncedAt) {
        this.lastSyncedAt = lastSyncedAt;
    }

}
