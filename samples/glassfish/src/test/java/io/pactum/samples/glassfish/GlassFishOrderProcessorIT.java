package io.pactum.samples.glassfish;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pactum.samples.glassfish.EmbeddedGlassFish.propertyValue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The order MDB of pactum-samples-mdb in GlassFish 7 embedded, with the real Pactum {@code .rar}: GlassFish deploys
 * the adapter, pools its connection factory, binds the MDB to it ({@code resource-adapter-mid} in
 * {@code glassfish-ejb-jar.xml}) and runs each delivery in its own JTA transaction with an XA JDBC pool on H2. Good
 * orders leave one row and one confirmation each; an order that always fails leaves neither, is delivered
 * {@value #MAX_ATTEMPTS} times and ends in the dead-letter queue.
 * <p>Only GlassFish and H2 are on the class path: the adapter's classes come from the {@code .rar}, the beans from the
 * ejb-jar, the broker runs in its own class loader ({@link IsolatedBroker}), and the test talks to it through the
 * adapter's connection factory, looked up in GlassFish's naming. An integration test (failsafe): the {@code .rar}
 * exists only after the package phase.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlassFishOrderProcessorIT {
    private static final int MAX_ATTEMPTS = 3;
    // OrderProcessor's names: its class is in the deployed ejb-jar, not on the test class path
    private static final String ORDERS = "mdb.orders";
    private static final String CONFIRMATIONS = "mdb.confirmations";
    private static final String ORDER_ID = "orderId";
    private static final String POISON = "fail:";

    @TempDir
    static Path dir;

    private IsolatedBroker broker;
    private EmbeddedGlassFish glassfish;
    private ConnectionFactory connectionFactory;
    private DataSource database;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", "0");
        settings.put("data", dir.resolve("broker").toString());
        settings.put("max-delivery-attempts", String.valueOf(MAX_ATTEMPTS));
        settings.put("redelivery-delay", "100");
        settings.put("redelivery-backoff", "1.0");
        broker = IsolatedBroker.start(System.getProperty("pactum.broker.classpath"), settings);

        long t0 = System.nanoTime();
        glassfish = EmbeddedGlassFish.start(Path.of(System.getProperty("glassfish.work", "target/glassfish")));
        long booted = System.nanoTime();
        System.out.printf("GlassFish embedded booted in %d ms%n", (booted - t0) / 1_000_000);

        glassfish.asadmin("create-resource-adapter-config",
                "--property", "connectionURL=" + propertyValue(broker.url()), "pactum");
        glassfish.deploy(new File(System.getProperty("pactum.rar")), "--name", "pactum");
        glassfish.asadmin("create-connector-connection-pool", "--raname", "pactum",
                "--connectiondefinition", "jakarta.jms.ConnectionFactory",
                "--transactionsupport", "XATransaction", "pactum-pool");
        glassfish.asadmin("create-connector-resource", "--poolname", "pactum-pool", "jms/pactumCF");
        glassfish.asadmin("create-admin-object", "--raname", "pactum", "--restype", "jakarta.jms.Queue",
                "--property", "name=" + CONFIRMATIONS, "jms/confirmations");
        String h2 = "jdbc:h2:" + dir.resolve("orders").toAbsolutePath();
        glassfish.asadmin("create-jdbc-connection-pool",
                "--datasourceclassname", "org.h2.jdbcx.JdbcDataSource", "--restype", "javax.sql.XADataSource",
                "--property", "url=" + propertyValue(h2) + ":user=sa:password=sa", "orders-pool");
        glassfish.asadmin("create-jdbc-resource", "--connectionpoolid", "orders-pool", "jdbc/orders");
        Path ejbJar = OrdersEjbJar.write(Path.of(System.getProperty("pactum.beans")), dir.resolve("orders.jar"));
        // the beans use @EJB and @Resource only: without CDI (Weld) the deployment takes seconds less
        glassfish.deploy(ejbJar.toFile(), "--name", "orders", "--property", "implicitCdiEnabled=false");
        System.out.printf("adapter, resources and beans deployed in %d ms%n", (System.nanoTime() - booted) / 1_000_000);

        InitialContext naming = new InitialContext();
        connectionFactory = (ConnectionFactory) naming.lookup("jms/pactumCF");
        database = (DataSource) naming.lookup("jdbc/orders");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (glassfish != null) {
                glassfish.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void goodOrdersCommitTheRowAndTheConfirmationTogether() throws Exception {
        List<String> good = List.of("order-1", "order-2", "order-3");
        try (JMSContext context = connectionFactory.createContext()) {
            for (String id : good) {
                send(context, id, "item of " + id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> orderIds(good).size() == good.size());
            assertEquals(good, confirmations(context, good, good.size()), "one confirmation per stored order");
            assertEquals(good, orderIds(good), "the table agrees with the confirmation queue");
            for (String id : good) {
                assertEquals(List.of(1), attempts(id), id + " was delivered once");
            }
        }
    }

    @Test
    void aFailingOrderRollsBackIsRedeliveredAndEndsInTheDeadLetterQueue() throws Exception {
        String id = "order-poison";
        try (JMSContext context = connectionFactory.createContext()) {
            send(context, id, POISON + "broken item");
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(id).size() == MAX_ATTEMPTS);
            assertEquals(List.of(1, 2, 3), attempts(id), "JMSXDeliveryCount seen by the bean on each attempt");

            Message dead;
            try (JMSConsumer dlq = context.createConsumer(context.createQueue("DLQ"), selector(List.of(id)))) {
                dead = dlq.receive(10_000);
            }
            assertNotNull(dead, "the order is dead-lettered after its last attempt");
            assertEquals(POISON + "broken item", dead.getBody(String.class));

            assertEquals(List.of(), orderIds(List.of(id)), "each attempt's row was rolled back");
            assertEquals(List.of(), confirmations(context, List.of(id), 0),
                    "each attempt's confirmation was rolled back: the queue agrees with the table");
            try (JMSConsumer orders = context.createConsumer(context.createQueue(ORDERS), selector(List.of(id)))) {
                assertNull(orders.receive(500), "the order is no longer on the order queue");
            }
        }
    }

    private static void send(JMSContext context, String id, String item) {
        context.createProducer().setProperty(ORDER_ID, id).send(context.createQueue(ORDERS), item);
    }

    /** The ids of the confirmations of {@code ids} on the queue, sorted, once {@code expected} have come. */
    private static List<String> confirmations(JMSContext context, List<String> ids, int expected) {
        List<String> confirmed = new ArrayList<>();
        try (JMSConsumer consumer = context.createConsumer(context.createQueue(CONFIRMATIONS), selector(ids))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (Message m = consumer.receiveNoWait(); m != null; m = consumer.receiveNoWait()) {
                    confirmed.add(m.getStringProperty(ORDER_ID));
                }
                return confirmed.size() >= expected;
            });
            Message extra = consumer.receive(500);
            assertNull(extra, "no confirmation beyond the expected ones");
        }
        confirmed.sort(null);
        return confirmed;
    }

    private static String selector(List<String> ids) {
        return ORDER_ID + " IN ('" + String.join("', '", ids) + "')";
    }

    private List<String> orderIds(List<String> among) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM orders ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (among.contains(rs.getString(1))) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private List<Integer> attempts(String orderId) throws SQLException {
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
