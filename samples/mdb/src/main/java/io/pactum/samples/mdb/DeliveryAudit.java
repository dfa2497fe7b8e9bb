package io.pactum.samples.mdb;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Records each delivery attempt of an order in its own transaction (REQUIRES_NEW), so the record survives when the
 * caller's transaction rolls back: the trace of a poison message's redeliveries.
 */
@Stateless
public class DeliveryAudit {
    @Resource(name = "OrdersDatabase")
    private DataSource database;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String orderId, int attempt) {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO deliveries(order_id, attempt) VALUES (?, ?)")) {
            s.setString(1, orderId);
            s.setInt(2, attempt);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the delivery of " + orderId, e);
        }
    }
}
