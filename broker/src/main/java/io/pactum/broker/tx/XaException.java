package io.pactum.broker.tx;

import io.pactum.broker.BrokerException;
import io.pactum.protocol.ErrorCode;

import javax.transaction.xa.XAException;

/** An XA failure: travels as {@link ErrorCode#XA} with the {@link XAException} error code the client rethrows. */
public final class XaException extends BrokerException {

    public XaException(int xaCode, String message) {
        super(ErrorCode.XA, xaCode, message);
    }

    public int xaCode() {
        return detail();
    }

    /** Whether the code says the branch was rolled back (XA_RB*), which also ends the caller's association. */
    public boolean rolledBack() {
        return xaCode() >= XAException.XA_RBBASE && xaCode() <= XAException.XA_RBEND;
    }

    static XaException nota(Object xid) {
        return new XaException(XAException.XAER_NOTA, "unknown transaction branch " + xid);
    }

    static XaException proto(String message) {
        return new XaException(XAException.XAER_PROTO, message);
    }
}
