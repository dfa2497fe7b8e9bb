package io.pactum.jms.xa;

import io.pactum.jms.BrokerUrl;
import io.pactum.jms.PactumConnection;
import io.pactum.jms.SessionDomain;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;

/**
 * A connection that can create XA sessions besides the ordinary ones {@code createSession} still makes, as the
 * specification says. An XA session is opened on the wire as an AUTO_ACKNOWLEDGE session: the broker turns its work
 * into branch work only while an XA start associates it with a branch.
 */
public class PactumXAConnection extends PactumConnection implements XAConnection, XAQueueConnection, XATopicConnection {
    PactumXAConnection(BrokerUrl url, String user, String password) throws JMSException {
        super(url, user, password);
    }

    @Override
    public XASession createXASession() throws JMSException {
        return openSession(id -> new PactumXASession(this, id, SessionDomain.UNIFIED), Session.AUTO_ACKNOWLEDGE);
    }

    /** An XA session of the point-to-point domain: its {@code getQueueSession()} refuses the topic methods. */
    @Override
    public XAQueueSession createXAQueueSession() throws JMSException {
        return openSession(id -> new PactumXASession.Queues(this, id), Session.AUTO_ACKNOWLEDGE);
    }

    /** An XA session of the publish/subscribe domain: its {@code getTopicSession()} refuses the queue methods. */
    @Override
    public XATopicSession createXATopicSession() throws JMSException {
        return openSession(id -> new PactumXASession.Topics(this, id), Session.AUTO_ACKNOWLEDGE);
    }
}
