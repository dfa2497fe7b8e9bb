package io.pactum.samples.mdb;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the sample's tables when the application starts: {@code orders} (written by {@link OrderProcessor} in the
 * message's transaction) and {@code deliveries} (written by {@link DeliveryAudit} outside it). DDL runs without a
 * transaction, as H2 commits DDL at once anyway.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrderSchema {
    @Resource(name = "OrdersDatabase")
    private DataSource database;

    /**
     * Annotated again here: a class-level attribute does not reach lifecycle callbacks in every container (OpenEJB ran
     * this in a transaction now and then, and its pooled DataSource then failed to enlist the connection).
     */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void create() {
        SQLException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS orders(id VARCHAR(64) PRIMARY KEY, item VARCHAR(200))");
                s.execute("CREATE TABLE IF NOT EXISTS deliveries(order_id VARCHAR(64), attempt INT)");
                return;
            } catch (SQLException e) {
                // OpenEJB with an XAResourceWrapper hands dbcp2 a fresh wrapper of the transaction on every call, and a
                // garbage collection between two of them fails getConnection ("the transaction has been garbage
                // collected"); the next call gets a new wrapper. The statements are idempotent.
                last = e;
            }
        }
        throw new IllegalStateException("cannot create the sample's tables", last);
    }
}
