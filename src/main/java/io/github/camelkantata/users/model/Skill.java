package io.github.camelkantata.users.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A skill, side-loaded with {@code include=skills} into the {@code skills} key.
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class Skill extends TimestampedObject {

    private String name;

    private String description;

    private String maxLevel;

    private String skillCategoryId;

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

    /** @return the Kantata field {@code description} */
    @JsonProperty("description")
    public String getDescription() {
        return description;
    }

    /** @param description the Kantata field {@code description} */
    @JsonProperty("description")
    public void setDescription(String description) {
        this.description = description;
    }

    /** @return the Kantata field {@code max_level} */
    @JsonProperty("max_level")
    public String getMaxLevel() {
        return maxLevel;
    }

    /** @param maxLevel the Kantata field {@code max_level} */
    @JsonProperty("max_level")
    public void setMaxLevel(String maxLevel) {
        this.maxLevel = maxLevel;
    }

    /** @return the Kantata field {@code skill_category_id} */
    @JsonProperty("skill_category_id")
    public String getSkillCategoryId() {
        return skillCategoryId;
    }

    /** @param skillCategoryId the Kantata field {@code skill_category_id} */
    @JsonProperty("skill_category_id")
    public void setSkillCategoryId(String skillCategoryId) {
        this.skillCategoryId = skillCategoryId;
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
