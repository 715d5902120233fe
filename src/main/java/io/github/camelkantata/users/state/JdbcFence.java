package io.github.camelkantata.users.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader terms kept in a {@link JdbcStateRepository}'s own table, so that a deposed cluster leader's late writes cannot
 * overwrite what its successor wrote, whatever the coordination service (ZooKeeper, a file lock, ...) believes.
 * <p>
 * A node that becomes leader calls {@link #acquire()}: one transaction increments the row
 * {@code <repository>/_fence.term.<name>} and returns the new value, its term. From then on every write of the
 * repository first reads that row in its own transaction ({@code FOR SHARE} on PostgreSQL, so a successor's increment
 * waits for a write in progress and every later write sees it) and is rolled back with a {@link FencedException} when
 * the stored term is higher than the node's. The row is not under any consumer's key prefix, so no consumer ever reads
 * it as a user.
 */
public final class JdbcFence implements JdbcStateRepository.WriteFence {

    /** The key prefix of the term rows. */
    public static final String TERM_KEY_PREFIX = "_fence.term.";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFence.class);

    private final JdbcStateRepository repository;
    private final String key;
    private volatile long term;
    private final AtomicBoolean logged = new AtomicBoolean();
    /** the database product name, lower case, read once from the first connection */
    private volatile String product;

    /**
     * @param repository the repository whose writes are fenced (started, so its table exists)
     * @param name       what the term is of (the cluster namespace)
     */
    public JdbcFence(JdbcStateRepository repository, String name) {
        this.repository = repository;
        this.key = TERM_KEY_PREFIX + name;
    }

    /** Thrown by a write from an older term than the stored one; the write was rolled back. */
    public static final class FencedException extends RuntimeCamelException {
        private static final long serialVersionUID = 1L;

        FencedException(String message) {
            super(message);
        }
    }

    /**
     * Takes the next term (one transaction) and fences the repository's writes with it.
     *
     * @return the new term
     */
    public long acquire() {
        String table = repository.getTableName();
        String repo = repository.getRepositoryName();
        for (int attempt = 1;; attempt++) {
            try (Connection con = repository.getDataSource().getConnection()) {
                boolean auto = con.getAutoCommit();
                con.setAutoCommit(false);
                try {
                    long stored = read(con, table, repo, lock(con, true));
                    long next = stored + 1;
                    String sql = stored == 0
                            ? "INSERT INTO " + table
                              + " (repository, state_key, state_value, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)"
                            : "UPDATE " + table
                              + " SET state_value = ?, updated_at = CURRENT_TIMESTAMP WHERE repository = ? AND state_key = ?";
                    try (PreparedStatement ps = con.prepareStatement(sql)) {
                        if (stored == 0) {
                            ps.setString(1, repo);
                            ps.setString(2, key);
                            ps.setString(3, Long.toString(next));
                        } else {
                            ps.setString(1, Long.toString(next));
                            ps.setString(2, repo);
                            ps.setString(3, key);
                        }
                        ps.executeUpdate();
                    }
                    con.commit();
                    term = next;
                    logged.set(false);
                    repository.setWriteFence(this);
                    LOG.info("kantata-users: leader term {} of {} taken; state writes of older terms are refused", next, key);
                    return next;
                } catch (SQLException e) {
                    con.rollback();
                    throw e;
                } finally {
                    con.setAutoCommit(auto);
                }
            } catch (SQLException e) {
                // two nodes inserting the first term at once: one fails on the primary key and takes the next
                if (attempt < 5) {
                    continue;
                }
                throw new RuntimeCamelException(
                        "kantata-users: could not take a leader term in " + table + ": " + e.getMessage(), e);
            }
        }
    }

    /** @return this node's term, 0 before {@link #acquire()} */
    public long getTerm() {
        return term;
    }

    /** @return whether the stored term is still this node's (one query, outside any write); false when unknown */
    public boolean isCurrent() {
        return Boolean.TRUE.equals(current());
    }

    /**
     * @return whether the stored term is still this node's (one query, outside any write), or null when the database
     *         cannot say (it is unreachable or the query failed)
     */
    public Boolean current() {
        try (Connection con = repository.getDataSource().getConnection()) {
            return read(con, repository.getTableName(), repository.getRepositoryName(), "") <= term;
        } catch (SQLException e) {
            LOG.debug("kantata-users: could not read the leader term: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public void check(Connection con) throws SQLException {
        long stored = read(con, repository.getTableName(), repository.getRepositoryName(), lock(con, false));
        if (stored > term) {
            if (logged.compareAndSet(false, true)) {
                LOG.warn("kantata-users: state write refused: this node's leader term {} is older than the stored term {}; "
                         + "another node leads now",
                        term, stored);
            }
            throw new FencedException("state write of leader term " + term + " refused: the stored term is " + stored);
        }
    }

    private long read(Connection con, String table, String repo, String lock) throws SQLException {
        String sql = "SELECT state_value FROM " + table + " WHERE repository = ? AND state_key = ?" + lock;
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setString(1, repo);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1).trim()) : 0;
            }
        }
    }

    /**
     * The row lock the term read takes: {@code FOR UPDATE} to take a term; to check one, {@code FOR SHARE} on
     * PostgreSQL (a successor's increment waits for the write in progress, and writes do not wait for each other) and
     * {@code FOR UPDATE} elsewhere; none on SQLite, which has no row locks (its write transactions run one at a time,
     * which is the lock). The database is looked up once: every state write calls this.
     */
    private String lock(Connection con, boolean take) throws SQLException {
        String p = product;
        if (p == null) {
            p = product = con.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        }
        if (p.contains("sqlite")) {
            return "";
        }
        return !take && p.contains("postgres") ? " FOR SHARE" : " FOR UPDATE";
    }
}
