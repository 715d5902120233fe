package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A custom field value visible to the caller, side-loaded with {@code include=custom_field_values}. {@code value} keeps
 * its raw JSON form (string, number, [cents, currency] or choice ids).
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class CustomFieldValue extends TimestampedObject {

    private String customFieldId;

    private String customFieldName;

    private String displayValue;

    private Object value;

    private String type;

    private Long subjectId;

    private String subjectType;

    private Boolean canEdit;

    /** @return the Kantata field {@code custom_field_id} */
    @JsonProperty("custom_field_id")
    public String getCustomFieldId() {
        return customFieldId;
    }

    /** @param customFieldId the Kantata field {@code custom_field_id} */
    @JsonProperty("custom_field_id")
    public void setCustomFieldId(String customFieldId) {
        this.customFieldId = customFieldId;
    }

    /** @return the Kantata field {@code custom_field_name} */
    @JsonProperty("custom_field_name")
    public String getCustomFieldName() {
        return customFieldName;
    }

    /** @param customFieldName the Kantata field {@code custom_field_name} */
    @JsonProperty("custom_field_name")
    public void setCustomFieldName(String customFieldName) {
        this.customFieldName = customFieldName;
    }

    /** @return the Kantata field {@code display_value} */
    @JsonProperty("display_value")
    public String getDisplayValue() {
        return displayValue;
    }

    /** @param displayValue the Kantata field {@code display_value} */
    @JsonProperty("display_value")
    public void setDisplayValue(String displayValue) {
        this.displayValue = displayValue;
    }

    /** @return the Kantata field {@code value} */
    @JsonProperty("value")
    public Object getValue() {
        return value;
    }

    /** @param value the Kantata field {@code value} */
    @JsonProperty("value")
    public void setValue(Object value) {
        this.value = value;
    }

    /** @return the Kantata field {@code type} */
    @JsonProperty("type")
    public String getType() {
        return type;
    }

    /** @param type the Kantata field {@code type} */
    @JsonProperty("type")
    public void setType(String type) {
        this.type = type;
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

    /** @return the Kantata field {@code can_edit} */
    @JsonProperty("can_edit")
    public Boolean getCanEdit() {
        return canEdit;
    }

    /** @param canEdit the Kantata field {@code can_edit} */
    @JsonProperty("can_edit")
    public void setCanEdit(Boolean canEdit) {
        this.canEdit = canEdit;
    }

}
