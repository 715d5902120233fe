package io.github.camelkantata.users.resilience;

import io.github.camelkantata.users.KantataUsersComponent;

/**
 * The fault matrix (every status, reset, timeout, retry) again with {@code synchronous=true}: the calling thread makes
 * each call with the classic client and parses 2xx bodies from the stream. Every assertion of the async path must hold
 * on this one too.
 */
class FaultInjectionSynchronousTest extends FaultInjectionTest {

    @Override
    void configure(KantataUsersComponent component) {
        component.getConfiguration().setSynchronous(true);
    }
}
