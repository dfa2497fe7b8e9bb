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

    @Override
    public JMSContext createContext() {
        throw new jakarta.jms.JMSRuntimeException("not yet implemented");
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        throw new jakarta.jms.JMSRuntimeException("not yet implemented");
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        throw new jakarta.jms.JMSRuntimeException("not yet implemented");
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        throw new jakarta.jms.JMSRuntimeException("not yet implemented");
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
