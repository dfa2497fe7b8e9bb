package io.pactum.jms.jndi;

import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The read-only context {@link PactumInitialContextFactory} returns: a flat set of names taken from the environment
 * (a name may contain {@code /} or {@code .}; it is matched whole) plus the two subcontexts
 * {@code dynamicQueues} and {@code dynamicTopics}, whose every name is a queue or topic of that name. Binding,
 * unbinding, renaming and creating subcontexts throw {@link OperationNotSupportedException}. Changing the environment
 * afterwards does not change what is bound.
 */
final class PactumContext implements Context {
    private static final NameParser PARSER = CompositeName::new;

    private enum Kind { ROOT, DYNAMIC_QUEUES, DYNAMIC_TOPICS }

    private final Kind kind;
    private final Map<String, Object> bindings;
    private final Hashtable<Object, Object> env;

    PactumContext(Map<String, Object> bindings, Hashtable<Object, Object> env) {
        this(Kind.ROOT, Collections.unmodifiableMap(bindings), env);
    }

    private PactumContext(Kind kind, Map<String, Object> bindings, Hashtable<Object, Object> env) {
        this.kind = kind;
        this.bindings = bindings;
        this.env = env;
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name == null) {
            throw new InvalidNameException("name must not be null");
        }
        if (name.isEmpty()) {
            return new PactumContext(kind, bindings, new Hashtable<>(env));
        }
        if (kind != Kind.ROOT) {
            return dynamic(kind, name);
        }
        Object bound = bindings.get(name);
        if (bound != null) {
            return bound;
        }
        int slash = name.indexOf('/');
        String first = slash < 0 ? name : name.substring(0, slash);
        String rest = slash < 0 ? "" : name.substring(slash + 1);
        Kind sub = first.equals(PactumInitialContextFactory.DYNAMIC_QUEUES) ? Kind.DYNAMIC_QUEUES
                : first.equals(PactumInitialContextFactory.DYNAMIC_TOPICS) ? Kind.DYNAMIC_TOPICS : null;
        if (sub != null) {
            if (slash < 0) {
                return new PactumContext(sub, bindings, new Hashtable<>(env));
            }
            if (rest.isEmpty()) {
                throw new InvalidNameException("'" + name + "' names no destination after '" + first + "/'");
            }
            return dynamic(sub, rest);
        }
        if (slash >= 0 && bindings.containsKey(first)) {
            throw new NotContextException("'" + first + "' is not a context, so '" + name + "' cannot be looked up");
        }
        NameNotFoundException e = new NameNotFoundException("'" + name + "' is not bound; bound names: "
                + bindings.keySet() + ", plus " + PactumInitialContextFactory.DYNAMIC_QUEUES + "/<queue> and "
                + PactumInitialContextFactory.DYNAMIC_TOPICS + "/<topic>");
        e.setRemainingName(new CompositeName(name));
        throw e;
    }

    private static Object dynamic(Kind kind, String name) throws InvalidNameException {
        try {
            return kind == Kind.DYNAMIC_QUEUES ? new PactumQueue(name) : new PactumTopic(name);
        } catch (IllegalArgumentException e) {
            InvalidNameException ne = new InvalidNameException("'" + name + "': " + e.getMessage());
            ne.setRootCause(e);
            throw ne;
        }
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(string(name));
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        List<NameClassPair> pairs = new ArrayList<>();
        for (Binding b : context(name).entries()) {
            pairs.add(new NameClassPair(b.getName(), b.getClassName()));
        }
        return new Enumeration<>(pairs.iterator());
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(string(name));
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        return new Enumeration<>(context(name).entries().iterator());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(string(name));
    }

    private PactumContext context(String name) throws NamingException {
        Object o = lookup(name);
        if (o instanceof PactumContext c) {
            return c;
        }
        throw new NotContextException("'" + name + "' is a " + o.getClass().getName() + ", not a context");
    }

    /** What this context lists: the configured names, and at the root the two dynamic subcontexts. */
    private List<Binding> entries() {
        List<Binding> entries = new ArrayList<>();
        if (kind == Kind.ROOT) {
            bindings.forEach((n, o) -> entries.add(new Binding(n, o)));
            entries.add(new Binding(PactumInitialContextFactory.DYNAMIC_QUEUES,
                    new PactumContext(Kind.DYNAMIC_QUEUES, bindings, new Hashtable<>(env))));
            entries.add(new Binding(PactumInitialContextFactory.DYNAMIC_TOPICS,
                    new PactumContext(Kind.DYNAMIC_TOPICS, bindings, new Hashtable<>(env))));
        }
        return entries;
    }

    private static String string(Name name) throws InvalidNameException {
        if (name == null) {
            throw new InvalidNameException("name must not be null");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(name.get(i));
        }
        return sb.toString();
    }

    private OperationNotSupportedException readOnly(String what) {
        return new OperationNotSupportedException("the Pactum JNDI context is read-only (" + what
                + "); configure names through the environment or jndi.properties");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly("bind");
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly("bind");
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly("rebind");
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly("rebind");
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly("unbind");
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly("unbind");
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly("rename");
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly("rename");
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly("destroySubcontext");
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly("destroySubcontext");
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly("createSubcontext");
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly("createSubcontext");
    }

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "/" + name;
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        return env.put(propName, propVal);
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        return env.remove(propName);
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        return new Hashtable<>(env);
    }

    @Override
    public void close() {
    }

    @Override
    public String getNameInNamespace() {
        return switch (kind) {
            case ROOT -> "";
            case DYNAMIC_QUEUES -> PactumInitialContextFactory.DYNAMIC_QUEUES;
            case DYNAMIC_TOPICS -> PactumInitialContextFactory.DYNAMIC_TOPICS;
        };
    }

    @Override
    public String toString() {
        return "PactumContext[" + (kind == Kind.ROOT ? bindings.keySet() : getNameInNamespace()) + "]";
    }

    private static final class Enumeration<T> implements NamingEnumeration<T> {
        private final Iterator<T> it;

        Enumeration(Iterator<T> it) {
            this.it = it;
        }

        @Override
        public T next() {
            if (!it.hasNext()) {
                throw new NoSuchElementException();
            }
            return it.next();
        }

        @Override
        public boolean hasMore() {
            return it.hasNext();
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasMoreElements() {
            return it.hasNext();
        }

        @Override
        public T nextElement() {
            return next();
        }
    }
}
