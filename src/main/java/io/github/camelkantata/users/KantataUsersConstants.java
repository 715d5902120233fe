package io.github.camelkantata.users;

import org.apache.camel.spi.Metadata;

/** The message headers of the kantata-users component. Every header is declared here, once. */
public final class KantataUsersConstants {

    /** The component scheme. */
    public static final String SCHEME = "kantata-users";

    @Metadata(label = "producer",
              description = "The user id for get, update, capacity and photo. Takes precedence over the userId option, the id of a User body and the CamelKantataUsersId header.",
              javaType = "String")
    public static final String USER_ID = "CamelKantataUsersUserId";

    @Metadata(label = "producer",
              description = "The first date of a capacity range (a java.time.LocalDate or an ISO yyyy-MM-dd string). Takes precedence over the startDate option.",
              javaType = "java.time.LocalDate or String")
    public static final String START_DATE = "CamelKantataUsersStartDate";

    @Metadata(label = "producer",
              description = "The last date of a capacity range (a java.time.LocalDate or an ISO yyyy-MM-dd string). Takes precedence over the endDate option.",
              javaType = "java.time.LocalDate or String")
    public static final String END_DATE = "CamelKantataUsersEndDate";

    @Metadata(label = "producer",
              description = "The file name sent with a photo upload. Defaults to the CamelFileName header, the file's name, or photo.<ext>.",
              javaType = "String")
    public static final String PHOTO_FILE_NAME = "CamelKantataUsersPhotoFileName";

    @Metadata(label = "producer",
              description = "The list operation's total number of users matching the query (the API's count).",
              javaType = "Integer")
    public static final String TOTAL_COUNT = "CamelKantataUsersTotalCount";

    @Metadata(label = "producer",
              description = "The list operation's number of pages (the API's meta.page_count) at the page size used.",
              javaType = "Integer")
    public static final String PAGE_COUNT = "CamelKantataUsersPageCount";

    @Metadata(description = "The x-request-id of the response, to quote to Kantata support.", javaType = "String")
    public static final String REQUEST_ID = "CamelKantataUsersRequestId";

    @Metadata(description = "How many times the call was retried (0 when the first attempt succeeded; for a list, summed over pages).",
              javaType = "Integer")
    public static final String RETRIES = "CamelKantataUsersRetries";

    @Metadata(label = "producer",
              description = "The operation to run instead of the endpoint's (list, me, get, update, capacity or photo), for this message only: the producer removes the header when it reads it, so it never carries over to the next kantata-users call.",
              javaType = "String", enums = "list,me,get,update,capacity,photo")
    public static final String OPERATION = "CamelKantataUsersOperation";

    @Metadata(label = "producer",
              description = "API query parameters for this message only, by the API's snake_case names (e.g. by_email_addresses, show_disabled, include), merged over the endpoint's: a parameter here replaces the endpoint's value, a null value removes it. Checked like the options before any request; values are encoded as given (no RAW() needed). list takes every GET /users filter, include and optional_fields; me, get, update and photo take show_disabled, include and optional_fields.",
              javaType = "java.util.Map<String, Object>")
    public static final String QUERY = "CamelKantataUsersQuery";

    @Metadata(label = "consumer", description = "Why the consumer emitted the user: new, changed or removed.",
              javaType = "String", enums = "new,changed,removed")
    public static final String CHANGE_TYPE = "CamelKantataUsersChangeType";

    @Metadata(description = "The id of the user the message is about, set by the consumer and by get, me, update, capacity and photo (list removes it). A later kantata-users producer uses it when neither the CamelKantataUsersUserId header, the userId option nor a User body names a user, so ids chain from one call to the next.",
              javaType = "String")
    public static final String CONSUMER_USER_ID = "CamelKantataUsersId";

    @Metadata(label = "consumer",
              description = "The fingerprint of the emitted user (its own JSON, and with fingerprintSideLoaded=true its side-loaded objects), as stored in the state repository.",
              javaType = "String")
    public static final String FINGERPRINT = "CamelKantataUsersFingerprint";

    @Metadata(label = "consumer",
              description = "How many consecutive deliveries of this user failed before this one (set only on a retry of a failing user); past maxFailuresPerUser the user is retried only when its content changes or every 64 polls.",
              javaType = "Integer")
    public static final String FAILURE_COUNT = "CamelKantataUsersFailureCount";

    @Metadata(label = "consumer",
              description = "With showDisabled=true: whether the user's account membership is disabled (its disabled_at is set), so that a changed message for a user disabled or re-enabled in Kantata says which.",
              javaType = "Boolean")
    public static final String DISABLED = "CamelKantataUsersDisabled";
    @Metadata(label = "producer",
              description = "The e-mail addresses the lookup operation looks for: a java.util.Collection of addresses, or a String of addresses separated by commas, semicolons or line breaks. Takes precedence over the body.",
              javaType = "java.util.Collection<String> or String")
    public static final String EMAIL_ADDRESSES = "CamelKantataUsersEmailAddresses";

    @Metadata(label = "producer",
              description = "The lookup operation's addresses that matched no user, as given (trimmed), in input order.",
              javaType = "java.util.List<String>")
    public static final String NOT_FOUND = "CamelKantataUsersNotFound";

    @Metadata(label = "producer",
              description = "The lookup operation's entries that are not e-mail addresses, as given (trimmed), in input order. They were not sent.",
              javaType = "java.util.List<String>")
    public static final String INVALID = "CamelKantataUsersInvalid";

    @Metadata(label = "producer",
              description = "Whether the update operation sent a PUT: false when skipUnchanged found nothing to change.",
              javaType = "Boolean")
    public static final String UPDATED = "CamelKantataUsersUpdated";
    @Metadata(label = "consumer",
              description = "Set on removed users: why the user left what the consumer watches. account: Kantata no longer lists the user on the account, even with show_disabled=true (deleted, or moved off the account); scope: the user is still on the account but no longer matches the consumer's filters (a filter option changed, or the user did, e.g. was disabled while showDisabled is off).",
              javaType = "String", enums = "account,scope")
    public static final String REMOVED_REASON = "CamelKantataUsersRemovedReason";

    private KantataUsersConstants() {
    }
}
