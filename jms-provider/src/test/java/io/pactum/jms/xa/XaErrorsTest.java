package io.pactum.jms.xa;

import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XaErrorsTest {
    @Test
    void xaErrorCarriesTheBrokersCodeAndMessage() {
        int[] codes = {XAException.XAER_NOTA, XAException.XAER_PROTO, XAException.XAER_INVAL, XAException.XAER_DUPID,
                XAException.XAER_OUTSIDE, XAException.XA_RBROLLBACK, XAException.XA_RBTIMEOUT, XAException.XA_HEURCOM,
                XAException.XA_HEURRB, XAException.XA_HEURMIX, XAException.XA_HEURHAZ, XAException.XA_RETRY};
        for (int code : codes) {
            XAException x = XaErrors.fromBroker(new Commands.Error(ErrorCode.XA, code, "branch 1:01: says " + code), "commit");
            assertEquals(code, x.errorCode);
            assertEquals("branch 1:01: says " + code, x.getMessage());
        }
    }

    @Test
    void otherBrokerErrorsAreRmErrWithTheJmsExceptionAsCause() {
        XAException x = XaErrors.fromBroker(new Commands.Error(ErrorCode.INVALID_DESTINATION, "no such queue"), "prepare");
        assertEquals(XAException.XAER_RMERR, x.errorCode);
        assertTrue(x.getMessage().contains("prepare") && x.getMessage().contains("no such queue"), x.getMessage());
        assertInstanceOf(InvalidDestinationException.class, x.getCause());
        // an XA error that claims success is no XA error
        assertEquals(XAException.XAER_RMERR, XaErrors.fromBroker(new Commands.Error(ErrorCode.XA, 0, "?"), "end").errorCode);
    }

    @Test
    void aFailedRequestIsRmFailWithItsCause() {
        JMSException lost = new JMSException("connection to the broker lost: connection closed");
        CompletableFuture<Command> f = CompletableFuture.failedFuture(lost);
        XAException x = assertThrows(XAException.class, () -> XaErrors.await(f, "commit"));
        assertEquals(XAException.XAER_RMFAIL, x.errorCode);
        assertSame(lost, x.getCause());
        assertTrue(x.getMessage().contains("connection closed"), x.getMessage());
    }

    @Test
    void awaitReturnsAnswersAndThrowsErrors() throws XAException {
        Command ok = new Commands.Ok();
        assertSame(ok, XaErrors.await(CompletableFuture.completedFuture(ok), "start"));
        XAException x = assertThrows(XAException.class, () -> XaErrors.await(CompletableFuture.completedFuture(
                new Commands.Error(ErrorCode.XA, XAException.XAER_NOTA, "unknown")), "rollback"));
        assertEquals(XAException.XAER_NOTA, x.errorCode);
        assertNull(x.getCause());
    }

    @Test
    void anInterruptDoesNotAbandonTheCall() {
        CompletableFuture<Command> f = new CompletableFuture<>();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            Thread caller = Thread.currentThread();
            caller.interrupt();
            new Thread(() -> {
                // answer only once the interrupted caller is parked waiting for the answer
                await().atMost(java.time.Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.WAITING);
                f.complete(new Commands.Ok());
            }).start();
            assertInstanceOf(Commands.Ok.class, XaErrors.await(f, "prepare"));
            assertTrue(Thread.interrupted(), "the interrupt status is kept");
        });
    }
}
