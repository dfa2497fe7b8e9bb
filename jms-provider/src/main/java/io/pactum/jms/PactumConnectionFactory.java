package io.pactum.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;

import java.io.Serializable;

/**
 * The entry point applications get from JNDI or construct directly: {@code new PactumConnectionFactory("tcp://127.0.0.1:61700")}.
 * Immutable and serializable, so it can be bound in any naming service.
 */
public class PactumConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Serializable {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final transient BrokerUrl parsed;

    public PactumConnectionFactory(String url) {
        this.url = url;
        this.parsed = BrokerUrl.parse(url);
    }

    public String getBrokerURL() {
        return url;
    }

    public BrokerUrl brokerUrl() {
        return parsed != null ? parsed : BrokerUrl.parse(url);
    }

    @Override
    public Connection createConnection() throws JMSException {
        BrokerUrl u = brokerUrl();
        return new PactumConnection(u, u.user(), u.password());
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return new PactumConnection(brokerUrl(), userName, password);
    }

    /** A context in AUTO_ACKNOWLEDGE mode with the URL's credentials, if any. */
    @Override
    public JMSContext createContext() {
        return createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    /** Bad credentials give JMSSecurityRuntimeException; an unknown session mode JMSRuntimeException. */
    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        PactumJMSContext.checkSessionMode(sessionMode);
        try {
            return context((PactumConnection) createConnection(userName, password), sessionMode);
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        PactumJMSContext.checkSessionMode(sessionMode);
        try {
            return context((PactumConnection) createConnection(), sessionMode);
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    private static JMSContext context(PactumConnection connection, int sessionMode) {
        return new PactumJMSContext(new PactumJMSContext.SharedConnection(connection), sessionMode);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return (QueueConnection) createConnection(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return (TopicConnection) createConnection(userName, password);
    }

    @Override
    public String toString() {
        return "PactumConnectionFactory[" + brokerUrl().display() + "]";
    }
}
