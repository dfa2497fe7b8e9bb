package io.pactum.samples.mdb;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.openejb.core.mdb.InboundRecovery;
import org.apache.openejb.jee.EjbJar;
import org.apache.openejb.resource.GeronimoTransactionManagerFactory;
import org.apache.openejb.resource.XAResourceWrapper;
import org.apache.openejb.testing.ApplicationComposers;
import org.apache.openejb.testing.Classes;
import org.apache.openejb.testing.Component;
import org.apache.openejb.testing.Configuration;
import org.apache.openejb.testing.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.pactum.samples.mdb.OrderTables.attempts;
import static io.pactum.samples.mdb.OrderTables.orderIds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Recovery of an MDB's branch in OpenEJB: the broker goes away after the transaction manager has logged its decision
 * to commit and before it commits Pactum's branch, as if the server had crashed there. The branch (the consumed order
 * and its confirmation) stays prepared in the broker's journal. A new container, reading the same log and with
 * {@link PactumInboundRecovery} installed, asks the resource adapter for its XA resources and commits it: the
 * confirmation appears once, and the order is not delivered again.
 */
public class MdbCrashRecoveryTest {
    @TempDir
    Path dir;

    @Resource(name = "OrdersDatabase")
    private DataSource database;

    private String url;

    @Module
    @Classes(value = {OrderProcessor.class, DeliveryAudit.class, OrderSchema.class})
    public EjbJar beans() {
        return new EjbJar("orders");
    }

    @Configuration
    public Properties configuration() {
        Properties p = PactumOpenEjb.configuration(url, "jdbc:h2:" + dir.resolve("orders").toAbsolutePath());
        p.setProperty("InDoubtTransactionManager", "new://TransactionManager?class-name="
                + InDoubtTransactionManager.class.getName());
        return p;
    }

    /** Names the XA resources of MDBs and DataSources, as OpenEJB does when its own log is on. */
    @Component
    public XAResourceWrapper xaResourceWrapper() {
        return new GeronimoTransactionManagerFactory.GeronimoXAResourceWrapper();
    }

    @Component
    public InboundRecovery inboundRecovery() {
        return new PactumInboundRecovery();
    }

    @Test
    void aBranchLeftInDoubtIsCommittedByTheNextContainer() throws Exception {
        BrokerConfig config = new BrokerConfig().port(0).dataDir(dir.resolve("broker"));
        Broker broker = Broker.start(config);
        try {
            url = "tcp://127.0.0.1:" + broker.port();
            ApplicationComposers first = new ApplicationComposers(getClass());
            first.before(this);
            try {
                Broker crashing = broker;
                InDoubtTransactionLog.afterNextPrepare(crashing::close);
                send("order-1");
                await().atMost(Duration.ofSeconds(20)).until(() -> InDoubtTransactionLog.inDoubt() == 1
                        && orderIds(database).equals(List.of("order-1")));
            } finally {
                first.after();
            }

            broker = Broker.start(config);
            assertEquals(1, broker.resourceManager().recover().size(), "the broker kept the prepared branch");
            url = "tcp://127.0.0.1:" + broker.port();
            ApplicationComposers second = new ApplicationComposers(getClass());
            second.before(this);
            try {
                Broker restarted = broker;
                await().atMost(Duration.ofSeconds(20)).until(() -> restarted.resourceManager().recover().isEmpty());
                try (JMSContext context = new PactumConnectionFactory(url).createContext()) {
                    List<String> confirmed = new ArrayList<>();
                    try (JMSConsumer c = context.createConsumer(context.createQueue(OrderProcessor.CONFIRMATIONS))) {
                        for (Message m = c.receive(2_000); m != null; m = c.receive(500)) {
                            confirmed.add(m.getStringProperty(OrderProcessor.ORDER_ID));
                        }
                    }
                    assertEquals(List.of("order-1"), confirmed, "the recovered branch's confirmation, once");
                    try (JMSConsumer orders = context.createConsumer(context.createQueue(OrderProcessor.ORDERS))) {
                        assertNull(orders.receive(500), "the order was acknowledged by the recovered branch");
                    }
                }
                assertEquals(List.of("order-1"), orderIds(database));
                assertEquals(List.of(1), attempts(database, "order-1"), "delivered once, before the crash");
            } finally {
                second.after();
            }
        } finally {
            broker.close();
        }
    }

    private void send(String id) throws Exception {
        try (JMSContext context = new PactumConnectionFactory(url).createContext()) {
            context.createProducer().setProperty(OrderProcessor.ORDER_ID, id)
                    .send(context.createQueue(OrderProcessor.ORDERS), "item of " + id);
        }
    }
}
