package io.github.camelkantata.users.consumer;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelkantata.users.consumer.ConsumerHarness.Received;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh 60-user sandbox per test and the consumer harness a test starts on it, both closed afterwards. */
abstract class ConsumerTestSupport {

    KantataSandbox sandbox;
    ConsumerHarness harness;

    @BeforeEach
    void startSandbox() {
        sandbox = KantataSandbox.builder().users(60).start();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        sandbox.close();
    }

    /** The account's active members, as the sandbox defines them: what on_my_account=true must return. */
    Set<String> activeMembers() {
        return sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).map(SandboxUser::id)
                .collect(Collectors.toSet());
    }

    static Set<String> ids(List<Received> r) {
        return r.stream().map(Received::id).collect(Collectors.toSet());
    }
}
