package io.pactum.broker.cli;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.protocol.WireXid;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pactum tx}: an administrator lists a prepared branch, decides it heuristically, the transaction manager's
 * later outcome learns the decision (XA_HEURCOM / XA_HEURRB), and forget (by the manager or the administrator)
 * clears it, across a broker restart.
 */
class TxCommandTest {
    @TempDir
    Path dataDir;
    private Broker broker;
    private String url;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dataDir));
        url = "tcp://127.0.0.1:" + broker.port();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private void restart() throws Exception {
        broker.close();
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dataDir));
        url = "tcp://127.0.0.1:" + broker.port();
    }

    private static WireXid xid(String gtrid) {
        return new WireXid(0x5041, gtrid.getBytes(StandardCharsets.UTF_8), new byte[]{7});
    }

    /** Receives the order and sends its confirmation in branch {@code x}, prepared and left there. */
    private void prepareOrderBranch(WireXid x) throws Exception {
        try (Connection c = new PactumConnectionFactory(url).createConnection()) {
            Session s = c.createSession();
            s.createProducer(s.createQueue("orders")).send(s.createTextMessage("order"));
        }
        try (XAConnection c = new PactumXAConnectionFactory(url).createXAConnection()) {
            c.start();
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            xa.start(x, XAResource.TMNOFLAGS);
            assertNotNull(s.createConsumer(s.createQueue("orders")).receive(10_000));
            s.createProducer(s.createQueue("confirmations")).send(s.createTextMessage("confirmed"));
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(x));
        }
    }

    private long depth(String queue) {
        CliRun queues = CliRun.run("queues", "--url", url);
        assertEquals(0, queues.exitCode(), queues.err());
        return queues.out().lines().filter(l -> l.startsWith(queue + " ")).findFirst()
                .map(l -> Long.parseLong(l.trim().split("\\s+")[1])).orElse(0L);
    }

    @Test
    void listShowsAPreparedBranchWithWhatItHolds() throws Exception {
        WireXid x = xid("listed");
        prepareOrderBranch(x);
        restart();
        CliRun list = CliRun.run("tx", "list", "--url", url);
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(x + " ") && l.contains("PREPARED")
                && l.endsWith("1 send to confirmations, 1 ack on orders")), list.out());
    }

    @Test
    void heuristicCommitThenTheManagersCommitThenForget() throws Exception {
        WireXid x = xid("heur-commit");
        prepareOrderBranch(x);
        CliRun decided = CliRun.run("tx", "commit", x.toString(), "--url", url);
        assertEquals(0, decided.exitCode(), decided.err());
        assertEquals(1, depth("confirmations"), "the heuristic commit took effect");
        assertEquals(0, depth("orders"));
        restart();
        try (XAConnection c = new PactumXAConnectionFactory(url).createXAConnection()) {
            XAResource xa = c.createXASession().getXAResource();
            assertArrayEquals(new Object[]{x}, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN),
                    "the decided branch stays in recover() until forgotten");
            assertEquals(XAException.XA_HEURCOM, assertThrows(XAException.class, () -> xa.commit(x, false)).errorCode);
            xa.forget(x);
            assertEquals(0, xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length);
            assertEquals(XAException.XAER_NOTA, assertThrows(XAException.class, () -> xa.forget(x)).errorCode);
        }
    }

    @Test
    void heuristicRollbackThenTheManagersCommitThenAdministratorForgets() throws Exception {
        WireXid x = xid("heur-rollback");
        prepareOrderBranch(x);
        CliRun decided = CliRun.run("tx", "rollback", x.toString(), "--url", url);
        assertEquals(0, decided.exitCode(), decided.err());
        assertEquals(0, depth("confirmations"), "the confirmation was dropped");
        assertEquals(1, depth("orders"), "the order is back");
        try (Connection c = new PactumConnectionFactory(url).createConnection()) {
            c.start();
            Message order = c.createSession().createConsumer(c.createSession().createQueue("orders")).receive(10_000);
            assertNotNull(order);
            assertTrue(order.getJMSRedelivered());
        }
        try (XAConnection c = new PactumXAConnectionFactory(url).createXAConnection()) {
            XAResource xa = c.createXASession().getXAResource();
            assertEquals(XAException.XA_HEURRB, assertThrows(XAException.class, () -> xa.commit(x, false)).errorCode);
            assertEquals(XAException.XA_HEURRB, assertThrows(XAException.class, () -> xa.rollback(x)).errorCode);
        }
        CliRun list = CliRun.run("tx", "list", "--url", url);
        assertTrue(list.out().contains("HEURISTIC_ROLLBACK"), list.out());
        CliRun forgot = CliRun.run("tx", "forget", x.toString(), "--url", url);
        assertEquals(0, forgot.exitCode(), forgot.err());
        assertEquals(List.of("XID STATE AGE HOLDS"), CliRun.run("tx", "list", "--url", url).out().lines()
                .map(l -> l.trim().replaceAll("\\s+", " ")).toList());
    }

    @Test
    void decidingABranchThatIsNotPreparedFailsWithAReason() {
        CliRun unknown = CliRun.run("tx", "commit", xid("nope").toString(), "--url", url);
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown transaction branch"), unknown.err());
        CliRun malformed = CliRun.run("tx", "rollback", "not-an-xid", "--url", url);
        assertEquals(1, malformed.exitCode());
        assertTrue(malformed.err().contains("formatId:gtrid-hex:bqual-hex"), malformed.err());
    }
}
