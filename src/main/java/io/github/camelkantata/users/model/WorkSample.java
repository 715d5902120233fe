package io.github.camelkantata.users.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A portfolio item, side-loaded with {@code include=work_samples}.
 * <p>
 * Fields not modelled here are kept in {@link #getAdditionalProperties()}.
 */
public class WorkSample extends KantataObject {

    private String title;

    private String description;

    private String websiteUrl;

    private String trappedWebsiteUrl;

    private String attachmentId;

    private String attachmentFilename;

    /** @return the Kantata field {@code title} */
    @JsonProperty("title")
    public String getTitle() {
        return title;
    }

    /** @param title the Kantata field {@code title} */
    @JsonProperty("title")
    public void setTitle(String title) {
        this.title = title;
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

    /** @return the Kantata field {@code website_url} */
    @JsonProperty("website_url")
    public String getWebsiteUrl() {
        return websiteUrl;
    }

    /** @param websiteUrl the Kantata field {@code website_url} */
    @JsonProperty("website_url")
    public void setWebsiteUrl(String websiteUrl) {
        this.websiteUrl = websiteUrl;
    }

    /** @return the Kantata field {@code trapped_website_url} */
    @JsonProperty("trapped_website_url")
    public String getTrappedWebsiteUrl() {
        return trappedWebsiteUrl;
    }

    /** @param trappedWebsiteUrl the Kantata field {@code trapped_website_url} */
    @JsonProperty("trapped_website_url")
    public void setTrappedWebsiteUrl(String trappedWebsiteUrl) {
        this.trappedWebsiteUrl = trappedWebsiteUrl;
    }

    /** @return the Kantata field {@code attachment_id} */
    @JsonProperty("attachment_id")
    public String getAttachmentId() {
        return attachmentId;
    }

    /** @param attachmentId the Kantata field {@code attachment_id} */
    @JsonProperty("attachment_id")
    public void setAttachmentId(String attachmentId) {
        this.attachmentId = attachmentId;
    }

    /** @return the Kantata field {@code attachment_filename} */
    @JsonProperty("attachment_filename")
    public String getAttachmentFilename() {
        return attachmentFilename;
    }

    /** @param attachmentFilename the Kantata field {@code attachment_filename} */
    @JsonProperty("attachment_filename")
    public void setAttachmentFilename(String attachmentFilename) {
        this.attachmentFilename = attachmentFilename;
    }
}
