package io.pactum.tck;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Starts a real broker (ephemeral loopback port, temporary data directory) once per test class, and a JNDI
 * {@link InitialContext} through which the tests obtain every administered object: {@code ConnectionFactory},
 * {@code clientIdFactory} (URL preset client ID), the queues {@code orders} and {@code audit}, the topic
 * {@code news}, and fresh queues via {@code dynamicQueues/}. Tests use the {@code jakarta.jms} API only.
 */
public abstract class BrokerTestSupport {
    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static Broker broker;
    private static Path dataDir;
    protected static InitialContext jndi;

    @BeforeAll
    static void startBroker() throws Exception {
        dataDir = Files.createTempDirectory("pactum-tck");
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dataDir));
        String url = "tcp://127.0.0.1:" + broker.port();
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.pactum.jms.jndi.PactumInitialContextFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put("connectionFactory.clientIdFactory", url + "?clientID=tck-preset");
        env.put("queue.orders", "tck.orders");
        env.put("queue.audit", "tck.audit");
        env.put("topic.news", "tck.news");
        jndi = new InitialContext(env);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        try {
            if (jndi != null) {
                jndi.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    protected static <T> T lookup(String name) {
        try {
            return (T) jndi.lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("JNDI lookup of " + name + " failed", e);
        }
    }

    protected static ConnectionFactory connectionFactory() {
        return lookup("ConnectionFactory");
    }

    /** A queue no other test uses, resolved through {@code dynamicQueues/}. */
    protected static Queue freshQueue() {
        return lookup("dynamicQueues/tck.q" + QUEUES.incrementAndGet());
    }

    /** A topic no other test uses, resolved through {@code dynamicTopics/}. */
    protected static Topic freshTopic() {
        return lookup("dynamicTopics/tck.t" + QUEUES.incrementAndGet());
    }

    /** A new connection from the JNDI {@code ConnectionFactory}; the caller closes it. */
    protected static jakarta.jms.Connection connection() throws jakarta.jms.JMSException {
        return connectionFactory().createConnection();
    }

    protected static Topic newsTopic() {
        return lookup("news");
    }

    /** How many messages the queue holds, as a browser on a separate context sees it. */
    protected static int depth(Queue queue) {
        try (JMSContext context = connectionFactory().createContext()) {
            QueueBrowser browser = context.createBrowser(queue);
            return Collections.list(browser.getEnumeration()).size();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long a test waits for a message that must arrive. */
    protected static final long WAIT = 5_000;
    /** How long a test listens to show that nothing (more) arrives. */
    protected static final long QUIET = 300;

    /** The text of a message that must be there. */
    protected static String text(jakarta.jms.Message m) throws jakarta.jms.JMSException {
        org.junit.jupiter.api.Assertions.assertNotNull(m, "a message was expected");
        return ((jakarta.jms.TextMessage) m).getText();
    }

    /** Sends text messages to {@code q} on a connection of their own. */
    protected static void send(Queue q, String... texts) throws jakarta.jms.JMSException {
        try (jakarta.jms.Connection c = connection()) {
            jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer p = s.createProducer(q);
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }
}
