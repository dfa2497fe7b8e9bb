package io.pactum.samples.mdb;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the tests read back from the sample's tables ({@link OrderSchema}). */
final class OrderTables {
    private OrderTables() {
    }

    /** The ids in {@code orders}, sorted. */
    static List<String> orderIds(DataSource database) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM orders ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The JMSXDeliveryCount of each delivery of the order the bean recorded in {@code deliveries}, ascending. */
    static List<Integer> attempts(DataSource database, String orderId) throws SQLException {
        List<Integer> attempts = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT attempt FROM deliveries WHERE order_id = ? ORDER BY attempt")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    attempts.add(rs.getInt(1));
                }
            }
        }
        return attempts;
    }
}
