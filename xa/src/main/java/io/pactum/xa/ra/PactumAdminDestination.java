package io.pactum.xa.ra;

import jakarta.resource.Referenceable;

import javax.naming.Reference;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the administered {@link PactumQueueAdminObject} and {@link PactumTopicAdminObject} share: the JavaBean
 * {@code name} property a deployer sets in ra.xml's adminobject, the JNDI reference the container binds, and
 * equality by kind and name. The client's own destinations cannot serve, as they are immutable with no no-argument
 * constructor; Pactum sessions accept any Queue or Topic by name, so these work wherever a destination is expected.
 */
public abstract class PactumAdminDestination implements Referenceable, Serializable {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private String name;
    private Reference reference;

    /** {@code kind}: "queue" or "topic", the scheme of {@link #toString}. */
    PactumAdminDestination(String kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
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
        return o instanceof PactumAdminDestination d && kind.equals(d.kind) && Objects.equals(name, d.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return kind + "://" + name;
    }
}
