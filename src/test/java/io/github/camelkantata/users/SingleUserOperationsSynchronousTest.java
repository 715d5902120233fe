package io.github.camelkantata.users;

/**
 * Every single-user operation (wire and result) again with {@code synchronous=true}: the calling thread makes each call
 * with the classic client and parses 2xx bodies from the stream. Every assertion of the async path must hold on this
 * one too.
 */
class SingleUserOperationsSynchronousTest extends SingleUserOperationsTest {

    @Override
    void configure(KantataUsersComponent component) {
        component.getConfiguration().setSynchronous(true);
    }
}
