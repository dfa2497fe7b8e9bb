package io.pactum.xa.jta;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The handler of a JTA session ({@code Session}) or context ({@code JMSContext}) backed by an XA session. Inside a
 * JTA transaction it is transacted by that transaction: {@code commit} and {@code rollback} throw
 * TransactionInProgressException, and {@code close} is deferred until the transaction completes. Outside one it is a
 * non-transacted session in the mode the application asked for (AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE), which is
 * how an XA session behaves while it is not associated with a branch.
 */
final class SessionHandler implements InvocationHandler {
    private final Object target;
    private final Enlistment enlistment;
    /** The acknowledge mode outside transactions. */
    private final int modeOutside;

    SessionHandler(Object target, Enlistment enlistment, int modeOutside) {
        this.target = target;
        this.enlistment = enlistment;
        this.modeOutside = modeOutside;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return Proxies.objectMethod(proxy, target, method, args);
        }
        try {
            String name = method.getName();
            if (name.equals("close")) {
                enlistment.close();
                return null;
            }
            enlistment.checkOpen();
            boolean inTransaction = enlistment.callersTransaction() != null;
            switch (name) {
                case "commit":
                case "rollback":
                    throw inTransaction
                            ? new TransactionInProgressException(name + " is not allowed while a JTA transaction is active; the transaction manager completes it")
                            : new IllegalStateException("the session is not transacted");
                case "recover":
                    if (inTransaction) {
                        throw new IllegalStateException("recover is not allowed in a transacted session");
                    }
                    break;
                case "acknowledge":
                    return null;
                case "getTransacted":
                    return inTransaction;
                case "getAcknowledgeMode":
                case "getSessionMode":
                    return inTransaction ? Session.SESSION_TRANSACTED : modeOutside;
                case "createContext":
                    throw new JMSRuntimeException("a JTA context cannot create further contexts; use JtaConnectionFactory.createContext");
                default:
                    break;
            }
        } catch (JMSException e) {
            throw Proxies.asDeclared(method, e);
        }
        return WorkHandler.wrapIfWorker(Proxies.forward(target, method, args), enlistment);
    }
}
