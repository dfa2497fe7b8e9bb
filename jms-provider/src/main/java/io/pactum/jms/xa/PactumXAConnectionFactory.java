package io.pactum.jms.xa;

import io.pactum.jms.BrokerUrl;
import io.pactum.jms.JmsErrors;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicConnectionFactory;

/**
 * The factory transaction managers and application servers use: {@code new PactumXAConnectionFactory(url)} with the
 * same URL and options as {@link PactumConnectionFactory}, which it still is, so the ordinary methods make ordinary
 * connections and contexts.
 */
public class PactumXAConnectionFactory extends PactumConnectionFactory
        implements XAConnectionFactory, XAQueueConnectionFactory, XATopicConnectionFactory {
    private static final long serialVersionUID = 1L;

    public PactumXAConnectionFactory(String url) {
        super(url);
    }

    /** With the URL's credentials, if any. */
    @Override
    public XAConnection createXAConnection() throws JMSException {
        BrokerUrl u = brokerUrl();
        return new PactumXAConnection(u, u.user(), u.password());
    }

    @Override
    public XAConnection createXAConnection(String userName, String password) throws JMSException {
        return new PactumXAConnection(brokerUrl(), userName, password);
    }

    @Override
    public XAQueueConnection createXAQueueConnection() throws JMSException {
        return (XAQueueConnection) createXAConnection();
    }

    @Override
    public XAQueueConnection createXAQueueConnection(String userName, String password) throws JMSException {
        return (XAQueueConnection) createXAConnection(userName, password);
    }

    @Override
    public XATopicConnection createXATopicConnection() throws JMSException {
        return (XATopicConnection) createXAConnection();
    }

    @Override
    public XATopicConnection createXATopicConnection(String userName, String password) throws JMSException {
        return (XATopicConnection) createXAConnection(userName, password);
    }

    /** Bad credentials give JMSSecurityRuntimeException, as for {@code createContext}. */
    @Override
    public XAJMSContext createXAContext() {
        try {
            return new PactumXAJMSContext((PactumXAConnection) createXAConnection());
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public XAJMSContext createXAContext(String userName, String password) {
        try {
            return new PactumXAJMSContext((PactumXAConnection) createXAConnection(userName, password));
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    @Override
    public String toString() {
        return "PactumXAConnectionFactory[" + brokerUrl().display() + "]";
    }
}
