package io.pactum.xa.jta;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The handler of a JTA session's producers, consumers and browsers (classic and simplified API): sending and
 * receiving are the transactional work, so exactly those calls first join the caller's transaction. Everything else
 * is forwarded; fluent setters return the proxy, not the object behind it.
 */
final class WorkHandler implements InvocationHandler {
    private final Object target;
    private final Enlistment enlistment;

    private WorkHandler(Object target, Enlistment enlistment) {
        this.target = target;
        this.enlistment = enlistment;
    }

    /** Wraps what a JTA session or context created, if it is one of the objects that do its work. */
    static Object wrapIfWorker(Object created, Enlistment enlistment) {
        if (created instanceof jakarta.jms.MessageProducer || created instanceof jakarta.jms.MessageConsumer
                || created instanceof jakarta.jms.QueueBrowser || created instanceof jakarta.jms.JMSProducer
                || created instanceof jakarta.jms.JMSConsumer) {
            return Proxies.proxy(created, new WorkHandler(created, enlistment));
        }
        return created;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return Proxies.objectMethod(proxy, target, method, args);
        }
        String name = method.getName();
        try {
            if (enlistment.isCloseRequested()) {
                if (name.equals("close")) {
                    return null;
                }
                throw new IllegalStateException("the session is closed");
            }
            if (name.startsWith("send") || name.startsWith("publish") || name.startsWith("receive")) {
                enlistment.join();
            }
        } catch (JMSException e) {
            throw Proxies.asDeclared(method, e);
        }
        Object result = Proxies.forward(target, method, args);
        return result == target ? proxy : result;
    }
}
