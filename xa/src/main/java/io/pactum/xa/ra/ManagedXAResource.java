package io.pactum.xa.ra;

import io.pactum.xa.ForwardingXAResource;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The managed connection's view of its session's XA resource: it delegates everything and remembers whether the
 * session is associated with a branch, which is how the connection's handles know they are in a transaction (and so
 * must ignore createSession's arguments and refuse commit). {@code isSameRM} sees through this wrapper so a
 * transaction manager can join branches of the same broker.
 */
final class ManagedXAResource extends ForwardingXAResource {
    private volatile boolean associated;

    ManagedXAResource(XAResource delegate) {
        super(delegate);
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

    /** Unwraps only its own kind, as the resource adapter hands out no other wrapper. */
    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        XAResource o = other instanceof ManagedXAResource ? ((ManagedXAResource) other).delegate : other;
        return delegate.isSameRM(o);
    }

    @Override
    public String toString() {
        return "Managed" + delegate;
    }
}
