package io.pactum.xa.ra;

import jakarta.jms.Topic;
import jakarta.resource.Referenceable;

import javax.naming.Reference;
import java.io.Serializable;
import java.util.Objects;

/**
 * The administered topic a deployer configures with ra.xml's adminobject (a JavaBean with a {@code name} property).
 * The client's own {@code io.pactum.jms.PactumTopic} cannot be one, as it is immutable with no no-argument constructor;
 * Pactum sessions accept any Topic by name, so this one works wherever a destination is expected.
 */
public class PactumTopicAdminObject implements Topic, Referenceable, Serializable {
    private static final long serialVersionUID = 1L;

    private String name;
    private Reference reference;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public String getTopicName() {
        return name;
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PactumTopicAdminObject && Objects.equals(name, ((PactumTopicAdminObject) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "topic://" + name;
    }
}
