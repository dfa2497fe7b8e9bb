package io.pactum.broker.it;

import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.protocol.WireXid;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicSession;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The XA client against a real broker: the two-phase path, rollback and redelivery, recovery from another resource. */
class XaEndToEndTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    private static Xid xid(String gtrid) {
        return new WireXid(0x5041, gtrid.getBytes(StandardCharsets.UTF_8), new byte[]{1});
    }

    private PactumXAConnectionFactory xaFactory() {
        return new PactumXAConnectionFactory(broker.url());
    }

    private void send(String queue, String text) throws JMSException {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    private Message receive(String queue, long timeoutMillis) throws JMSException {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            c.start();
            return consumer.receive(timeoutMillis);
        }
    }

    @Test
    void twoPhaseSendBecomesVisibleAtCommit() throws Exception {
        Xid x = xid("send-commit");
        try (XAConnection c = xaFactory().createXAConnection();
             XAConnection recovery = xaFactory().createXAConnection()) {
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            xa.start(x, XAResource.TMNOFLAGS);
            s.createProducer(s.createQueue("xa.orders")).send(s.createTextMessage("order 1"));
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(x));
            assertNull(receive("xa.orders", 300), "a prepared send is invisible");

            // a transaction manager completes it from another resource of the same broker
            XAResource other = recovery.createXASession().getXAResource();
            assertTrue(other.isSameRM(xa));
            List<Xid> inDoubt = Arrays.asList(other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
            assertTrue(inDoubt.contains(x), inDoubt.toString());
            other.commit(x, false);
        }
        Message m = receive("xa.orders", 5000);
        assertNotNull(m);
        assertEquals("order 1", ((TextMessage) m).getText());
    }

    @Test
    void aReceiveRolledBackIsRedelivered() throws Exception {
        send("xa.in", "work");
        Xid x = xid("receive-rollback");
        try (XAConnection c = xaFactory().createXAConnection()) {
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            MessageConsumer consumer = s.createConsumer(s.createQueue("xa.in"));
            c.start();
            xa.start(x, XAResource.TMNOFLAGS);
            Message m = consumer.receive(5000);
            assertNotNull(m);
            xa.end(x, XAResource.TMSUCCESS);
            consumer.close();
            xa.rollback(x);
        }
        Message again = receive("xa.in", 5000);
        assertNotNull(again, "the rolled-back acknowledgement returned the message");
        assertEquals("work", ((TextMessage) again).getText());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertTrue(again.getJMSRedelivered());
    }

    @Test
    void aListenerThatRunsItsOwnBranchTakesItsAcknowledgementIntoIt() throws Exception {
        send("xa.listener", "m");
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        try (XAConnection c = xaFactory().createXAConnection()) {
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            // what a resource adapter does around an endpoint: the branch starts and ends inside onMessage
            s.createConsumer(s.createQueue("xa.listener")).setMessageListener(m -> {
                try {
                    int delivery = m.getIntProperty("JMSXDeliveryCount");
                    Xid x = xid("listener-" + delivery);
                    xa.start(x, XAResource.TMNOFLAGS);
                    xa.end(x, XAResource.TMSUCCESS);
                    if (delivery == 1) {
                        xa.rollback(x);
                        outcomes.add("rolled back " + delivery);
                    } else {
                        xa.commit(x, true);
                        outcomes.add("committed " + delivery);
                    }
                } catch (XAException | JMSException e) {
                    outcomes.add(e);
                }
            });
            c.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() >= 2);
        }
        // had the acknowledgement been written after the end, outside the branch, the rollback would not return it
        assertEquals(List.of("rolled back 1", "committed 2"), outcomes);
        assertNull(receive("xa.listener", 300), "the acknowledgement went into the committed branch");
    }

    @Test
    void anIdleBranchVotesReadOnlyAndErrorsCarryTheirCodes() throws Exception {
        try (XAConnection c = xaFactory().createXAConnection()) {
            XAResource xa = c.createXASession().getXAResource();
            Xid x = xid("idle");
            xa.start(x, XAResource.TMNOFLAGS);
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_RDONLY, xa.prepare(x));
            assertEquals(XAException.XAER_NOTA, assertThrows(XAException.class, () -> xa.commit(x, false)).errorCode);
            Xid y = xid("dup");
            xa.start(y, XAResource.TMNOFLAGS);
            xa.end(y, XAResource.TMSUCCESS);
            XAResource second = c.createXASession().getXAResource();
            assertEquals(XAException.XAER_DUPID,
                    assertThrows(XAException.class, () -> second.start(y, XAResource.TMNOFLAGS)).errorCode);
            xa.rollback(y);
        }
    }

    @Test
    void theQueueSessionOfAnXaQueueSessionWorksInItsResourcesBranchAndKeepsToItsDomain() throws Exception {
        Xid x = xid("queue-session");
        try (XAQueueConnection c = xaFactory().createXAQueueConnection()) {
            XAQueueSession xs = c.createXAQueueSession();
            QueueSession s = xs.getQueueSession();
            assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createTopic("xa.news"));
            assertThrows(jakarta.jms.IllegalStateException.class, s::createTemporaryTopic);
            XAResource xa = xs.getXAResource();
            xa.start(x, XAResource.TMNOFLAGS);
            s.createSender(s.createQueue("xa.domain")).send(s.createTextMessage("queue session"));
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, xa.prepare(x));
            assertNull(receive("xa.domain", 300), "a prepared send is invisible");
            xa.commit(x, false);
        }
        Message m = receive("xa.domain", 5000);
        assertNotNull(m);
        assertEquals("queue session", ((TextMessage) m).getText());
    }

    @Test
    void theTopicSessionOfAnXaTopicSessionWorksInItsResourcesBranchAndKeepsToItsDomain() throws Exception {
        Xid x = xid("topic-session");
        try (Connection plain = broker.factory().createConnection();
             XATopicConnection c = xaFactory().createXATopicConnection()) {
            Session ps = plain.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = ps.createConsumer(ps.createTopic("xa.news"));
            plain.start();
            XATopicSession xs = c.createXATopicSession();
            TopicSession s = xs.getTopicSession();
            assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createQueue("xa.domain"));
            assertThrows(jakarta.jms.IllegalStateException.class, () -> s.createBrowser(null));
            XAResource xa = xs.getXAResource();
            xa.start(x, XAResource.TMNOFLAGS);
            s.createPublisher(s.createTopic("xa.news")).publish(s.createTextMessage("topic session"));
            xa.end(x, XAResource.TMSUCCESS);
            xa.commit(x, true);
            Message m = subscriber.receive(5000);
            assertNotNull(m);
            assertEquals("topic session", ((TextMessage) m).getText());
        }
    }
}
