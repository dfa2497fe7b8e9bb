package io.pactum.jms.xa;

import io.pactum.protocol.WireXid;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryScanTest {
    private static final WireXid X1 = new WireXid(1, new byte[]{1}, new byte[]{1});
    private static final WireXid X2 = new WireXid(1, new byte[]{2}, new byte[0]);

    private final RecoveryScan scan = new RecoveryScan();
    private final AtomicInteger fetches = new AtomicInteger();
    private final RecoveryScan.Source broker = () -> {
        fetches.incrementAndGet();
        return List.of(X1, X2);
    };

    @Test
    void startReturnsEverythingThenTheScanHasNothingMore() throws XAException {
        Xid[] first = scan.next(XAResource.TMSTARTRSCAN, broker);
        assertArrayEquals(new Xid[]{X1, X2}, first);
        assertInstanceOf(WireXid.class, first[0]);
        assertTrue(scan.isOpen());
        assertEquals(0, scan.next(XAResource.TMNOFLAGS, broker).length);
        assertEquals(0, scan.next(XAResource.TMNOFLAGS, broker).length);
        assertEquals(0, scan.next(XAResource.TMENDRSCAN, broker).length);
        assertFalse(scan.isOpen());
        assertEquals(1, fetches.get());
    }

    @Test
    void startAndEndTogetherIsOneCompleteScan() throws XAException {
        assertEquals(2, scan.next(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN, broker).length);
        assertFalse(scan.isOpen());
        assertEquals(XAException.XAER_INVAL,
                assertThrows(XAException.class, () -> scan.next(XAResource.TMNOFLAGS, broker)).errorCode);
    }

    @Test
    void withoutAnOpenScanOnlyStartIsValid() {
        for (int flags : new int[]{XAResource.TMNOFLAGS, XAResource.TMENDRSCAN}) {
            XAException e = assertThrows(XAException.class, () -> scan.next(flags, broker));
            assertEquals(XAException.XAER_INVAL, e.errorCode);
            assertTrue(e.getMessage().contains("TMSTARTRSCAN"), e.getMessage());
        }
        assertEquals(0, fetches.get());
    }

    @Test
    void startAgainRestartsTheScan() throws XAException {
        scan.next(XAResource.TMSTARTRSCAN, broker);
        assertEquals(2, scan.next(XAResource.TMSTARTRSCAN, broker).length);
        assertEquals(2, fetches.get());
    }

    @Test
    void invalidFlagsLeaveTheScanAsItWas() throws XAException {
        scan.next(XAResource.TMSTARTRSCAN, broker);
        assertEquals(XAException.XAER_INVAL,
                assertThrows(XAException.class, () -> scan.next(XAResource.TMJOIN, broker)).errorCode);
        assertTrue(scan.isOpen());
    }

    @Test
    void aFailedFetchOpensNoScan() {
        RecoveryScan.Source down = () -> {
            throw XaErrors.xa(XAException.XAER_RMFAIL, "down", null);
        };
        assertEquals(XAException.XAER_RMFAIL,
                assertThrows(XAException.class, () -> scan.next(XAResource.TMSTARTRSCAN, down)).errorCode);
        assertFalse(scan.isOpen());
    }
}
