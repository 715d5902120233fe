package io.github.camelkantata.users.hardening;

import io.github.camelkantata.users.KantataUsersComponent;

/**
 * The compressed bodies again with {@code synchronous=true}: inflated as they come off the connection, under
 * maxResponseBytes, and parsed as a stream (the consumer's pages keep the async path).
 */
class CompressedBodySynchronousTest extends CompressedBodyTest {

    @Override
    void configure(KantataUsersComponent component) {
        component.getConfiguration().setSynchronous(true);
    }
}
