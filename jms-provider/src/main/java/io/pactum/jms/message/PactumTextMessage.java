package io.pactum.jms.message;

import io.pactum.protocol.WireMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.TextMessage;

/** A {@link TextMessage}; the body is sent as UTF-8 (see {@link BodyCodec}). */
public class PactumTextMessage extends PactumMessage implements TextMessage {
    private String text;

    public PactumTextMessage() {
    }

    public PactumTextMessage(String text) {
        this.text = text;
    }

    @Override
    public void setText(String text) throws JMSException {
        checkBodyWritable();
        this.text = text;
    }

    void setTextUnchecked(String text) {
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public void clearBody() throws JMSException {
        text = null;
        super.clearBody();
    }

    /** The text if {@code c} is String or a supertype of it; null (for any type) when the text is null. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (text == null) {
            return null;
        }
        if (c == null || !c.isAssignableFrom(String.class)) {
            throw new MessageFormatException("a TextMessage body cannot be assigned to " + c);
        }
        return c.cast(text);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return text == null || (c != null && c.isAssignableFrom(String.class));
    }

    @Override
    protected byte bodyType() {
        return WireMessage.BODY_TEXT;
    }

    @Override
    protected byte[] encodeBody() {
        return BodyCodec.encodeText(text);
    }

    @Override
    protected void decodeBody(byte[] body) {
        text = BodyCodec.decodeText(body);
    }

    @Override
    protected void copyBodyFrom(Message foreign) throws JMSException {
        text = ((TextMessage) foreign).getText();
    }
}
