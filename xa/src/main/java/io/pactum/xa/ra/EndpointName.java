package io.pactum.xa.ra;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * How log messages name a message endpoint: its activation name, plus the endpoint class where the container tells
 * it. Some containers (OpenEJB, for one) return the MDB container's id as the activation name, which is the same for
 * every bean in that container.
 */
final class EndpointName {
    private EndpointName() {
    }

    static String of(MessageEndpointFactory factory) {
        String name = factory.getActivationName();
        Class<?> type;
        try {
            type = factory.getEndpointClass();
        } catch (RuntimeException | AbstractMethodError e) {
            type = null;
        }
        if (type == null || (name != null && name.contains(type.getSimpleName()))) {
            return String.valueOf(name);
        }
        return name + " (" + type.getSimpleName() + ")";
    }
}
