package io.github.camelkantata.users.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Base of every object Kantata returns: a string {@code id} plus every field this library does not model.
 * <p>
 * Unknown fields are kept, in arrival order, and written back unchanged, so an object read from Kantata serialises back
 * to the same snake_case JSON without loss even when the API adds fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class KantataObject {

    private String id;
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();
    private byte[] sourceDigest;

    /** @return the object's id; Kantata ids are strings in responses */
    @JsonProperty("id")
    public String getId() {
        return id;
    }

    /** @param id the object's id */
    @JsonProperty("id")
    public void setId(String id) {
        this.id = id;
    }

    /** @return fields that this library does not model, by their Kantata (snake_case) names */
    @JsonAnyGetter
    public Map<String, Object> getAdditionalProperties() {
        return additionalProperties;
    }

    /**
     * Keeps a field this library does not model.
     *
     * @param name  the Kantata field name
     * @param value the raw JSON value (String, Number, Boolean, List, Map or null)
     */
    @JsonAnySetter
    public void setAdditionalProperty(String name, Object value) {
        additionalProperties.put(name, value);
    }

    /**
     * @param  name a Kantata field name that this library does not model
     * @return      its raw value, or null
     */
    @JsonIgnore
    public Object getAdditionalProperty(String name) {
        return additionalProperties.get(name);
    }

    /**
     * @return the SHA-256 of this object's JSON exactly as Kantata sent it, or null for an object that was not read
     *         from an API response; the consumer compares it to detect changes without serialising the object again
     */
    @JsonIgnore
    public byte[] getSourceDigest() {
        return sourceDigest == null ? null : sourceDigest.clone();
    }

    /**
     * Set by the response reader. Editing the object afterwards does not change it: it describes what Kantata sent.
     *
     * @param sourceDigest the SHA-256 of the object's JSON as sent
     */
    @JsonIgnore
    public void setSourceDigest(byte[] sourceDigest) {
        this.sourceDigest = sourceDigest;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        return Objects.equals(id, ((KantataObject) o).id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), id);
    }
}
