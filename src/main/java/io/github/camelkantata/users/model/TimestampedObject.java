package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Kantata object with the usual {@code created_at}/{@code updated_at} pair (ISO 8601, kept as sent). */
public abstract class TimestampedObject extends KantataObject {

    private String createdAt;
    private String updatedAt;

    /** @return {@code created_at}, an ISO 8601 date-time as Kantata sent it */
    @JsonProperty("created_at")
    public String getCreatedAt() {
        return createdAt;
    }

    /** @param createdAt {@code created_at} */
    @JsonProperty("created_at")
    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    /** @return {@code updated_at}, an ISO 8601 date-time as Kantata sent it */
    @JsonProperty("updated_at")
    public String getUpdatedAt() {
        return updatedAt;
    }

    /** @param updatedAt {@code updated_at} */
    @JsonProperty("updated_at")
    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }
}
