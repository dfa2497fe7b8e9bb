package io.pactum.xa.ra;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The managed connection's view of its session's XA resource: it delegates everything and remembers whether the
 * session is associated with a branch, which is how the connection's handles know they are in a transaction (and so
 * must ignore createSession's arguments and refuse commit). {@code isSameRM} sees through this wrapper so a
 * transaction manager can join branches of the same broker.
 */
final class ManagedXAResource implements XAResource {
    private final XAResource delegate;
    private volatile boolean associated;

    ManagedXAResource(XAResource delegate) {
        this.delegate = delegate;
    }

    boolean isAssociated() {
        return associated;
    }

    XAResource delegate() {
        return delegate;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        delegate.start(xid, flags);
        associated = true;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        try {
            delegate.end(xid, flags);
        } finally {
            associated = false;
        }
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return delegate.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        delegate.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        delegate.rollback(xid);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate.forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate.recover(flag);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        XAResource o = other instanceof ManagedXAResource ? ((ManagedXAResource) other).delegate : other;
        return delegate.isSameRM(o);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate.setTransactionTimeout(seconds);
    }

    @Override
    public String toString() {
        return "Managed" + delegate;
    }
}
