package io.pactum.xa.ra;

import io.pactum.jms.SessionDomain;
import io.pactum.jms.xa.PactumXASession;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionInProgressException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import static io.pactum.jms.SessionDomain.QUEUE;
import static io.pactum.jms.SessionDomain.TOPIC;

/**
 * The session of a {@link ConnectionHandle}: the managed connection's XA session seen through the Jakarta EE rules.
 * In a transaction (XA or local) it is transacted and its work belongs to the transaction, so commit and rollback
 * throw TransactionInProgressException; outside one it is non-transacted AUTO_ACKNOWLEDGE. Message listeners and
 * {@code run} are refused, as in any container. The producers, consumers and browsers it made are closed with it,
 * because the physical session lives on for the next handle and must not keep consuming for this one. A handle
 * from {@code createQueueSession} or {@code createTopicSession} refuses the other domain's methods itself (the
 * physical XA session serves both).
 */
public class SessionHandle implements Session, QueueSession, TopicSession {
    private static final System.Logger LOG = System.getLogger(SessionHandle.class.getName());

    /** Something this handle created that must close with it. */
    private interface Closer {
        void close() throws JMSException;
    }

    private final ConnectionHandle connection;
    private final SessionDomain domain;
    private final List<Closer> created = new ArrayList<>();
    private volatile boolean closed;

    SessionHandle(ConnectionHandle connection, SessionDomain domain) {
        this.connection = connection;
        this.domain = domain;
    }

    private PactumXASession s() throws JMSException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        return connection.managed().session();
    }

    /** The physical session for {@code method}, a method of {@code methodDomain}, if this handle may use it. */
    private PactumXASession s(SessionDomain methodDomain, String method) throws JMSException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        domain.check(methodDomain, method);
        return connection.managed().session();
    }

    private boolean inTransaction() throws JMSException {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        return connection.managed().inTransaction();
    }

    private synchronized <T> T track(T object, Closer closer) {
        created.add(closer);
        return object;
    }

    private MessageProducer producer(MessageProducer p) {
        return track(p, p::close);
    }

    private <C extends MessageConsumer> C consumer(C c) {
        return track(c, c::close);
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        invalidate();
        connection.sessionClosed(this);
    }

    /** Closes what the handle created; the physical session stays with its managed connection. */
    void invalidate() {
        List<Closer> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(created);
            created.clear();
        }
        for (Closer c : toClose) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a producer, consumer or browser failed: {0}", e.getMessage());
            }
        }
    }

    @Override
    public boolean getTransacted() throws JMSException {
        return inTransaction();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        return inTransaction() ? SESSION_TRANSACTED : AUTO_ACKNOWLEDGE;
    }

    @Override
    public void commit() throws JMSException {
        if (inTransaction()) {
            throw new TransactionInProgressException("the container's transaction is committed by the container");
        }
        throw new IllegalStateException("commit() on a non-transacted session (no transaction is active)");
    }

    @Override
    public void rollback() throws JMSException {
        if (inTransaction()) {
            throw new TransactionInProgressException("roll the container's transaction back instead "
                    + "(setRollbackOnly)");
        }
        throw new IllegalStateException("rollback() on a non-transacted session (no transaction is active)");
    }

    @Override
    public void recover() throws JMSException {
        if (inTransaction()) {
            throw new IllegalStateException("recover() in a transaction; roll the transaction back instead");
        }
        s().recover();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        s();
        throw ConnectionHandle.forbidden("getMessageListener");
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        s();
        throw ConnectionHandle.forbidden("setMessageListener");
    }

    @Override
    public void run() {
        throw new jakarta.jms.IllegalStateRuntimeException("run() must not be used in a Jakarta EE web or EJB "
                + "application");
    }

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        return s().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        return s().createMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        return s().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        return s().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        return s().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        return s().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        return s().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        return s().createTextMessage(text);
    }

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return producer(s().createProducer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return consumer(s().createConsumer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return consumer(s().createConsumer(destination, messageSelector));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        return consumer(s().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return consumer(s(TOPIC, "createSharedConsumer").createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        return consumer(s(TOPIC, "createSharedConsumer")
                .createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        return s(QUEUE, "createQueue").createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        return s(TOPIC, "createTopic").createTopic(topicName);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return consumer(s(TOPIC, "createDurableSubscriber").createDurableSubscriber(topic, name));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return consumer(s(TOPIC, "createDurableSubscriber")
                .createDurableSubscriber(topic, name, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return consumer(s(TOPIC, "createDurableConsumer").createDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        return consumer(s(TOPIC, "createDurableConsumer").createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return consumer(s(TOPIC, "createSharedDurableConsumer").createSharedDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        return consumer(s(TOPIC, "createSharedDurableConsumer")
                .createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        QueueBrowser b = s(QUEUE, "createBrowser").createBrowser(queue);
        return track(b, b::close);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        QueueBrowser b = s(QUEUE, "createBrowser").createBrowser(queue, messageSelector);
        return track(b, b::close);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        return s(QUEUE, "createTemporaryQueue").createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        return s(TOPIC, "createTemporaryTopic").createTemporaryTopic();
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        s(TOPIC, "unsubscribe").unsubscribe(name);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return consumer(s(QUEUE, "createReceiver").createReceiver(queue));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        return consumer(s(QUEUE, "createReceiver").createReceiver(queue, messageSelector));
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        QueueSender p = s(QUEUE, "createSender").createSender(queue);
        return track(p, p::close);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return consumer(s(TOPIC, "createSubscriber").createSubscriber(topic));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        return consumer(s(TOPIC, "createSubscriber").createSubscriber(topic, messageSelector, noLocal));
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        TopicPublisher p = s(TOPIC, "createPublisher").createPublisher(topic);
        return track(p, p::close);
    }

    @Override
    public String toString() {
        return "Pactum SessionHandle[" + (closed ? "closed" : connection.toString()) + "]";
    }
}
