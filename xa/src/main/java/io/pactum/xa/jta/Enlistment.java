package io.pactum.xa.jta;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import javax.transaction.xa.XAResource;

/**
 * The tie between one physical XA session (or XA context) and the JTA transactions it works in, as an application
 * server's connection manager keeps it: the first send or receive inside a transaction enlists the session's
 * resource; the transaction's {@code beforeCompletion} delists it (TMSUCCESS, or TMFAIL when rollback-only), and its
 * {@code afterCompletion} frees the session for the next transaction. A close requested while enlisted waits for
 * {@code afterCompletion}, since closing the session would end its branch before the transaction manager decides.
 */
final class Enlistment {
    private static final System.Logger LOG = System.getLogger(Enlistment.class.getName());

    /** Closes the physical session or context. */
    interface Closer {
        void close() throws Exception;
    }

    private final TransactionManager tm;
    private final XAResource resource;
    private final Closer closer;
    private final Runnable onClosed;
    /** The transaction the resource is enlisted in, until its afterCompletion. Guarded by this. */
    private Transaction enlistedIn;
    /** Set once the resource is delisted from {@link #enlistedIn}: later work could not be part of it. Guarded by this. */
    private boolean delisted;
    private volatile boolean closeRequested;
    private boolean closed;

    Enlistment(TransactionManager tm, XAResource resource, Closer closer, Runnable onClosed) {
        this.tm = tm;
        this.resource = resource;
        this.closer = closer;
        this.onClosed = onClosed;
    }

    /** The caller's transaction if it is one work can join (active or rollback-only), else null. */
    Transaction callersTransaction() throws JMSException {
        return callersTransaction(tm);
    }

    /** As {@link #callersTransaction()}, for deciding before a session exists. */
    static Transaction callersTransaction(TransactionManager tm) throws JMSException {
        try {
            Transaction tx = tm.getTransaction();
            if (tx == null) {
                return null;
            }
            int status = tx.getStatus();
            return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK ? tx : null;
        } catch (SystemException e) {
            throw jmsException("cannot read the JTA transaction", e);
        }
    }

    boolean isCloseRequested() {
        return closeRequested;
    }

    /** Throws if the application closed this session. */
    void checkOpen() throws JMSException {
        if (closeRequested) {
            throw new IllegalStateException("closed");
        }
    }

    /**
     * Enlists the resource in the caller's transaction unless it already is; returns whether the caller has a
     * transaction, i.e. whether the work about to be done belongs to it.
     */
    synchronized boolean join() throws JMSException {
        checkOpen();
        Transaction tx = callersTransaction();
        if (tx != null && tx.equals(enlistedIn) && delisted) {
            throw new IllegalStateException("the transaction is completing; work now would not be part of it");
        }
        if (tx == null || tx.equals(enlistedIn)) {
            return tx != null;
        }
        if (enlistedIn != null) {
            throw new IllegalStateException("session is still enlisted in another transaction: " + enlistedIn);
        }
        try {
            if (tx.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                throw new TransactionRolledBackException("the JTA transaction is marked rollback-only");
            }
            tx.registerSynchronization(new Completion(tx));
            if (!tx.enlistResource(resource)) {
                throw new JMSException("the transaction manager refused to enlist the session in " + tx);
            }
        } catch (RollbackException e) {
            throw (JMSException) new TransactionRolledBackException("the JTA transaction is marked rollback-only").initCause(e);
        } catch (SystemException | java.lang.IllegalStateException e) {
            throw jmsException("cannot enlist the session in " + tx, e);
        }
        enlistedIn = tx;
        delisted = false;
        return true;
    }

    /** Closes now, or after the transaction the session is enlisted in completes. Idempotent. */
    synchronized void close() throws JMSException {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        if (enlistedIn == null) {
            closePhysically();
        }
    }

    private void closePhysically() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closer.close();
        } catch (JMSException e) {
            throw e;
        } catch (Exception e) {
            throw jmsException("close failed", e);
        } finally {
            onClosed.run();
        }
    }

    private synchronized void completed(Transaction tx) {
        if (!tx.equals(enlistedIn)) {
            return;
        }
        enlistedIn = null;
        if (closeRequested) {
            try {
                closePhysically();
            } catch (JMSException e) {
                LOG.log(System.Logger.Level.WARNING, "closing a session after its transaction completed failed: {0}", e.toString());
            }
        }
    }

    private static JMSException jmsException(String message, Exception cause) {
        JMSException e = new JMSException(message + ": " + cause);
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }

    /** Delists before the commit starts and frees the session after the outcome. */
    private final class Completion implements Synchronization {
        private final Transaction tx;

        Completion(Transaction tx) {
            this.tx = tx;
        }

        @Override
        public void beforeCompletion() {
            synchronized (Enlistment.this) {
                delisted = true;
            }
            try {
                int flag = tx.getStatus() == Status.STATUS_MARKED_ROLLBACK ? XAResource.TMFAIL : XAResource.TMSUCCESS;
                tx.delistResource(resource, flag);
            } catch (SystemException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "delisting a Pactum session failed, rolling back {0}: {1}", tx, e.toString());
                try {
                    tx.setRollbackOnly();
                } catch (SystemException | RuntimeException ignored) {
                    // the transaction cannot commit without a delisted branch anyway
                }
            }
        }

        @Override
        public void afterCompletion(int status) {
            completed(tx);
        }
    }
}
