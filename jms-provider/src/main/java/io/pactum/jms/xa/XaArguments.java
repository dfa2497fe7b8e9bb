package io.pactum.jms.xa;

import io.pactum.protocol.WireXid;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The flags and xids each {@link XAResource} call accepts. Anything else is refused with XAER_INVAL before a byte is
 * sent, so a transaction manager's mistake never reaches the broker as an odd command.
 */
final class XaArguments {
    private XaArguments() {
    }

    /** The wire copy of {@code xid}; null or malformed (empty or oversized ids) is XAER_INVAL. */
    static WireXid xid(Xid xid) throws XAException {
        if (xid == null) {
            throw XaErrors.xa(XAException.XAER_INVAL, "xid must not be null", null);
        }
        try {
            return WireXid.of(xid);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw XaErrors.xa(XAException.XAER_INVAL, "invalid xid: " + e.getMessage(), e);
        }
    }

    static void checkStart(int flags) throws XAException {
        if (flags != XAResource.TMNOFLAGS && flags != XAResource.TMJOIN && flags != XAResource.TMRESUME) {
            throw invalid("start", flags, "TMNOFLAGS, TMJOIN or TMRESUME");
        }
    }

    static void checkEnd(int flags) throws XAException {
        if (flags != XAResource.TMSUCCESS && flags != XAResource.TMFAIL && flags != XAResource.TMSUSPEND) {
            throw invalid("end", flags, "TMSUCCESS, TMFAIL or TMSUSPEND");
        }
    }

    static void checkRecover(int flags) throws XAException {
        if ((flags & ~(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) != 0) {
            throw invalid("recover", flags, "TMNOFLAGS, TMSTARTRSCAN, TMENDRSCAN or both scan flags");
        }
    }

    private static XAException invalid(String call, int flags, String allowed) {
        return XaErrors.xa(XAException.XAER_INVAL, call + " takes " + allowed + ", not " + name(flags), null);
    }

    /** The flag names in {@code flags}, for messages: {@code TMSTARTRSCAN|TMENDRSCAN}, or hex for unknown bits. */
    static String name(int flags) {
        if (flags == XAResource.TMNOFLAGS) {
            return "TMNOFLAGS";
        }
        StringBuilder sb = new StringBuilder();
        int rest = flags;
        int[] bits = {XAResource.TMJOIN, XAResource.TMRESUME, XAResource.TMSUCCESS, XAResource.TMFAIL,
                XAResource.TMSUSPEND, XAResource.TMSTARTRSCAN, XAResource.TMENDRSCAN, XAResource.TMONEPHASE};
        String[] names = {"TMJOIN", "TMRESUME", "TMSUCCESS", "TMFAIL", "TMSUSPEND", "TMSTARTRSCAN", "TMENDRSCAN",
                "TMONEPHASE"};
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                sb.append(sb.length() > 0 ? "|" : "").append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
