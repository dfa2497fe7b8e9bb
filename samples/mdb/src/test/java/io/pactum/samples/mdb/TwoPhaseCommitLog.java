package io.pactum.samples.mdb;

import org.apache.geronimo.transaction.manager.LogException;
import org.apache.geronimo.transaction.manager.Recovery;
import org.apache.geronimo.transaction.manager.TransactionBranchInfo;
import org.apache.geronimo.transaction.manager.TransactionLog;
import org.apache.geronimo.transaction.manager.XidFactory;

import javax.transaction.xa.Xid;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Geronimo transaction log that keeps nothing durable but remembers how many branches each two-phase commit
 * prepared. Geronimo writes a prepare record only when it runs both phases over more than one resource manager (one
 * resource is committed in one phase without a record), so this is the test's evidence that the broker and the
 * database really took part in a two-phase commit.
 */
public final class TwoPhaseCommitLog implements TransactionLog {
    /** The branch count of every prepare record written, in order. */
    static final List<Integer> PREPARED_BRANCHES = new CopyOnWriteArrayList<>();

    @Override
    public void begin(Xid xid) {
    }

    @Override
    public Object prepare(Xid xid, List<? extends TransactionBranchInfo> branches) {
        PREPARED_BRANCHES.add(branches.size());
        return null;
    }

    @Override
    public void commit(Xid xid, Object logMark) {
    }

    @Override
    public void rollback(Xid xid, Object logMark) {
    }

    @Override
    public Collection<Recovery.XidBranchesPair> recover(XidFactory xidFactory) throws LogException {
        return List.of();
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
