package io.pactum.jms.message;

import io.pactum.protocol.WireMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

import java.io.IOException;
import java.io.Serializable;

/**
 * An {@link ObjectMessage}. The object is serialized when it is set, so later changes to it do not alter the
 * message, and deserialized afresh by every {@link #getObject()} through the thread context class loader.
 */
public class PactumObjectMessage extends PactumMessage implements ObjectMessage {
    private static final System.Logger LOG = System.getLogger(PactumObjectMessage.class.getName());

    /** The Java serialization of the object; null when there is no object. Never mutated, only replaced. */
    private byte[] serialized;

    public PactumObjectMessage() {
    }

    public PactumObjectMessage(Serializable object) throws JMSException {
        setObject(object);
    }

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        try {
            serialized = BodyCodec.serialize(object);
        } catch (IOException | RuntimeException e) {
            MessageFormatException mfe = new MessageFormatException("cannot serialize object of "
                    + object.getClass().getName() + ": " + e);
            mfe.setLinkedException(e);
            mfe.initCause(e);
            throw mfe;
        }
    }

    /** A new copy of the object, deserialized with the thread context class loader; null when there is none. */
    @Override
    public Serializable getObject() throws JMSException {
        try {
            return BodyCodec.deserialize(serialized);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ObjectMessage body does not deserialize", e);
            MessageFormatException mfe = new MessageFormatException("cannot deserialize the ObjectMessage body: " + e);
            mfe.setLinkedException(e);
            mfe.initCause(e);
            throw mfe;
        }
    }

    /** The serialized bytes of the body (a copy), or null. */
    public byte[] getSerializedObject() {
        return serialized == null ? null : serialized.clone();
    }

    @Override
    public void clearBody() throws JMSException {
        serialized = null;
        super.clearBody();
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (serialized == null) {
            return null;
        }
        Serializable o = getObject();
        if (o == null) {
            return null;
        }
        if (c == null || !c.isInstance(o)) {
            throw new MessageFormatException("the ObjectMessage body (" + o.getClass().getName()
                    + ") cannot be assigned to " + c);
        }
        return c.cast(o);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        if (serialized == null) {
            return true;
        }
        Serializable o;
        try {
            o = getObject();
        } catch (JMSException e) {
            return false;
        }
        return o == null || (c != null && c.isInstance(o));
    }

    @Override
    protected byte bodyType() {
        return WireMessage.BODY_OBJECT;
    }

    @Override
    protected byte[] encodeBody() {
        return serialized;
    }

    @Override
    protected void decodeBody(byte[] body) {
        serialized = body;
    }

    @Override
    protected void copyBodyFrom(Message foreign) throws JMSException {
        setObject(((ObjectMessage) foreign).getObject());
    }
}
