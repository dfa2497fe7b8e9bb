package io.pactum.jms.xa;

import io.pactum.protocol.WireXid;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XaArgumentsTest {
    private static final int[] ALL = {XAResource.TMNOFLAGS, XAResource.TMJOIN, XAResource.TMRESUME,
            XAResource.TMSUCCESS, XAResource.TMFAIL, XAResource.TMSUSPEND, XAResource.TMSTARTRSCAN,
            XAResource.TMENDRSCAN, XAResource.TMONEPHASE, XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN,
            XAResource.TMJOIN | XAResource.TMRESUME, 0x1, -1};

    interface Check {
        void check(int flags) throws XAException;
    }

    private static void assertAccepts(Check check, int... accepted) {
        for (int flags : ALL) {
            boolean ok = false;
            for (int a : accepted) {
                ok |= a == flags;
            }
            if (ok) {
                assertDoesNotThrow(() -> check.check(flags), XaArguments.name(flags));
            } else {
                XAException e = assertThrows(XAException.class, () -> check.check(flags), XaArguments.name(flags));
                assertEquals(XAException.XAER_INVAL, e.errorCode, XaArguments.name(flags));
                assertTrue(e.getMessage().contains(XaArguments.name(flags)), e.getMessage());
            }
        }
    }

    @Test
    void startTakesNoFlagsJoinOrResume() {
        assertAccepts(XaArguments::checkStart, XAResource.TMNOFLAGS, XAResource.TMJOIN, XAResource.TMRESUME);
    }

    @Test
    void endTakesSuccessFailOrSuspend() {
        assertAccepts(XaArguments::checkEnd, XAResource.TMSUCCESS, XAResource.TMFAIL, XAResource.TMSUSPEND);
    }

    @Test
    void recoverTakesTheScanFlags() {
        assertAccepts(XaArguments::checkRecover, XAResource.TMNOFLAGS, XAResource.TMSTARTRSCAN,
                XAResource.TMENDRSCAN, XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
    }

    @Test
    void flagNames() {
        assertEquals("TMNOFLAGS", XaArguments.name(XAResource.TMNOFLAGS));
        assertEquals("TMSTARTRSCAN|TMENDRSCAN", XaArguments.name(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
        assertEquals("TMJOIN|0x1", XaArguments.name(XAResource.TMJOIN | 1));
    }

    @Test
    void nullOrMalformedXidIsInvalid() throws XAException {
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> XaArguments.xid(null)).errorCode);
        Xid empty = xid(1, new byte[0], new byte[0]);
        XAException e = assertThrows(XAException.class, () -> XaArguments.xid(empty));
        assertEquals(XAException.XAER_INVAL, e.errorCode);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        Xid nullGtrid = xid(1, null, new byte[0]);
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> XaArguments.xid(nullGtrid)).errorCode);
        Xid tooLong = xid(1, new byte[1], new byte[Xid.MAXBQUALSIZE + 1]);
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> XaArguments.xid(tooLong)).errorCode);
        assertEquals(new WireXid(7, new byte[]{1}, new byte[]{2}), XaArguments.xid(xid(7, new byte[]{1}, new byte[]{2})));
    }

    /** A transaction manager's own Xid implementation. */
    static Xid xid(int format, byte[] gtrid, byte[] bqual) {
        return new Xid() {
            public int getFormatId() {
                return format;
            }

            public byte[] getGlobalTransactionId() {
                return gtrid;
            }

            public byte[] getBranchQualifier() {
                return bqual;
            }
        };
    }
}
