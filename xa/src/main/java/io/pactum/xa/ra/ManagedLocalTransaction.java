package io.pactum.xa.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A resource-local transaction (the container's LocalTransaction support) driven through the session's own XA
 * resource with a {@link LocalXid} committed in one phase. This keeps one session per managed connection for all three
 * transaction modes: handles never have to switch between a transacted and an XA session, consumers created before
 * {@code begin} stay valid, and the broker's one-phase commit of a branch is as atomic as a local commit. It costs
 * one round trip for {@code start}.
 */
final class ManagedLocalTransaction implements LocalTransaction {
    private final XAResource resource;
    private Xid current;

    ManagedLocalTransaction(XAResource resource) {
        this.resource = resource;
    }

    synchronized boolean isActive() {
        return current != null;
    }

    @Override
    public synchronized void begin() throws ResourceException {
        if (current != null) {
            throw new LocalTransactionException("a local transaction is already active");
        }
        Xid xid = LocalXid.random();
        try {
            resource.start(xid, XAResource.TMNOFLAGS);
        } catch (XAException e) {
            throw failure("begin", e);
        }
        current = xid;
    }

    @Override
    public synchronized void commit() throws ResourceException {
        Xid xid = take("commit");
        try {
            resource.end(xid, XAResource.TMSUCCESS);
            resource.commit(xid, true);
        } catch (XAException e) {
            throw failure("commit", e);
        }
    }

    @Override
    public synchronized void rollback() throws ResourceException {
        Xid xid = take("rollback");
        XAException failure = null;
        try {
            resource.end(xid, XAResource.TMSUCCESS);
        } catch (XAException e) {
            failure = e; // the branch may have rolled back already (timeout, lost connection); still try rollback
        }
        try {
            resource.rollback(xid);
        } catch (XAException e) {
            if (e.errorCode < XAException.XA_RBBASE || e.errorCode > XAException.XA_RBEND) {
                throw failure("rollback", failure != null ? failure : e);
            }
        }
    }

    private Xid take(String what) throws LocalTransactionException {
        if (current == null) {
            throw new LocalTransactionException(what + " without an active local transaction");
        }
        Xid xid = current;
        current = null;
        return xid;
    }

    private static LocalTransactionException failure(String what, XAException e) {
        LocalTransactionException l = new LocalTransactionException("local transaction " + what + " failed: "
                + e.getMessage(), String.valueOf(e.errorCode));
        l.initCause(e);
        return l;
    }
}
