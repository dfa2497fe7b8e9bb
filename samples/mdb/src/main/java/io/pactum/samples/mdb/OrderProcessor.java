package io.pactum.samples.mdb;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Consumes orders from {@code mdb.orders}: inserts each into the database and sends a confirmation to
 * {@code mdb.confirmations}. The container begins one transaction per message (container-managed, REQUIRED), and the
 * consumed message, the row and the confirmation all belong to it: both Pactum resources and the XA DataSource are
 * enlisted and committed by two-phase commit, or all rolled back together.
 * <p>An order whose body starts with {@code fail:} throws after the insert and the send, every time: the rollback
 * removes row and confirmation, the broker redelivers the order (JMSXDeliveryCount 2, 3, ...) and finally moves it to
 * its dead-letter queue. Each attempt is recorded by {@link DeliveryAudit} in a transaction of its own, since
 * anything written in the failing transaction vanishes with it.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = OrderProcessor.ORDERS),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "2")
})
public class OrderProcessor implements MessageListener {
    /** The queue orders arrive on. */
    public static final String ORDERS = "mdb.orders";
    /** The queue confirmations go to. */
    public static final String CONFIRMATIONS = "mdb.confirmations";
    /** The string property naming an order, on orders and confirmations. */
    public static final String ORDER_ID = "orderId";
    /** The body prefix that makes an order fail on every attempt. */
    public static final String POISON = "fail:";

    private static final System.Logger LOG = System.getLogger(OrderProcessor.class.getName());

    @Resource(name = "PactumConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource(name = CONFIRMATIONS)
    private Queue confirmations;

    @Resource(name = "OrdersDatabase")
    private DataSource database;

    @EJB
    private DeliveryAudit audit;

    @Override
    public void onMessage(Message message) {
        try {
            String id = message.getStringProperty(ORDER_ID);
            String item = message.getBody(String.class);
            int attempt = message.getIntProperty("JMSXDeliveryCount");
            audit.record(id, attempt);
            insert(id, item);
            try (JMSContext context = connectionFactory.createContext()) {
                context.createProducer().setProperty(ORDER_ID, id).send(confirmations, "confirmed " + id);
            }
            if (item.startsWith(POISON)) {
                throw new IllegalStateException("order " + id + " cannot be processed (attempt " + attempt + ")");
            }
            LOG.log(System.Logger.Level.INFO, "order {0} stored and confirmed (attempt {1})", id, attempt);
        } catch (JMSException | SQLException e) {
            throw new IllegalStateException("order processing failed; the transaction rolls back", e);
        } catch (JMSRuntimeException e) {
            throw new IllegalStateException("sending the confirmation failed; the transaction rolls back", e);
        }
    }

    private void insert(String id, String item) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO orders(id, item) VALUES (?, ?)")) {
            s.setString(1, id);
            s.setString(2, item);
            s.executeUpdate();
        }
    }
}
