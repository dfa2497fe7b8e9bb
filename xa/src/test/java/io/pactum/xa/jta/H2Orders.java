package io.pactum.xa.jta;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.XAConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The second resource of the tests: an H2 table written through H2's XADataSource in the caller's transaction. */
final class H2Orders {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final TransactionManager tm;

    H2Orders(Path dir, TransactionManager tm) throws SQLException {
        this.tm = tm;
        dataSource.setURL("jdbc:h2:" + dir.resolve("orders-db") + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders(id VARCHAR(64) PRIMARY KEY)");
        }
    }

    /** Inserts in the caller's transaction; the XA handle closes after completion, since H2 rolls back on close. */
    void insert(String id) throws Exception {
        XAConnection xa = dataSource.getXAConnection();
        tm.getTransaction().registerSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                try {
                    xa.close();
                } catch (SQLException ignored) {
                    // the outcome is decided; nothing left to lose
                }
            }
        });
        tm.getTransaction().enlistResource(xa.getXAResource());
        try (Statement s = xa.getConnection().createStatement()) {
            s.executeUpdate("INSERT INTO orders VALUES ('" + id + "')");
        }
    }

    boolean contains(String id) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
