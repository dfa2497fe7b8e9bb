package io.pactum.broker.selector;

import io.pactum.protocol.WireMessage;

/**
 * What a selector may look at in a message: its properties and the six header fields the specification allows in a
 * selector (Jakarta Messaging 3.1, 3.8.1.1). Implementations must be cheap: a selector calls these once per reference
 * per evaluation.
 */
public interface SelectorContext {

    /**
     * The value of a message property, or null when the message has no such property. Values are Boolean, Byte,
     * Short, Integer, Long, Float, Double or String; any other type is treated as incomparable with everything.
     * JMSX properties such as JMSXDeliveryCount and JMSXGroupID are properties.
     */
    Object property(String name);

    /** JMSDeliveryMode as the selector sees it: "PERSISTENT" or "NON_PERSISTENT". */
    String deliveryMode();

    /** JMSPriority, 0 to 9. */
    int priority();

    /** JMSMessageID, or null. */
    String messageId();

    /** JMSTimestamp in milliseconds (0 when the producer disabled timestamps). */
    long timestamp();

    /** JMSCorrelationID, or null. */
    String correlationId();

    /** JMSType, or null. */
    String type();

    /** A view of a wire message; {@code JMSXDeliveryCount} is {@code deliveryCount}, other properties come from it. */
    static SelectorContext of(WireMessage w, int deliveryCount) {
        return new SelectorContext() {
            @Override
            public Object property(String name) {
                if ("JMSXDeliveryCount".equals(name)) {
                    return deliveryCount;
                }
                return w.properties == null ? null : w.properties.get(name);
            }

            @Override
            public String deliveryMode() {
                return w.deliveryMode == WireMessage.NON_PERSISTENT ? "NON_PERSISTENT" : "PERSISTENT";
            }

            @Override
            public int priority() {
                return w.priority;
            }

            @Override
            public String messageId() {
                return w.messageId;
            }

            @Override
            public long timestamp() {
                return w.timestamp;
            }

            @Override
            public String correlationId() {
                return w.correlationId;
            }

            @Override
            public String type() {
                return w.type;
            }
        };
    }
}
