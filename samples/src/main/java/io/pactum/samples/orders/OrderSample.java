package io.pactum.samples.orders;

import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.coordinator.TransactionReaper;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.xa.jta.JtaConnectionFactory;
import io.pactum.xa.jta.PactumJta;
import io.pactum.xa.jta.PactumRecoveryHelper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Exactly-once order processing with XA, in plain Java SE: each order is received from the queue
 * {@code sample.orders}, written to an H2 database and confirmed on {@code sample.confirmations} in one Narayana
 * transaction. One order is flagged to fail on its first attempt, after its row and confirmation were written: the
 * transaction rolls back all three, the order comes back (redelivered) and succeeds, and in the end the database and
 * the confirmation queue hold each order exactly once.
 *
 * <p>Run a broker ({@code bin/pactum broker}), then {@code mvn -B -q -DskipTests install} and
 * {@code mvn -B -q -pl samples exec:java -Dexec.mainClass=io.pactum.samples.orders.OrderSample}. An argument (or the
 * system property {@code pactum.url}) gives another broker URL; {@code orders.dir} the directory for the database
 * and Narayana's transaction log (default: {@code pactum-orders-sample} in the temp directory).
 */
public final class OrderSample {
    static final String ORDERS = "sample.orders";
    static final String CONFIRMATIONS = "sample.confirmations";

    private OrderSample() {
    }

    /** What the run left behind: committed rows, confirmations sent, and how many transactions rolled back. */
    public record Result(List<String> rows, List<String> confirmations, int rolledBack) {
        public boolean agree() {
            return rows.equals(confirmations);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getProperty("pactum.url", "tcp://127.0.0.1:61700");
        Path dir = Path.of(System.getProperty("orders.dir", Path.of(System.getProperty("java.io.tmpdir"), "pactum-orders-sample").toString()));
        try {
            Result result = run(url, dir, System.out);
            if (!result.agree()) {
                throw new IllegalStateException("database and confirmations disagree: " + result);
            }
        } finally {
            RecoveryManager.manager().terminate();
            TransactionReaper.terminate(false);
        }
    }

    /** Sends three orders, processes them transactionally, and reports what was committed. Once per JVM. */
    public static Result run(String url, Path dir, PrintStream out) throws Exception {
        Files.createDirectories(dir);
        // Narayana: a node name that recovery may roll back orphans of, and a transaction log that outlives the process
        PactumJta.configureNarayana("orders-sample", dir.resolve("tx-store"));
        // a short pause between the two passes of a recovery scan (default 10 s), so this short program exits promptly
        BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class).setRecoveryBackoffPeriod(1);
        TransactionManager tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        PactumXAConnectionFactory xaFactory = new PactumXAConnectionFactory(url);
        // after a crash, Narayana's recovery completes or rolls back the broker's in-doubt branches through this
        try (PactumRecoveryHelper recovery = PactumJta.registerRecovery(xaFactory)) {
            ConnectionFactory factory = new JtaConnectionFactory(xaFactory, tm);
            OrderTable table = new OrderTable(dir.resolve("orders"), tm);
            drain(factory, ORDERS);
            drain(factory, CONFIRMATIONS);
            sendOrders(factory, out);
            int rolledBack = process(factory, tm, table, out);
            Result result = new Result(table.ids(), sorted(drain(factory, CONFIRMATIONS)), rolledBack);
            out.println("rows in the database:  " + result.rows());
            out.println("confirmations sent:    " + result.confirmations());
            out.println(result.agree() ? "database and confirmations agree" : "database and confirmations DISAGREE");
            return result;
        }
    }

    /** Outside a transaction the JTA factory's sessions act at once, like any AUTO_ACKNOWLEDGE session. */
    private static void sendOrders(ConnectionFactory factory, PrintStream out) {
        try (JMSContext context = factory.createContext()) {
            String[][] orders = {{"order-1", "book"}, {"order-2", "pen"}, {"order-3", "lamp"}};
            for (String[] order : orders) {
                context.createProducer()
                        .setProperty("orderId", order[0])
                        .setProperty("failOnce", order[0].equals("order-2"))
                        .send(context.createQueue(ORDERS), order[1]);
                out.println("sent " + order[0] + " (" + order[1] + ")");
            }
        }
    }

    /** One transaction per order: receive, insert, confirm; a failure anywhere rolls all three back. */
    private static int process(ConnectionFactory factory, TransactionManager tm, OrderTable table, PrintStream out) throws Exception {
        int rolledBack = 0;
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(); // joins each transaction it is used in
            MessageConsumer orders = session.createConsumer(session.createQueue(ORDERS));
            MessageProducer confirmations = session.createProducer(session.createQueue(CONFIRMATIONS));
            connection.start();
            while (true) {
                tm.begin();
                try {
                    TextMessage order = (TextMessage) orders.receive(2_000);
                    if (order == null) {
                        tm.rollback();
                        return rolledBack;
                    }
                    String id = order.getStringProperty("orderId");
                    table.insert(id, order.getText());
                    TextMessage confirmation = session.createTextMessage("confirmed " + id);
                    confirmation.setStringProperty("orderId", id);
                    confirmations.send(confirmation);
                    if (order.getBooleanProperty("failOnce") && !order.getJMSRedelivered()) {
                        throw new IllegalStateException("simulated failure after writing the row and the confirmation of " + id);
                    }
                    tm.commit();
                    out.println("committed " + id + (order.getJMSRedelivered() ? " (redelivered)" : ""));
                } catch (Exception e) {
                    if (tm.getStatus() != Status.STATUS_NO_TRANSACTION) {
                        tm.rollback();
                    }
                    rolledBack++;
                    out.println("rolled back: " + e.getMessage());
                }
            }
        }
    }

    /** Empties a queue outside any transaction and returns the orderId (or text) of each message. */
    private static List<String> drain(ConnectionFactory factory, String queue) throws Exception {
        List<String> ids = new ArrayList<>();
        try (JMSContext context = factory.createContext()) {
            JMSConsumer consumer = context.createConsumer(context.createQueue(queue));
            for (Message m = consumer.receive(500); m != null; m = consumer.receive(500)) {
                String id = m.getStringProperty("orderId");
                ids.add(id != null ? id : m.getBody(String.class));
            }
        }
        return ids;
    }

    private static List<String> sorted(List<String> list) {
        Collections.sort(list);
        return list;
    }
}
