package io.github.camelkantata.users;

import org.apache.camel.spi.Metadata;

/** The message headers of the kantata-users component. Every header is declared here, once. */
public final class KantataUsersConstants {

    /** The component scheme. */
    public static final String SCHEME = "kantata-users";

    @Metadata(label = "producer", description = "The user id for get, update, capacity and photo. Takes precedence over the userId option.",
              javaType = "String")
    public static final String USER_ID = "CamelKantataUsersUserId";

    @Metadata(label = "producer", description = "The first date of a capacity range (a java.time.LocalDate or an ISO yyyy-MM-dd string). Takes precedence over the startDate option.",
              javaType = "java.time.LocalDate or String")
    public static final String START_DATE = "CamelKantataUsersStartDate";

    @Metadata(label = "producer", description = "The last date of a capacity range (a java.time.LocalDate or an ISO yyyy-MM-dd string). Takes precedence over the endDate option.",
              javaType = "java.time.LocalDate or String")
    public static final String END_DATE = "CamelKantataUsersEndDate";

    @Metadata(label = "producer", description = "The file name sent with a photo upload. Defaults to the CamelFileName header, the file's name, or photo.<ext>.",
              javaType = "String")
    public static final String PHOTO_FILE_NAME = "CamelKantataUsersPhotoFileName";

    @Metadata(label = "producer", description = "The list operation's total number of users matching the query (the API's count).",
              javaType = "Integer")
    public static final String TOTAL_COUNT = "CamelKantataUsersTotalCount";

    @Metadata(label = "producer", description = "The list operation's number of pages (the API's meta.page_count) at the page size used.",
              javaType = "Integer")
    public static final String PAGE_COUNT = "CamelKantataUsersPageCount";

    @Metadata(description = "The x-request-id of the response, to quote to Kantata support.", javaType = "String")
    public static final String REQUEST_ID = "CamelKantataUsersRequestId";

    @Metadata(description = "How many times the call was retried (0 when the first attempt succeeded; for a list, summed over pages).",
              javaType = "Integer")
    public static final String RETRIES = "CamelKantataUsersRetries";

    @Metadata(description = "The operation that produced the message.", javaType = "String")
    public static final String OPERATION = "CamelKantataUsersOperation";

    @Metadata(label = "consumer", description = "Why the consumer emitted the user: new, changed or removed.",
              javaType = "String", enums = "new,changed,removed")
    public static final String CHANGE_TYPE = "CamelKantataUsersChangeType";

    @Metadata(label = "consumer", description = "The id of the user the consumer emitted.", javaType = "String")
    public static final String CONSUMER_USER_ID = "CamelKantataUsersId";

    @Metadata(label = "consumer", description = "The fingerprint of the emitted user (its own JSON, and with fingerprintSideLoaded=true its side-loaded objects), as stored in the state repository.",
              javaType = "String")
    public static final String FINGERPRINT = "CamelKantataUsersFingerprint";

    private KantataUsersConstants() {
    }
}
