package io.pactum.samples.orders;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.XAConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample's database: a table of orders in an H2 file database, written through H2's XADataSource so that the
 * insert belongs to the caller's JTA transaction. Without an application server nobody enlists the JDBC connection
 * for us, so {@link #insert} does: it enlists the XA connection's resource and closes the connection only after the
 * transaction completes (closing an H2 XA connection earlier would roll its branch back).
 */
final class OrderTable {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final TransactionManager tm;

    OrderTable(Path file, TransactionManager tm) throws SQLException {
        this.tm = tm;
        dataSource.setURL("jdbc:h2:" + file.toAbsolutePath());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders(id VARCHAR(64) PRIMARY KEY, item VARCHAR(200))");
            s.execute("DELETE FROM orders");
        }
    }

    /** Inserts an order as part of the caller's transaction. */
    void insert(String id, String item) throws Exception {
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
                    // the outcome is already decided
                }
            }
        });
        tm.getTransaction().enlistResource(xa.getXAResource());
        try (PreparedStatement s = xa.getConnection().prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
            s.setString(1, id);
            s.setString(2, item);
            s.executeUpdate();
        }
    }

    /** The ids of the committed orders, sorted. */
    List<String> ids() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM orders ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
