package io.github.camelkantata.users.state;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A {@link DataSource} over one connection, lent to one thread at a time: {@link #getConnection()} waits until the
 * previous borrower closed its handle. The state file needs exactly that: SQLite in {@code locking_mode=EXCLUSIVE}
 * holds the file's lock on its one connection for as long as the store is open, and a second connection of this JVM on
 * the same file must never be opened (see {@link StateFileLock}). Closing a handle returns the connection;
 * {@link #closeConnection()} closes it for good.
 */
final class SingleConnectionDataSource implements DataSource {

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    SingleConnectionDataSource(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new SQLException("The state file's connection is closed", "08003");
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
                new Handle());
    }

    /** One borrower's view: {@code close()} gives the connection back, and the handle is useless after it. */
    private final class Handle implements InvocationHandler {
        private boolean returned;

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!returned) {
                        returned = true;
                        lock.unlock();
                    }
                    return null;
                case "isClosed":
                    return returned || connection.isClosed();
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "SingleConnectionDataSource.Handle[" + connection + "]";
                default:
                    if (returned) {
                        throw new SQLException("Connection handle already closed", "08003");
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        }
    }

    /** Closes the connection for good (waiting for the current borrower), which releases SQLite's file lock. */
    void closeConnection() throws SQLException {
        lock.lock();
        try {
            closed = true;
            connection.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // none
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // nothing to log in to
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
