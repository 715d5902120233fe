package io.github.camelkantata.users.consumer;

import java.util.List;
import java.util.Map;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.state.JdbcStateRepository;
import io.github.camelkantata.users.state.RollbackOnReturnPool;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer on a JdbcStateRepository whose pool lends autoCommit=false connections and rolls back on return
 * (HikariCP's {@code auto-commit=false}): the state is committed, so the second poll emits nothing. Before, every poll
 * emitted every user as new.
 */
class PooledStateTest {

    @Test
    void aPoolWithAutoCommitOffStillKeepsTheStateAndTheSecondPollEmitsNothing() throws Exception {
        System.setProperty("derby.stream.error.file", "target/derby.log");
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:kantata-pooled");
        derby.setCreateDatabase("create");
        JdbcStateRepository repo = new JdbcStateRepository(RollbackOnReturnPool.wrap(derby), "pooled");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(40).start();
             ConsumerHarness h = new ConsumerHarness(sandbox, "perPage=10&stateRepository=#repo", Map.of("repo", repo))
                     .start()) {
            int first = h.poll().size();
            assertTrue(first > 20);
            assertEquals(List.of(), h.poll(), "the first poll's state was committed");
        }
    }
}
