package io.github.camelkantata.users.resilience;

import io.github.camelkantata.users.KantataUsersComponent;

/**
 * The token supplier again with {@code synchronous=true}: the calling thread makes each call with the classic client
 * and parses 2xx bodies from the stream. Every assertion of the async path must hold on this one too.
 */
class TokenSupplierSynchronousTest extends TokenSupplierTest {

    @Override
    void configure(KantataUsersComponent component) {
        component.getConfiguration().setSynchronous(true);
    }
}
