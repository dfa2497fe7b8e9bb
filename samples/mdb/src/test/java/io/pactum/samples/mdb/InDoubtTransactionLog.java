package io.pactum.samples.mdb;

import org.apache.geronimo.transaction.manager.Recovery;
import org.apache.geronimo.transaction.manager.TransactionBranchInfo;
import org.apache.geronimo.transaction.manager.TransactionBranchInfoImpl;
import org.apache.geronimo.transaction.manager.TransactionLog;
import org.apache.geronimo.transaction.manager.XidFactory;

import javax.transaction.xa.Xid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Geronimo transaction log kept in static memory, so that it outlives one embedded container and is read by the
 * next one in the same JVM, as a log file outlives a crashed server. {@link #afterNextPrepare} runs once, right after
 * a prepare record is written and before anything is committed: the moment a crash leaves the branches in doubt.
 */
public final class InDoubtTransactionLog implements TransactionLog {
    private static final Map<Xid, Recovery.XidBranchesPair> PREPARED = new ConcurrentHashMap<>();
    private static final AtomicReference<Runnable> AFTER_NEXT_PREPARE = new AtomicReference<>();

    static void afterNextPrepare(Runnable action) {
        AFTER_NEXT_PREPARE.set(action);
    }

    /** Transactions with a prepare record and no commit or rollback record yet. */
    static int inDoubt() {
        return PREPARED.size();
    }

    @Override
    public void begin(Xid xid) {
    }

    @Override
    public Object prepare(Xid xid, List<? extends TransactionBranchInfo> branches) {
        Recovery.XidBranchesPair pair = new Recovery.XidBranchesPair(xid, xid);
        for (TransactionBranchInfo b : branches) {
            pair.addBranch(new TransactionBranchInfoImpl(b.getBranchXid(), b.getResourceName()));
        }
        PREPARED.put(xid, pair);
        Runnable action = AFTER_NEXT_PREPARE.getAndSet(null);
        if (action != null) {
            action.run();
        }
        return xid;
    }

    @Override
    public void commit(Xid xid, Object logMark) {
        PREPARED.remove(xid);
    }

    @Override
    public void rollback(Xid xid, Object logMark) {
        PREPARED.remove(xid);
    }

    @Override
    public Collection<Recovery.XidBranchesPair> recover(XidFactory xidFactory) {
        return new ArrayList<>(PREPARED.values());
    }

    @Override
    public String getXMLStats() {
        return null;
    }

    @Override
    public int getAverageForceTime() {
        return 0;
    }

    @Override
    public int getAverageBytesPerForce() {
        return 0;
    }
}
