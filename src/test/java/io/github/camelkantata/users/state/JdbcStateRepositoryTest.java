package io.github.camelkantata.users.state;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JdbcStateRepository} against a real PostgreSQL server.
 * <p>
 * Connection: system property or environment variable {@code KANTATA_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:55432/kantata}), {@code KANTATA_PG_USER} (default {@code postgres}) and optional
 * {@code KANTATA_PG_PASSWORD}. Start a local server with {@code scripts/postgres.sh start}. If the server is
 * unreachable the tests are skipped, unless the environment variable {@code CI} is set or
 * {@code -Dkantata.pg.required=true}, in which case they fail.
 */
class JdbcStateRepositoryTest extends AbstractJdbcStateRepositoryTest {

    @BeforeAll
    static void connect() {
        PGSimpleDataSource ds = TestPostgres.dataSource("camel-kantata-users JdbcStateRepositoryTest");
        // skip each test (in @BeforeEach), so Surefire lists them as skipped with this reason
        unavailable = TestPostgres.unavailableReason(ds);
        if (unavailable != null) {
            System.err.println(unavailable);
            return;
        }
        dataSource = ds;
        otherDataSource = TestPostgres.dataSource("camel-kantata-users JdbcStateRepositoryTest node 2");
        expectedColumns = Map.of("repository", "varchar", "state_key", "varchar", "state_value", "text",
                "updated_at", "timestamp");
    }
}
