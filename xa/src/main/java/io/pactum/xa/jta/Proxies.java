package io.pactum.xa.jta;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** What the JTA wrappers' dynamic proxies share: which interfaces to expose, forwarding, and exception types. */
final class Proxies {
    private Proxies() {
    }

    /**
     * A proxy exposing every {@code jakarta.jms} interface of the target except the XA ones: the application gets a
     * plain {@code Session} (also a {@code QueueSession} if the target is one), never the resource behind it.
     */
    static Object proxy(Object target, InvocationHandler handler) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            collect(c.getInterfaces(), interfaces);
        }
        return Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces.toArray(new Class<?>[0]), handler);
    }

    private static void collect(Class<?>[] candidates, Set<Class<?>> into) {
        for (Class<?> i : candidates) {
            if (i.getPackageName().equals("jakarta.jms") && !i.getSimpleName().startsWith("XA")) {
                into.add(i);
            }
            collect(i.getInterfaces(), into);
        }
    }

    /** Calls the target, rethrowing what it threw rather than a reflection wrapper. */
    static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** equals, hashCode and toString of a proxy: identity, and the target's description. */
    static Object objectMethod(Object proxy, Object target, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "Jta[" + target + "]";
        }
    }

    /**
     * The exception a method may throw: the JMSException itself where declared (the classic API), its runtime
     * counterpart otherwise (JMSContext, JMSProducer, JMSConsumer).
     */
    static Exception asDeclared(Method method, JMSException e) {
        if (Arrays.asList(method.getExceptionTypes()).contains(JMSException.class)) {
            return e;
        }
        JMSRuntimeException r;
        if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else {
            r = new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        return r;
    }
}
