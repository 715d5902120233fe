package io.github.camelkantata.users.hardening;

import io.github.camelkantata.users.KantataUsersComponent;

/**
 * The photo bodies (files, buffers, stalled and failing streams) again with {@code synchronous=true}: the calling
 * thread makes each call with the classic client and parses 2xx bodies from the stream. Every assertion of the async
 * path must hold on this one too.
 */
class PhotoHardeningSynchronousTest extends PhotoHardeningTest {

    @Override
    void configure(KantataUsersComponent component) {
        component.getConfiguration().setSynchronous(true);
    }
}
