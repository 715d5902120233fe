package io.github.camelkantata.users.resilience;

import io.github.camelkantata.users.KantataUsersComponent;

/**
 * The token stays out of every log line, exception and URI with {@code synchronous=true} too: the classic client's wire
 * log (TRACE here) would print the Authorization header if its connections bound the logging socket.
 */
class SecretsSynchronousTest extends SecretsTest {

    @Override
    void configure(KantataUsersComponent component) {
        component.getConfiguration().setSynchronous(true);
    }
}
