package io.pactum.xa.crash;

import io.pactum.jms.PactumConnection;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.protocol.XaCommands;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes of the transaction manager, the broker, or both, in the middle of a two-phase commit of "receive an order,
 * insert it into a database, send a confirmation". Each party runs in a JVM of its own and dies for real
 * ({@code Runtime.halt}, SIGKILL). After a restart and Narayana's recovery scan the order is consumed exactly once,
 * the confirmation exists exactly once and the database row exists; or, when the manager never logged its decision
 * (presumed abort), none of it happened and the order is back.
 */
class XaCrashTest {
    @TempDir
    Path dir;
    private int port;
    private String brokerUrl;
    private String dbUrl;
    private Process broker;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        brokerUrl = "tcp://127.0.0.1:" + port;
        dbUrl = "jdbc:h2:" + dir.resolve("db") + ";WRITE_DELAY=0";
        try (java.sql.Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders(id VARCHAR(100) PRIMARY KEY)");
        }
        startBroker();
        try (Connection c = new PactumConnectionFactory(brokerUrl).createConnection()) {
            Session s = c.createSession();
            s.createProducer(s.createQueue("orders")).send(s.createTextMessage("order-1"));
        }
    }

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void managerHaltsAfterBothPrepares() throws Exception {
        assertEquals(OrderApp.HALTED, run("halt-after-prepare"));
        assertEquals(List.of("PREPARED"), branchStates(), "the broker holds the prepared branch");
        recoverAndExpectCommitted();
    }

    @Test
    void brokerKilledBetweenPrepareAndCommit() throws Exception {
        Process app = start("pause-before-commit");
        awaitLine(app, "PREPARED");
        killBroker();
        app.getOutputStream().write('\n');
        app.getOutputStream().flush();
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the application finishes its commit without the broker");
        startBroker();
        assertEquals(List.of("PREPARED"), branchStates(), "the prepared branch survived the broker's crash");
        assertEquals(1, rows(), "the database committed its branch");
        recoverAndExpectCommitted();
    }

    @Test
    void managerAndBrokerBothKilledBetweenPrepareAndCommit() throws Exception {
        Process app = start("pause-before-commit");
        awaitLine(app, "PREPARED");
        killBroker();
        app.destroyForcibly().waitFor();
        startBroker();
        assertEquals(List.of("PREPARED"), branchStates(), "the prepared branch survived the broker's crash");
        recoverAndExpectCommitted();
    }

    @Test
    void presumedAbortWhenTheManagerNeverLoggedItsDecision() throws Exception {
        assertEquals(OrderApp.HALTED, run("halt-in-prepare"));
        assertEquals(List.of("PREPARED"), branchStates());
        assertEquals(0, run("recover"));
        assertEquals(List.of(), branchStates(), "recovery rolled back the orphan branch");
        assertEquals(0, depth("confirmations"), "the confirmation was never sent");
        assertEquals(0, rows());
        assertEquals(1, depth("orders"), "the order is back");
        Message order = receive("orders");
        assertEquals("order-1", order.getBody(String.class));
        assertTrue(order.getJMSRedelivered());
        assertEquals(2, order.getIntProperty("JMSXDeliveryCount"));
    }

    private void recoverAndExpectCommitted() throws Exception {
        assertEquals(0, run("recover"));
        assertEquals(List.of(), branchStates(), "recovery completed the branch");
        assertEquals(0, depth("orders"), "the order was consumed");
        assertEquals(1, depth("confirmations"), "the confirmation exists exactly once");
        assertEquals("confirmed order-1", receive("confirmations").getBody(String.class));
        assertEquals(1, rows(), "the database row exists");
    }

    // ------------------------------------------------------------------ processes

    private void startBroker() throws Exception {
        broker = spawn(List.of(CrashBroker.class.getName(), dir.resolve("broker").toString(), Integer.toString(port)));
        awaitLine(broker, "READY");
    }

    private void killBroker() throws InterruptedException {
        broker.destroyForcibly().waitFor(); // SIGKILL
    }

    private Process start(String mode) throws IOException {
        return spawn(List.of(OrderApp.class.getName(), mode, brokerUrl, dbUrl, dir.resolve("tx-store").toString()));
    }

    private int run(String mode) throws Exception {
        Process p = start(mode);
        p.getOutputStream().close();
        drainInBackground(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), mode + " finishes");
        return p.exitValue();
    }

    private Process spawn(List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        started.add(p);
        return p;
    }

    /** Reads the child's output until {@code line} appears (echoing it, so failures show the child's log). */
    private static void awaitLine(Process p, String line) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String l = r.readLine(); l != null; l = r.readLine()) {
            if (l.equals(line)) {
                drainInBackground(r);
                return;
            }
            System.out.println("  [child] " + l);
        }
        throw new AssertionError("child exited before printing " + line);
    }

    private static void drainInBackground(BufferedReader r) {
        Thread t = new Thread(() -> {
            try {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    System.out.println("  [child] " + l);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        t.setDaemon(true);
        t.start();
    }

    // ------------------------------------------------------------------ checks

    private List<String> branchStates() throws Exception {
        try (PactumConnection c = (PactumConnection) new PactumConnectionFactory(brokerUrl).createConnection()) {
            return c.listTransactions().stream().map(XaCommands.BranchInfo::state).toList();
        }
    }

    private Message receive(String queue) throws Exception {
        try (Connection c = new PactumConnectionFactory(brokerUrl).createConnection()) {
            c.start();
            Session s = c.createSession(Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            Message m = consumer.receive(30_000);
            assertNotNull(m, "a message from " + queue);
            m.acknowledge();
            return m;
        }
    }

    /** Messages waiting in the queue plus those delivered and not settled (locked by a prepared branch, say). */
    private long depth(String queue) throws Exception {
        try (PactumConnection c = (PactumConnection) new PactumConnectionFactory(brokerUrl).createConnection()) {
            return c.listQueues().stream().filter(q -> q.name().equals(queue))
                    .mapToLong(q -> q.depth() + q.inFlight()).sum();
        }
    }

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(dbUrl);
        return ds;
    }

    private int rows() throws Exception {
        try (java.sql.Connection c = dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
