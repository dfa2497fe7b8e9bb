package io.pactum.broker.cli;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** How {@code receive} and {@code browse} print a message: a text body as it is, anything else as a one-line summary. */
final class Messages {
    private Messages() {
    }

    static String show(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return t.getText() == null ? "[TextMessage with null text, " + m.getJMSMessageID() + "]" : t.getText();
        }
        String id = m.getJMSMessageID();
        if (m instanceof BytesMessage b) {
            return "[BytesMessage, " + b.getBodyLength() + " bytes, " + id + "]";
        }
        if (m instanceof MapMessage map) {
            List<String> names = new ArrayList<>();
            Enumeration<?> e = map.getMapNames();
            while (e.hasMoreElements()) {
                names.add(String.valueOf(e.nextElement()));
            }
            names.sort(null);
            return "[MapMessage, keys " + names + ", " + id + "]";
        }
        if (m instanceof ObjectMessage) {
            // Not deserialized: printing must never run a stranger's classes.
            return "[ObjectMessage, " + id + "]";
        }
        if (m instanceof StreamMessage) {
            return "[StreamMessage, " + id + "]";
        }
        return "[Message without body, " + id + "]";
    }
}
