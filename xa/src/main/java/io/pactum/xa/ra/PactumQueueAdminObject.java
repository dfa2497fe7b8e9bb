package io.pactum.xa.ra;

import jakarta.jms.Queue;
import jakarta.resource.Referenceable;

import javax.naming.Reference;
import java.io.Serializable;
import java.util.Objects;

/**
 * The administered queue a deployer configures with ra.xml's adminobject (a JavaBean with a {@code name} property).
 * The client's own {@code io.pactum.jms.PactumQueue} cannot be one, as it is immutable with no no-argument constructor;
 * Pactum sessions accept any Queue by name, so this one works wherever a destination is expected.
 */
public class PactumQueueAdminObject implements Queue, Referenceable, Serializable {
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
    public String getQueueName() {
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
        return o instanceof PactumQueueAdminObject && Objects.equals(name, ((PactumQueueAdminObject) o).name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "queue://" + name;
    }
}
