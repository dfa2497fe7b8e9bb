package io.pactum.samples.mdb;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.broker.delivery.DeliveryPolicy;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.openejb.jee.EjbJar;
import org.apache.openejb.testing.ApplicationComposers;
import org.apache.openejb.testing.Classes;
import org.apache.openejb.testing.Configuration;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static io.pactum.samples.mdb.OrderTables.attempts;
import static io.pactum.samples.mdb.OrderTables.orderIds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The order MDB in OpenEJB embedded (Geronimo transaction manager, real two-phase commit) against an in-process Pactum
 * broker: Pactum's resource adapter is the MDB container's adapter and the outbound connection factory, H2 the XA
 * DataSource. Good orders end up once in the table and once on the confirmation queue; a poison order is delivered
 * three times, leaves neither, and ends in the dead-letter queue.
 * <p>The transaction manager here records each two-phase commit ({@link ObservedTransactionManager});
 * {@link RecoveryLogOrderProcessorTest} runs the same scenario with the configuration for production, OpenEJB's
 * default transaction manager with its recovery log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class OrderProcessorTest {
    private static final int MAX_ATTEMPTS = 3;

    @TempDir
    static Path dir;

    @Resource(name = "OrdersDatabase")
    private DataSource database;

    private Broker broker;
    private ApplicationComposers container;
    private String url;

    @Module
    @Classes(value = {OrderProcessor.class, DeliveryAudit.class, OrderSchema.class})
    public EjbJar beans() {
        return new EjbJar("orders");
    }

    @Configuration
    public Properties configuration() {
        Properties p = PactumOpenEjb.configuration(url, "jdbc:h2:" + dir.resolve("orders").toAbsolutePath());
        transactionManager(p);
        return p;
    }

    /** Declares the transaction manager: here Geronimo with a log that records each two-phase commit. */
    protected void transactionManager(Properties p) {
        p.setProperty("ObservedTransactionManager", "new://TransactionManager?class-name="
                + ObservedTransactionManager.class.getName());
    }

    /**
     * Each good order took one two-phase commit over three branches: the consumed message, the confirmation and the
     * row. (The audit records commit in one phase, having one resource, and the poison order's attempts roll back.)
     * The inbound and outbound Pactum resources stay separate branches here because Geronimo asks the connection
     * factory's resource, which it wraps, whether it shares a resource manager with the unwrapped inbound one, and
     * its wrapper answers no.
     */
    protected void assertTwoPhaseCommits(int orders) {
        assertEquals(Collections.nCopies(orders, 3), TwoPhaseCommitLog.PREPARED_BRANCHES,
                "branches of each two-phase commit");
    }

    @BeforeAll
    void start() throws Exception {
        BrokerConfig config = new BrokerConfig().port(0).dataDir(dir.resolve("broker"));
        config.deliveryPolicy = DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(MAX_ATTEMPTS)
                .withRedeliveryDelay(100, 1.0, 100);
        broker = Broker.start(config);
        url = "tcp://127.0.0.1:" + broker.port();
        long t0 = System.nanoTime();
        container = new ApplicationComposers(getClass());
        container.before(this);
        System.out.printf("%s: OpenEJB booted and deployed the MDB in %d ms%n", getClass().getSimpleName(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (container != null) {
                container.after();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void goodOrdersCommitOncePoisonOrdersEndInTheDeadLetterQueue() throws Exception {
        long t0 = System.nanoTime();
        TwoPhaseCommitLog.PREPARED_BRANCHES.clear();
        List<String> good = List.of("order-1", "order-2", "order-3", "order-4");
        try (JMSContext context = new PactumConnectionFactory(url).createContext()) {
            for (String id : good) {
                context.createProducer().setProperty(OrderProcessor.ORDER_ID, id)
                        .send(context.createQueue(OrderProcessor.ORDERS), "item of " + id);
            }
            context.createProducer().setProperty(OrderProcessor.ORDER_ID, "order-poison")
                    .send(context.createQueue(OrderProcessor.ORDERS), OrderProcessor.POISON + "broken item");

            await().atMost(Duration.ofSeconds(20)).until(() -> orderIds(database).size() == good.size());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> attempts(database, "order-poison").size() == MAX_ATTEMPTS);

            Message dead;
            try (JMSConsumer dlq = context.createConsumer(context.createQueue("DLQ"))) {
                dead = dlq.receive(10_000);
            }
            assertNotNull(dead, "the poison order is dead-lettered");
            assertEquals("order-poison", dead.getStringProperty(OrderProcessor.ORDER_ID));
            assertEquals(List.of(1, 2, 3), attempts(database, "order-poison"), "JMSXDeliveryCount seen by the bean");

            List<String> confirmed = new ArrayList<>();
            try (JMSConsumer confirmations =
                         context.createConsumer(context.createQueue(OrderProcessor.CONFIRMATIONS))) {
                for (Message m = confirmations.receive(2_000); m != null; m = confirmations.receive(500)) {
                    confirmed.add(m.getStringProperty(OrderProcessor.ORDER_ID));
                }
            }
            confirmed.sort(null);
            assertEquals(good, confirmed, "one confirmation per stored order, none for the poison order");
            assertEquals(good, orderIds(database), "the table agrees with the confirmation queue");
            for (String id : good) {
                assertEquals(List.of(1), attempts(database, id), id + " was delivered once");
            }
            assertTwoPhaseCommits(good.size());
            try (JMSConsumer orders = context.createConsumer(context.createQueue(OrderProcessor.ORDERS))) {
                assertNull(orders.receiveNoWait(), "nothing left on the order queue");
            }
        }
        System.out.printf("%s: MDB scenario (4 good orders, 1 poison order with %d attempts) took %d ms%n",
                getClass().getSimpleName(), MAX_ATTEMPTS,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
