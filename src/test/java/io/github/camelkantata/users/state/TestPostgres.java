package io.github.camelkantata.users.state;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real PostgreSQL that the JDBC tests use (scripts/postgres.sh starts one): where it is, and what to do when it is
 * not there. In CI (env {@code CI} set) or with {@code -Dkantata.pg.required=true} a missing server fails the test;
 * elsewhere the test is skipped with a hint, so a developer without PostgreSQL can still run the rest.
 */
public final class TestPostgres {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/kantata";

    private TestPostgres() {
    }

    /**
     * @param  applicationName shown in pg_stat_activity, to tell test connections apart
     * @return                 a data source for KANTATA_PG_URL / KANTATA_PG_USER / KANTATA_PG_PASSWORD (system property
     *                         or environment), defaulting to the server scripts/postgres.sh starts
     */
    public static PGSimpleDataSource dataSource(String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(setting("KANTATA_PG_URL", DEFAULT_URL));
        ds.setUser(setting("KANTATA_PG_USER", "postgres"));
        String password = setting("KANTATA_PG_PASSWORD", null);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(5);
        ds.setApplicationName(applicationName);
        return ds;
    }

    /**
     * @param  ds the data source to try
     * @return    null when the server answers; otherwise the reason to skip (this fails instead when required)
     */
    public static String unavailableReason(PGSimpleDataSource ds) {
        try (Connection con = ds.getConnection()) {
            return con.isValid(5) ? null : "PostgreSQL at " + ds.getUrl() + " did not validate a connection";
        } catch (SQLException e) {
            String msg = "PostgreSQL is not reachable at " + ds.getUrl() + " (" + e.getMessage() + "). Run"
                         + " 'scripts/postgres.sh start' first, or point KANTATA_PG_URL at a server.";
            if (isSet(System.getenv("CI")) || Boolean.getBoolean("kantata.pg.required")) {
                fail(msg + " Failing because CI is set or kantata.pg.required=true.", e);
            }
            return msg + " Skipping (set CI or -Dkantata.pg.required=true to fail instead).";
        }
    }

    private static String setting(String name, String defaultValue) {
        String value = System.getProperty(name);
        if (!isSet(value)) {
            value = System.getenv(name);
        }
        return isSet(value) ? value : defaultValue;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
