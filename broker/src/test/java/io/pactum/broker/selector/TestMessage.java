package io.pactum.broker.selector;

import java.util.HashMap;
import java.util.Map;

/** A map-backed message for selector tests. */
class TestMessage implements SelectorContext {
    final Map<String, Object> props = new HashMap<>();
    String deliveryMode = "PERSISTENT";
    int priority = 4;
    String messageId = "ID:1";
    long timestamp = 1_000L;
    String correlationId;
    String type;

    static TestMessage with(Object... kv) {
        TestMessage m = new TestMessage();
        for (int i = 0; i < kv.length; i += 2) {
            m.props.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public Object property(String name) {
        return props.get(name);
    }

    @Override
    public String deliveryMode() {
        return deliveryMode;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String messageId() {
        return messageId;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }

    @Override
    public String type() {
        return type;
    }

    /** "T", "F" or "U": the three-valued result of {@code selector}, observed through matches() of it and its NOT. */
    static String truth(String selector, SelectorContext m) {
        try {
            boolean yes = Selector.parse(selector).matches(m);
            boolean no = Selector.parse("NOT (" + selector + ")").matches(m);
            if (yes && no) {
                throw new AssertionError("both TRUE and FALSE: " + selector);
            }
            return yes ? "T" : no ? "F" : "U";
        } catch (SelectorException e) {
            throw new AssertionError(e);
        }
    }
}
