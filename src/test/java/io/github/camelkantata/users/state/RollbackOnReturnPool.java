package io.github.camelkantata.users.state;

import java.sql.Connection;

import javax.sql.DataSource;

/** Test double of HikariCP with {@code auto-commit=false}: lends autoCommit=false connections, rolls back on return. */
public final class RollbackOnReturnPool {

    private RollbackOnReturnPool() {
    }

    /** A HikariCP-like pool: autoCommit=false connections, rolled back when returned. */
    public static DataSource wrap(DataSource real) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(
                RollbackOnReturnPool.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Connection con = real.getConnection();
                    con.setAutoCommit(false);
                    return java.lang.reflect.Proxy.newProxyInstance(
                            RollbackOnReturnPool.class.getClassLoader(), new Class<?>[] { Connection.class },
                            (p, m, a) -> {
                                if (m.getName().equals("close")) {
                                    con.rollback();
                                    con.setAutoCommit(false);
                                    con.close();
                                    return null;
                                }
                                try {
                                    return m.invoke(con, a);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }

}
