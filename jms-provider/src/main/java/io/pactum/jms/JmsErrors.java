package io.pactum.jms;

import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/**
 * The one table from broker error codes to JMS exceptions, and from checked JMS exceptions to their
 * {@link JMSRuntimeException} twins for the simplified API.
 */
public final class JmsErrors {
    private JmsErrors() {
    }

    public static JMSException fromBroker(Commands.Error e) {
        String msg = e.message();
        String code = e.code().name();
        JMSException ex = switch (e.code()) {
            case ILLEGAL_STATE -> new IllegalStateException(msg, code);
            case INVALID_DESTINATION -> new InvalidDestinationException(msg, code);
            case INVALID_SELECTOR -> new InvalidSelectorException(msg, code);
            case INVALID_CLIENT_ID -> new InvalidClientIDException(msg, code);
            case SECURITY -> new JMSSecurityException(msg, code);
            case MESSAGE_FORMAT -> new MessageFormatException(msg, code);
            case TRANSACTION_ROLLED_BACK -> new TransactionRolledBackException(msg, code);
            case RESOURCE_ALLOCATION, MESSAGE_TOO_LARGE -> new ResourceAllocationException(msg, code);
            default -> new JMSException(msg, code);
        };
        return ex;
    }

    /** The unchecked twin of a checked JMS exception, as the simplified API requires. */
    /** A call of the classic API, for the simplified API's unchecked wrappers. */
    @FunctionalInterface
    public interface JmsCall<T> {
        T call() throws JMSException;
    }

    /** A call of the classic API without a result. */
    @FunctionalInterface
    public interface JmsAction {
        void run() throws JMSException;
    }

    /** Runs {@code call}, turning a {@code JMSException} into its unchecked twin (see {@link #toRuntime}). */
    public static <T> T unchecked(JmsCall<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw toRuntime(e);
        }
    }

    /** Like {@link #unchecked(JmsCall)}, for a call without a result. */
    public static void uncheckedRun(JmsAction action) {
        try {
            action.run();
        } catch (JMSException e) {
            throw toRuntime(e);
        }
    }

    public static JMSRuntimeException toRuntime(JMSException e) {
        String msg = e.getMessage();
        String code = e.getErrorCode();
        JMSRuntimeException r;
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(msg, code, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(msg, code, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(msg, code, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(msg, code, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(msg, code, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(msg, code, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(msg, code, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(msg, code, e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(msg, code, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(msg, code, e);
        } else {
            r = new JMSRuntimeException(msg, code, e);
        }
        return r;
    }

    public static JMSException wrap(String message, Throwable cause) {
        if (cause instanceof JMSException j) {
            return j;
        }
        JMSException e = new JMSException(message + ": " + cause.getMessage());
        e.setLinkedException(cause instanceof Exception x ? x : new Exception(cause));
        e.initCause(cause);
        return e;
    }

    public static JMSException connectionLost(String reason) {
        return new JMSException("connection to the broker lost: " + reason, ErrorCode.GENERIC.name());
    }
}
