package io.pactum.jms.jndi;

import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.protocol.Protocol;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * JNDI for plain Java SE applications, in the style Artemis and Qpid JMS users know:
 * <pre>
 * java.naming.factory.initial = io.pactum.jms.jndi.PactumInitialContextFactory
 * java.naming.provider.url    = tcp://127.0.0.1:61700          # binds "ConnectionFactory" and "XAConnectionFactory"
 * connectionFactory.ordersCF  = tcp://broker:61700?clientID=orders
 * xaConnectionFactory.xaCF    = tcp://broker:61700               # a PactumXAConnectionFactory
 * queue.jms/orders            = orders                          # lookup("jms/orders") gives queue "orders"
 * topic.prices                = market.prices
 * </pre>
 * {@code dynamicQueues/<name>} and {@code dynamicTopics/<name>} resolve to a queue or topic of that name without
 * any configuration. Without {@code java.naming.provider.url}, {@code ConnectionFactory} and
 * {@code XAConnectionFactory} point at {@code tcp://127.0.0.1:61700}.
 *
 * <p>The properties come from the environment given to {@code new InitialContext(env)};
 * {@link javax.naming.InitialContext} itself merges in system properties and every {@code jndi.properties} on the
 * classpath before calling this factory, so entries there work too. Every URL is parsed up front: a malformed one
 * fails {@code new InitialContext(...)} with a {@link ConfigurationException} naming the property, its cause
 * attached. The context is read-only.
 */
public class PactumInitialContextFactory implements InitialContextFactory {
    /** Bound to {@code java.naming.provider.url} (or the default URL). */
    public static final String CONNECTION_FACTORY = "ConnectionFactory";
    /** Bound to {@code java.naming.provider.url} (or the default URL), as a {@link PactumXAConnectionFactory}. */
    public static final String XA_CONNECTION_FACTORY = "XAConnectionFactory";
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String XA_CONNECTION_FACTORY_PREFIX = "xaConnectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    public static final String DYNAMIC_QUEUES = "dynamicQueues";
    public static final String DYNAMIC_TOPICS = "dynamicTopics";
    public static final String DEFAULT_URL = "tcp://127.0.0.1:" + Protocol.DEFAULT_PORT;

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Hashtable<Object, Object> env = environment == null ? new Hashtable<>() : new Hashtable<>(environment);
        return new PactumContext(bindings(env), env);
    }

    /** The names the environment asks for, in the order given; later explicit entries win over the defaults. */
    static Map<String, Object> bindings(Hashtable<?, ?> env) throws NamingException {
        Map<String, Object> bindings = new LinkedHashMap<>();
        Object providerUrl = env.get(Context.PROVIDER_URL);
        String url = providerUrl == null ? DEFAULT_URL : string(Context.PROVIDER_URL, providerUrl);
        bindings.put(CONNECTION_FACTORY, connectionFactory(Context.PROVIDER_URL, url));
        bindings.put(XA_CONNECTION_FACTORY, xaConnectionFactory(Context.PROVIDER_URL, url));
        for (Map.Entry<?, ?> e : env.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                continue;
            }
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                bindings.put(jndiName(key, CONNECTION_FACTORY_PREFIX),
                        connectionFactory(key, string(key, e.getValue())));
            } else if (key.startsWith(XA_CONNECTION_FACTORY_PREFIX)) {
                bindings.put(jndiName(key, XA_CONNECTION_FACTORY_PREFIX),
                        xaConnectionFactory(key, string(key, e.getValue())));
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bindings.put(jndiName(key, QUEUE_PREFIX), destination(key, string(key, e.getValue()), true));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bindings.put(jndiName(key, TOPIC_PREFIX), destination(key, string(key, e.getValue()), false));
            }
        }
        return bindings;
    }

    private static PactumConnectionFactory connectionFactory(String key, String url) throws NamingException {
        return factory(key, url, PactumConnectionFactory::new);
    }

    private static PactumXAConnectionFactory xaConnectionFactory(String key, String url) throws NamingException {
        return factory(key, url, PactumXAConnectionFactory::new);
    }

    /** A factory for {@code url}; a malformed URL is a ConfigurationException naming {@code key}. */
    private static <F> F factory(String key, String url, Function<String, F> create) throws NamingException {
        try {
            return create.apply(url);
        } catch (IllegalArgumentException e) {
            ConfigurationException ne = new ConfigurationException(key + ": " + e.getMessage());
            ne.setRootCause(e);
            throw ne;
        }
    }

    private static Object destination(String key, String name, boolean queue) throws NamingException {
        try {
            return queue ? new PactumQueue(name) : new PactumTopic(name);
        } catch (IllegalArgumentException e) {
            ConfigurationException ne = new ConfigurationException(key + ": " + e.getMessage());
            ne.setRootCause(e);
            throw ne;
        }
    }

    private static String jndiName(String key, String prefix) throws ConfigurationException {
        String name = key.substring(prefix.length());
        if (name.isBlank()) {
            throw new ConfigurationException("'" + key + "' has no JNDI name after '" + prefix + "'");
        }
        return name;
    }

    private static String string(String key, Object value) throws ConfigurationException {
        if (value instanceof String s) {
            return s.trim();
        }
        throw new ConfigurationException(key + " must be a String, not " + (value == null ? "null" : value.getClass().getName()));
    }
}
