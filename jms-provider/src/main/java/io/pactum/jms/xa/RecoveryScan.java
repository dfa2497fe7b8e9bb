package io.pactum.jms.xa;

import io.pactum.protocol.WireXid;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;

/**
 * One resource's recovery scan, as the X/Open XA specification defines {@code xa_recover}: TMSTARTRSCAN opens a
 * scan (or restarts an open one) and returns every branch the broker has to report, in one piece; later calls of
 * the same scan (TMNOFLAGS) have nothing more and return an empty array; TMENDRSCAN closes the scan, returning
 * the full list too if combined with TMSTARTRSCAN. TMNOFLAGS or TMENDRSCAN alone without an open scan is
 * XAER_INVAL, as the specification says. The scan belongs to the resource, not to a thread.
 */
final class RecoveryScan {
    private static final Xid[] NONE = new Xid[0];

    /** Fetches the broker's list of prepared and heuristically completed branches. */
    interface Source {
        List<WireXid> fetch() throws XAException;
    }

    private boolean open;

    synchronized Xid[] next(int flags, Source source) throws XAException {
        XaArguments.checkRecover(flags);
        boolean start = (flags & XAResource.TMSTARTRSCAN) != 0;
        boolean end = (flags & XAResource.TMENDRSCAN) != 0;
        if (!start && !open) {
            throw XaErrors.xa(XAException.XAER_INVAL, "recover(" + XaArguments.name(flags)
                    + ") without an open recovery scan: start one with TMSTARTRSCAN", null);
        }
        Xid[] xids = NONE;
        if (start) {
            open = false;
            xids = source.fetch().toArray(NONE);
        }
        open = !end;
        return xids;
    }

    synchronized boolean isOpen() {
        return open;
    }
}
