package io.pactum.jms;

import io.pactum.protocol.Destination;

import java.io.Serializable;
import java.util.Objects;

/**
 * Base of Pactum's JMS destinations. Destinations are plain value objects (they can be bound in JNDI and
 * serialized); the broker creates the queue or topic on first use.
 */
public abstract class PactumDestination implements jakarta.jms.Destination, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;

    protected PactumDestination(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("destination name must not be empty");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    public abstract Destination.Kind kind();

    public Destination toWire() {
        return new Destination(kind(), name);
    }

    /** The JMS object for a wire destination; temporary destinations come back without their owning connection. */
    public static PactumDestination fromWire(Destination d) {
        if (d == null) {
            return null;
        }
        return switch (d.kind()) {
            case QUEUE -> new PactumQueue(d.name());
            case TOPIC -> new PactumTopic(d.name());
            case TEMP_QUEUE -> new PactumTemporaryQueue(d.name(), null);
            case TEMP_TOPIC -> new PactumTemporaryTopic(d.name(), null);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PactumDestination d && d.kind() == kind() && d.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind(), name);
    }

    @Override
    public String toString() {
        return toWire().toString();
    }
}
