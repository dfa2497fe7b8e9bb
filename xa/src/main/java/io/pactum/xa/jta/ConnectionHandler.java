package io.pactum.xa.jta;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The handler of a JTA connection. A session created inside a JTA transaction, or outside one in AUTO_ACKNOWLEDGE or
 * DUPS_OK_ACKNOWLEDGE mode, is an XA session that joins whatever transaction it is used in; a transacted or
 * CLIENT_ACKNOWLEDGE session asked for outside a transaction is the plain local session the application asked for,
 * and never joins a JTA transaction. {@code close} closes the plain sessions at once and the XA sessions as soon as
 * their transactions complete; the physical connection closes with the last of them.
 */
final class ConnectionHandler implements InvocationHandler {
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

    private final XAConnection connection;
    private final TransactionManager tm;
    /** Guarded by this. */
    private final List<Enlistment> xaSessions = new ArrayList<>();
    /** Guarded by this. */
    private final List<Session> localSessions = new ArrayList<>();
    private boolean closeRequested;
    private boolean closed;

    ConnectionHandler(XAConnection connection, TransactionManager tm) {
        this.connection = connection;
        this.tm = tm;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return Proxies.objectMethod(proxy, connection, method, args);
        }
        switch (method.getName()) {
            case "close":
                close();
                return null;
            case "createSession":
                if (args == null) {
                    return createSession(false, Session.AUTO_ACKNOWLEDGE);
                }
                if (args.length == 1) {
                    int mode = (Integer) args[0];
                    return createSession(mode == Session.SESSION_TRANSACTED, mode);
                }
                return createSession((Boolean) args[0], (Integer) args[1]);
            default:
                checkOpen();
                return Proxies.forward(connection, method, args);
        }
    }

    private synchronized void checkOpen() throws JMSException {
        if (closeRequested) {
            throw new IllegalStateException("the connection is closed");
        }
    }

    private synchronized Session createSession(boolean transacted, int mode) throws JMSException {
        checkOpen();
        boolean nonTransacted = !transacted && (mode == Session.AUTO_ACKNOWLEDGE || mode == Session.DUPS_OK_ACKNOWLEDGE);
        if (!nonTransacted && Enlistment.callersTransaction(tm) == null) {
            Session local = connection.createSession(transacted, mode);
            localSessions.add(local);
            return local;
        }
        XASession xa = connection.createXASession();
        Enlistment[] self = new Enlistment[1];
        self[0] = new Enlistment(tm, xa.getXAResource(), xa::close, () -> closed(self[0]));
        xaSessions.add(self[0]);
        int modeOutside = nonTransacted ? mode : Session.AUTO_ACKNOWLEDGE;
        return (Session) Proxies.proxy(xa, new SessionHandler(xa, self[0], modeOutside));
    }

    private void close() throws JMSException {
        List<Session> locals;
        List<Enlistment> xas;
        synchronized (this) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            locals = new ArrayList<>(localSessions);
            xas = new ArrayList<>(xaSessions);
        }
        for (Session s : locals) {
            s.close();
        }
        for (Enlistment e : xas) {
            e.close();
        }
        closeIfIdle();
    }

    private void closed(Enlistment session) {
        synchronized (this) {
            xaSessions.remove(session);
        }
        try {
            closeIfIdle();
        } catch (JMSException e) {
            LOG.log(System.Logger.Level.WARNING, "closing a connection after its last transaction failed: {0}", e.toString());
        }
    }

    /** Closes the physical connection once the application closed it and no transaction needs it any more. */
    private void closeIfIdle() throws JMSException {
        synchronized (this) {
            if (!closeRequested || closed || !xaSessions.isEmpty()) {
                return;
            }
            closed = true;
        }
        connection.close();
    }
}
