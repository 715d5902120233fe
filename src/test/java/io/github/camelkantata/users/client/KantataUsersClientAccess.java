package io.github.camelkantata.users.client;

import io.github.camelkantata.users.model.UserPage;

/** Opens package-private helpers of the client to tests in other packages. */
public final class KantataUsersClientAccess {

    private KantataUsersClientAccess() {
    }

    public static UserPage withPageCount(UserPage page, int perPage) {
        return KantataUsersClient.withPageCount(page, perPage);
    }
}
