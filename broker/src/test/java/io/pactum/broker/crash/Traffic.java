package io.pactum.broker.crash;

import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady client load for a crash test: synchronous persistent producers, one producer of transactions of
 * {@link #BATCH} messages, and CLIENT_ACKNOWLEDGE, transacted and AUTO_ACKNOWLEDGE consumers. Every thread stops at
 * the first failure (the broker was killed) or when told to.
 */
final class Traffic {
    static final String QUEUE = "crash";
    static final int BATCH = 5;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final PactumConnectionFactory factory;
    private final Ledger ledger;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final byte[] payload = new byte[512];
    private volatile boolean stop;

    Traffic(String url, Ledger ledger) {
        this.factory = new PactumConnectionFactory(url + "?prefetch=20");
        this.ledger = ledger;
    }

    void start() {
        for (int i = 0; i < 3; i++) {
            spawn("producer-" + i, Session.AUTO_ACKNOWLEDGE, this::produce);
        }
        spawn("tx-producer", Session.SESSION_TRANSACTED, this::produceTransactions);
        spawn("client-ack-consumer", Session.CLIENT_ACKNOWLEDGE, this::consumeClientAck);
        spawn("tx-consumer", Session.SESSION_TRANSACTED, this::consumeTransacted);
        spawn("auto-consumer", Session.AUTO_ACKNOWLEDGE, this::consumeAuto);
    }

    long progress() {
        return ledger.confirmedSends.size() + ledger.confirmedAcks.size();
    }

    interface Work {
        void run(Session session, Queue queue) throws JMSException;
    }

    private void spawn(String name, int mode, Work work) {
        Thread t = new Thread(() -> {
            try {
                Connection c = factory.createConnection();
                synchronized (connections) {
                    connections.add(c);
                }
                Session s = c.createSession(mode == Session.SESSION_TRANSACTED, mode);
                c.start();
                work.run(s, s.createQueue(QUEUE));
            } catch (JMSException | RuntimeException e) {
                // the broker went away: expected in a crash test
            }
        }, "crash-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private String nextId(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    private void produce(Session s, Queue q) throws JMSException {
        MessageProducer p = s.createProducer(q);
        while (!stop) {
            String id = nextId("m");
            Message m = s.createBytesMessage();
            ((jakarta.jms.BytesMessage) m).writeBytes(payload);
            m.setStringProperty("cid", id);
            p.send(m);
            ledger.confirmedSends.add(id);
        }
    }

    private void produceTransactions(Session s, Queue q) throws JMSException {
        MessageProducer p = s.createProducer(q);
        while (!stop) {
            String batch = nextId("tx");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                String id = batch + "-" + i;
                Message m = s.createTextMessage(id);
                m.setStringProperty("cid", id);
                m.setStringProperty("batch", batch);
                p.send(m);
                ids.add(id);
            }
            ledger.batchSizes.put(batch, BATCH);
            s.commit();
            ledger.confirmedSends.addAll(ids);
        }
    }

    private String record(Message m) throws JMSException {
        String id = m.getStringProperty("cid");
        ledger.receivedMessage(id, m.getStringProperty("batch"));
        return id;
    }

    private void consumeClientAck(Session s, Queue q) throws JMSException {
        MessageConsumer c = s.createConsumer(q);
        while (!stop) {
            Message m = c.receive(200);
            if (m != null) {
                String id = record(m);
                m.acknowledge();
                ledger.confirmedAcks.add(id);
            }
        }
    }

    private void consumeTransacted(Session s, Queue q) throws JMSException {
        MessageConsumer c = s.createConsumer(q);
        List<String> inTx = new ArrayList<>();
        while (!stop) {
            Message m = c.receive(200);
            if (m != null) {
                inTx.add(record(m));
            }
            if (inTx.size() >= 3 || (m == null && !inTx.isEmpty())) {
                s.commit();
                ledger.confirmedAcks.addAll(inTx);
                inTx.clear();
            }
        }
    }

    private void consumeAuto(Session s, Queue q) throws JMSException {
        MessageConsumer c = s.createConsumer(q);
        while (!stop) {
            Message m = c.receive(200);
            if (m != null) {
                record(m);
            }
        }
    }

    /** Stops every thread and closes every connection, waiting at most a few seconds. */
    void stop() throws InterruptedException {
        stop = true;
        synchronized (connections) {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (JMSException | RuntimeException ignored) {
                    // broker gone
                }
            }
        }
        for (Thread t : threads) {
            t.join(10_000);
            if (t.isAlive()) {
                throw new AssertionError(t.getName() + " did not stop: a client call hangs after the broker died");
            }
        }
    }
}
