package io.github.camelkantata.users.state;

import java.util.Map;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcStateRepository} on embedded Apache Derby, in memory: a database with no {@code TEXT} type (the value
 * column is a {@code CLOB} there) and no PostgreSQL upsert, so the portable DDL and the portable, concurrency-safe
 * UPDATE-then-INSERT writes run for real in every build.
 */
class JdbcStateRepositoryDerbyTest extends AbstractJdbcStateRepositoryTest {

    @BeforeAll
    static void connect() {
        // Derby writes derby.log into the working directory unless told otherwise; tests write only under target/
        System.setProperty("derby.stream.error.file", "target/derby.log");
        dataSource = derby();
        otherDataSource = derby();
        expectedColumns = Map.of("repository", "varchar", "state_key", "varchar", "state_value", "clob",
                "updated_at", "timestamp");
    }

    private static EmbeddedDataSource derby() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:kantata-state");
        ds.setCreateDatabase("create");
        return ds;
    }
}
