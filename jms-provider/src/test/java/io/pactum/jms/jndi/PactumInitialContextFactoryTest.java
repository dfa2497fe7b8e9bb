package io.pactum.jms.jndi;

import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XAQueueConnectionFactory;
import jakarta.jms.XATopicConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.InvalidNameException;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.NotContextException;
import javax.naming.OperationNotSupportedException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PactumInitialContextFactoryTest {

    private static Hashtable<String, Object> env(String... keyValues) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, PactumInitialContextFactory.class.getName());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void providerUrlBindsConnectionFactory() throws Exception {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "tcp://broker.example:61799?clientID=orders"));
        ConnectionFactory cf = (ConnectionFactory) ctx.lookup("ConnectionFactory");
        PactumConnectionFactory pcf = assertInstanceOf(PactumConnectionFactory.class, cf);
        assertEquals("tcp://broker.example:61799?clientID=orders", pcf.getBrokerURL());
        assertEquals("broker.example", pcf.brokerUrl().host());
        assertEquals(61799, pcf.brokerUrl().port());
        assertEquals("orders", pcf.brokerUrl().clientId());
    }

    @Test
    void withoutProviderUrlConnectionFactoryUsesTheDefaultUrl() throws Exception {
        InitialContext ctx = new InitialContext(env());
        PactumConnectionFactory cf = (PactumConnectionFactory) ctx.lookup("ConnectionFactory");
        assertEquals("tcp://127.0.0.1:61700", cf.getBrokerURL());
    }

    @Test
    void providerUrlBindsXaConnectionFactory() throws Exception {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "tcp://broker.example:61799?clientID=tm"));
        PactumXAConnectionFactory xa = assertInstanceOf(PactumXAConnectionFactory.class,
                ctx.lookup("XAConnectionFactory"));
        assertInstanceOf(XAConnectionFactory.class, xa);
        assertInstanceOf(XAQueueConnectionFactory.class, xa);
        assertInstanceOf(XATopicConnectionFactory.class, xa);
        assertEquals("tcp://broker.example:61799?clientID=tm", xa.getBrokerURL());
        assertEquals("tm", xa.brokerUrl().clientId());
        // the plain name stays a plain factory
        assertFalse(ctx.lookup("ConnectionFactory") instanceof XAConnectionFactory);
    }

    @Test
    void withoutProviderUrlXaConnectionFactoryUsesTheDefaultUrl() throws Exception {
        InitialContext ctx = new InitialContext(env());
        assertEquals("tcp://127.0.0.1:61700", ((PactumXAConnectionFactory) ctx.lookup("XAConnectionFactory")).getBrokerURL());
    }

    @Test
    void namedXaConnectionFactories() throws Exception {
        InitialContext ctx = new InitialContext(env("xaConnectionFactory.jms/xa", "tcp://10.0.0.5:61701?prefetch=7"));
        PactumXAConnectionFactory xa = assertInstanceOf(PactumXAConnectionFactory.class, ctx.lookup("jms/xa"));
        assertEquals(7, xa.brokerUrl().prefetch());
        NamingException e = assertThrows(NamingException.class,
                () -> new InitialContext(env("xaConnectionFactory.bad", "http://nope")));
        assertInstanceOf(ConfigurationException.class, e);
        assertTrue(e.getMessage().contains("xaConnectionFactory.bad"), e.getMessage());
    }

    @Test
    void namedConnectionFactories() throws Exception {
        InitialContext ctx = new InitialContext(env(
                "connectionFactory.ordersCF", "tcp://10.0.0.5:61701?prefetch=10",
                "connectionFactory.jms/billing", "ssl://billing:61702"));
        PactumConnectionFactory orders = (PactumConnectionFactory) ctx.lookup("ordersCF");
        assertEquals("tcp://10.0.0.5:61701?prefetch=10", orders.getBrokerURL());
        assertEquals(10, orders.brokerUrl().prefetch());
        PactumConnectionFactory billing = (PactumConnectionFactory) ctx.lookup("jms/billing");
        assertEquals("ssl", billing.brokerUrl().scheme());
        assertEquals(61702, billing.brokerUrl().port());
    }

    @Test
    void explicitConnectionFactoryEntryOverridesProviderUrl() throws Exception {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "tcp://a:1",
                "connectionFactory.ConnectionFactory", "tcp://b:2"));
        assertEquals("tcp://b:2", ((PactumConnectionFactory) ctx.lookup("ConnectionFactory")).getBrokerURL());
    }

    @Test
    void queuesAndTopics() throws Exception {
        InitialContext ctx = new InitialContext(env(
                "queue.orders", "orders.incoming",
                "queue.jms/queue/invoices", "invoices",
                "topic.prices", "market.prices"));
        Queue orders = (Queue) ctx.lookup("orders");
        assertEquals(new PactumQueue("orders.incoming"), orders);
        assertEquals("orders.incoming", orders.getQueueName());
        assertEquals(new PactumQueue("invoices"), ctx.lookup("jms/queue/invoices"));
        assertEquals(new PactumQueue("invoices"), ctx.lookup(new CompositeName("jms/queue/invoices")));
        Topic prices = (Topic) ctx.lookup("prices");
        assertEquals(new PactumTopic("market.prices"), prices);
        assertEquals("market.prices", prices.getTopicName());
    }

    @Test
    void dynamicQueuesAndTopicsNeedNoConfiguration() throws Exception {
        InitialContext ctx = new InitialContext(env());
        assertEquals(new PactumQueue("orders"), ctx.lookup("dynamicQueues/orders"));
        assertEquals(new PactumQueue("a.b.c"), ctx.lookup("dynamicQueues/a.b.c"));
        assertEquals(new PactumTopic("prices"), ctx.lookup("dynamicTopics/prices"));
        assertEquals(new PactumTopic("prices"), ctx.lookup(new CompositeName("dynamicTopics/prices")));
        Context queues = (Context) ctx.lookup("dynamicQueues");
        assertEquals(new PactumQueue("x"), queues.lookup("x"));
        assertEquals("dynamicQueues", queues.getNameInNamespace());
        assertThrows(InvalidNameException.class, () -> ctx.lookup("dynamicQueues/"));
    }

    @Test
    void unknownNameIsNameNotFound() throws Exception {
        InitialContext ctx = new InitialContext(env("queue.orders", "orders"));
        NameNotFoundException e = assertThrows(NameNotFoundException.class, () -> ctx.lookup("nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(NameNotFoundException.class, () -> ctx.lookup("jms/nope"));
        assertThrows(NotContextException.class, () -> ctx.lookup("orders/more"));
    }

    @Test
    void malformedUrlFailsWithCause() {
        NamingException e = assertThrows(NamingException.class,
                () -> new InitialContext(env(Context.PROVIDER_URL, "http://wrong:80")));
        assertInstanceOf(ConfigurationException.class, e);
        assertTrue(e.getMessage().contains(Context.PROVIDER_URL), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());

        NamingException e2 = assertThrows(NamingException.class,
                () -> new InitialContext(env("connectionFactory.bad", "tcp://host:61700?prefetch=lots")));
        assertTrue(e2.getMessage().contains("connectionFactory.bad"), e2.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e2.getCause());

        NamingException e3 = assertThrows(NamingException.class,
                () -> new InitialContext(env("connectionFactory.bad", "tcp://host:61700?typo=1")));
        assertTrue(e3.getMessage().contains("typo"), e3.getMessage());
    }

    @Test
    void emptyDestinationNameIsAConfigurationError() {
        NamingException e = assertThrows(NamingException.class, () -> new InitialContext(env("queue.q", " ")));
        assertTrue(e.getMessage().contains("queue.q"), e.getMessage());
        assertThrows(NamingException.class, () -> new InitialContext(env("queue.", "q")));
    }

    @Test
    void contextIsReadOnly() throws Exception {
        InitialContext ctx = new InitialContext(env());
        Object q = new PactumQueue("q");
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind("q", q));
        assertThrows(OperationNotSupportedException.class, () -> ctx.rebind("q", q));
        assertThrows(OperationNotSupportedException.class, () -> ctx.unbind("ConnectionFactory"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.rename("ConnectionFactory", "cf"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.createSubcontext("sub"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.destroySubcontext("dynamicQueues"));
        assertThrows(OperationNotSupportedException.class, () -> ctx.bind(new CompositeName("q"), q));
    }

    @Test
    void listAndListBindings() throws Exception {
        InitialContext ctx = new InitialContext(env(Context.PROVIDER_URL, "tcp://127.0.0.1:61700",
                "queue.orders", "orders", "topic.prices", "prices"));
        Map<String, String> listed = new TreeMap<>();
        NamingEnumeration<NameClassPair> names = ctx.list("");
        while (names.hasMore()) {
            NameClassPair p = names.next();
            listed.put(p.getName(), p.getClassName());
        }
        assertEquals(PactumConnectionFactory.class.getName(), listed.get("ConnectionFactory"));
        assertEquals(PactumXAConnectionFactory.class.getName(), listed.get("XAConnectionFactory"));
        assertEquals(PactumQueue.class.getName(), listed.get("orders"));
        assertEquals(PactumTopic.class.getName(), listed.get("prices"));
        assertTrue(listed.containsKey("dynamicQueues"));
        assertTrue(listed.containsKey("dynamicTopics"));
        assertEquals(6, listed.size(), listed.toString());

        List<Object> objects = new ArrayList<>();
        NamingEnumeration<Binding> bindings = ctx.listBindings("");
        while (bindings.hasMore()) {
            Binding b = bindings.next();
            if (b.getName().equals("orders")) {
                objects.add(b.getObject());
            }
        }
        assertEquals(List.of(new PactumQueue("orders")), objects);

        assertFalse(ctx.list("dynamicQueues").hasMore());
        assertThrows(NotContextException.class, () -> ctx.list("orders"));
        assertThrows(NameNotFoundException.class, () -> ctx.listBindings("nope"));
    }

    @Test
    void emptyNameReturnsAContext() throws Exception {
        InitialContext ctx = new InitialContext(env("queue.orders", "orders"));
        Context self = (Context) ctx.lookup("");
        assertEquals(new PactumQueue("orders"), self.lookup("orders"));
        assertEquals("", self.getNameInNamespace());
    }

    @Test
    void propertiesFromJndiPropertiesOnTheClasspath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jndi.properties"), String.join("\n",
                "java.naming.factory.initial=" + PactumInitialContextFactory.class.getName(),
                "java.naming.provider.url=tcp://from-file:61705",
                "queue.fileQueue=file.queue",
                "topic.fileTopic=file.topic",
                ""));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            Thread.currentThread().setContextClassLoader(loader);
            // No environment at all: InitialContext finds jndi.properties through the context class loader.
            InitialContext ctx = new InitialContext();
            assertEquals("tcp://from-file:61705",
                    ((PactumConnectionFactory) ctx.lookup("ConnectionFactory")).getBrokerURL());
            assertEquals(new PactumQueue("file.queue"), ctx.lookup("fileQueue"));
            assertEquals(new PactumTopic("file.topic"), ctx.lookup("fileTopic"));

            // The Hashtable wins over the file for the same key; entries only in the file still arrive.
            Hashtable<String, Object> env = new Hashtable<>();
            env.put("queue.fileQueue", "from.env");
            InitialContext merged = new InitialContext(env);
            assertEquals(new PactumQueue("from.env"), merged.lookup("fileQueue"));
            assertEquals(new PactumTopic("file.topic"), merged.lookup("fileTopic"));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void environmentIsCopiedAndEditable() throws Exception {
        InitialContext ctx = new InitialContext(env("queue.orders", "orders"));
        assertEquals("orders", ctx.getEnvironment().get("queue.orders"));
        ctx.addToEnvironment("custom", "v");
        assertEquals("v", ctx.getEnvironment().get("custom"));
        assertEquals("v", ctx.removeFromEnvironment("custom"));
        assertEquals("dynamicQueues/x", ((Context) ctx.lookup("")).composeName("x", "dynamicQueues"));
    }

    @Test
    void factoryCanBeUsedDirectly() throws Exception {
        Context ctx = new PactumInitialContextFactory().getInitialContext(null);
        assertInstanceOf(PactumConnectionFactory.class, ctx.lookup("ConnectionFactory"));
        assertEquals(new PactumQueue("q"), ctx.lookup("dynamicQueues/q"));
    }
}
