package io.pactum.xa.jta;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAJMSContext;
import jakarta.transaction.TransactionManager;

/**
 * A plain {@link ConnectionFactory} whose sessions and contexts take part in JTA transactions, as those of an
 * application server do, for standalone applications:
 * <pre>{@code
 * ConnectionFactory cf = new JtaConnectionFactory(new PactumXAConnectionFactory(url), tm);
 * tm.begin();
 * try (JMSContext context = cf.createContext()) {
 *     context.createProducer().send(queue, "in the transaction");
 * }                    // closing inside the transaction is fine: the close waits for the outcome
 * tm.commit();         // the message is sent together with everything else in the transaction
 * }</pre>
 * <ul>
 *   <li>The first send or receive of a session (or context) inside a JTA transaction enlists its XA resource in that
 *       transaction, once; before completion it is delisted (TMSUCCESS, TMFAIL if rollback-only). A session may work
 *       in one transaction after another.</li>
 *   <li>Inside a transaction {@code commit()} and {@code rollback()} throw TransactionInProgressException and the
 *       createSession arguments are ignored; closing a session, context or connection takes effect for the
 *       application at once and physically after the transaction completes.</li>
 *   <li>Outside a transaction a session behaves as asked: AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE sessions (which
 *       may later join transactions) act at once; a transacted or CLIENT_ACKNOWLEDGE session is a plain local one
 *       (a context needs the XA factory to be a {@code ConnectionFactory} too, as Pactum's is).</li>
 *   <li>Asynchronous delivery (MessageListener) runs outside any transaction; receive inside one instead, or use
 *       the resource adapter for message-driven beans.</li>
 * </ul>
 * For recovery after a crash register the factory as well: {@link PactumJta#registerRecovery}.
 */
public final class JtaConnectionFactory implements ConnectionFactory {
    private final XAConnectionFactory factory;
    private final TransactionManager tm;

    public JtaConnectionFactory(XAConnectionFactory factory, TransactionManager tm) {
        this.factory = factory;
        this.tm = tm;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return connection(factory.createXAConnection());
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return connection(factory.createXAConnection(userName, password));
    }

    /** Only {@code Connection}: a QueueConnection's createQueueSession would bypass the JTA sessions. */
    private Connection connection(XAConnection xa) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(xa.getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(xa, tm));
    }

    @Override
    public JMSContext createContext() {
        return context(null, null, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(userName, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(null, null, sessionMode);
    }

    private JMSContext context(String user, String password, int mode) {
        boolean nonTransacted = mode == JMSContext.AUTO_ACKNOWLEDGE || mode == JMSContext.DUPS_OK_ACKNOWLEDGE;
        try {
            if (!nonTransacted && Enlistment.callersTransaction(tm) == null) {
                return localContext(user, password, mode);
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        XAJMSContext xa = user == null ? factory.createXAContext() : factory.createXAContext(user, password);
        Enlistment enlistment = new Enlistment(tm, xa.getXAResource(), xa::close, () -> { });
        return (JMSContext) Proxies.proxy(xa, new SessionHandler(xa, enlistment, nonTransacted ? mode : JMSContext.AUTO_ACKNOWLEDGE));
    }

    private JMSContext localContext(String user, String password, int mode) {
        if (!(factory instanceof ConnectionFactory)) {
            throw new JMSRuntimeException("a transacted or CLIENT_ACKNOWLEDGE context outside a JTA transaction needs "
                    + factory + " to be a ConnectionFactory too");
        }
        ConnectionFactory plain = (ConnectionFactory) factory;
        return user == null ? plain.createContext(mode) : plain.createContext(user, password, mode);
    }

    @Override
    public String toString() {
        return "JtaConnectionFactory[" + factory + "]";
    }
}
