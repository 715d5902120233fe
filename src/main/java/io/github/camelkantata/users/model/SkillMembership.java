package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user's skill with its proficiency level, side-loaded with {@code include=skill_memberships}.
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class SkillMembership extends TimestampedObject {

    private String cachedSkillName;

    private Integer level;

    private Integer maxLevel;

    private String skillId;

    private String userId;

    private String creatorId;

    /** @return the Kantata field {@code cached_skill_name} */
    @JsonProperty("cached_skill_name")
    public String getCachedSkillName() {
        return cachedSkillName;
    }

    /** @param cachedSkillName the Kantata field {@code cached_skill_name} */
    @JsonProperty("cached_skill_name")
    public void setCachedSkillName(String cachedSkillName) {
        this.cachedSkillName = cachedSkillName;
    }

    /** @return the Kantata field {@code level} */
    @JsonProperty("level")
    public Integer getLevel() {
        return level;
    }

    /** @param level the Kantata field {@code level} */
    @JsonProperty("level")
    public void setLevel(Integer level) {
        this.level = level;
    }

    /** @return the Kantata field {@code max_level} */
    @JsonProperty("max_level")
    public Integer getMaxLevel() {
        return maxLevel;
    }

    /** @param maxLevel the Kantata field {@code max_level} */
    @JsonProperty("max_level")
    public void setMaxLevel(Integer maxLevel) {
        this.maxLevel = maxLevel;
    }

    /** @return the Kantata field {@code skill_id} */
    @JsonProperty("skill_id")
    public String getSkillId() {
        return skillId;
    }

    /** @param skillId the Kantata field {@code skill_id} */
    @JsonProperty("skill_id")
    public void setSkillId(String skillId) {
        this.skillId = skillId;
    }

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

    /** @return the Kantata field {@code creator_id} */
    @JsonProperty("creator_id")
    public String getCreatorId() {
        return creatorId;
    }

    /** @param creatorId the Kantata field {@code creator_id} */
    @JsonProperty("creator_id")
    public void setCreatorId(String creatorId) {
        this.creatorId = creatorId;
    }

}
