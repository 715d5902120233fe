package io.github.camelkantata.users.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account role, side-loaded with {@code include=role} into the {@code roles} key.
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class Role extends TimestampedObject {

    private String name;

    private String deletedAt;

    private List<String> externalReferenceIds;

    /** @return the Kantata field {@code name} */
    @JsonProperty("name")
    public String getName() {
        return name;
    }

    /** @param name the Kantata field {@code name} */
    @JsonProperty("name")
    public void setName(String name) {
        this.name = name;
    }

    /** @return the Kantata field {@code deleted_at} */
    @JsonProperty("deleted_at")
    public String getDeletedAt() {
        return deletedAt;
    }

    /** @param deletedAt the Kantata field {@code deleted_at} */
    @JsonProperty("deleted_at")
    public void setDeletedAt(String deletedAt) {
        this.deletedAt = deletedAt;
    }

    /** @return the Kantata field {@code external_reference_ids} */
    @JsonProperty("external_reference_ids")
    public List<String> getExternalReferenceIds() {
        return externalReferenceIds;
    }

    /** @param externalReferenceIds the Kantata field {@code external_reference_ids} */
    @JsonProperty("external_reference_ids")
    public void setExternalReferenceIds(List<String> externalReferenceIds) {
        this.externalReferenceIds = externalReferenceIds;
    }
}
