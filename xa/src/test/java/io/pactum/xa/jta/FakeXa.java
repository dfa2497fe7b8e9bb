package io.pactum.xa.jta;

import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnectionFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of an XA connection factory that records, in order, what the code under test does with it:
 * "connect", "session", XA calls ("start TMNOFLAGS", "end TMSUCCESS", "prepare", "commit", "rollback", "recover"),
 * "send", "receive", "close session", "close connection". {@link #down} makes connecting fail.
 */
final class FakeXa {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    volatile boolean down;
    volatile ExceptionListener listener;

    XAConnectionFactory factory() {
        return (XAConnectionFactory) fake(XAConnectionFactory.class, (m, a) -> {
            if (m.startsWith("createXAConnection")) {
                if (down) {
                    throw new JMSException("connection refused");
                }
                connects.incrementAndGet();
                calls.add("connect");
                return connection();
            }
            if (m.startsWith("createXAContext")) {
                calls.add("connect");
                return context();
            }
            throw new UnsupportedOperationException(m);
        });
    }

    private Object connection() {
        return fake(jakarta.jms.XAConnection.class, (m, a) -> {
            switch (m) {
                case "createXASession":
                    calls.add("session");
                    return session();
                case "setExceptionListener":
                    listener = (ExceptionListener) a[0];
                    return null;
                case "close":
                    calls.add("close connection");
                    return null;
                default:
                    throw new UnsupportedOperationException(m);
            }
        });
    }

    private Object context() {
        XAResource resource = new Resource();
        return fake(jakarta.jms.XAJMSContext.class, (m, a) -> {
            switch (m) {
                case "getXAResource":
                    return resource;
                case "createProducer":
                    return fake(jakarta.jms.JMSProducer.class, (pm, pa) -> {
                        calls.add(pm);
                        return null;
                    });
                case "close":
                    calls.add("close context");
                    return null;
                default:
                    throw new UnsupportedOperationException(m);
            }
        });
    }

    private Object session() {
        XAResource resource = new Resource();
        return fake(jakarta.jms.XASession.class, (m, a) -> {
            switch (m) {
                case "getXAResource":
                    return resource;
                case "createProducer":
                    return fake(jakarta.jms.MessageProducer.class, (pm, pa) -> {
                        calls.add(pm);
                        return null;
                    });
                case "createConsumer":
                    return fake(jakarta.jms.MessageConsumer.class, (pm, pa) -> {
                        calls.add(pm);
                        return null;
                    });
                case "close":
                    calls.add("close session");
                    return null;
                default:
                    throw new UnsupportedOperationException(m);
            }
        });
    }

    interface Behaviour {
        Object call(String method, Object[] args) throws Exception;
    }

    private static Object fake(Class<?> type, Behaviour behaviour) {
        return Proxy.newProxyInstance(FakeXa.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "fake " + type.getSimpleName();
                default:
                    try {
                        return behaviour.call(method.getName(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        });
    }

    private static String flag(int flags) {
        switch (flags) {
            case XAResource.TMNOFLAGS:
                return "TMNOFLAGS";
            case XAResource.TMJOIN:
                return "TMJOIN";
            case XAResource.TMSUCCESS:
                return "TMSUCCESS";
            case XAResource.TMFAIL:
                return "TMFAIL";
            default:
                return Integer.toString(flags);
        }
    }

    /** One resource manager: isSameRM with every fake resource, as all sessions of one broker are. */
    private final class Resource implements XAResource {
        @Override
        public void start(Xid xid, int flags) {
            calls.add("start " + flag(flags));
        }

        @Override
        public void end(Xid xid, int flags) {
            calls.add("end " + flag(flags));
        }

        @Override
        public int prepare(Xid xid) {
            calls.add("prepare");
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
            calls.add(onePhase ? "commit one-phase" : "commit");
        }

        @Override
        public void rollback(Xid xid) {
            calls.add("rollback");
        }

        @Override
        public Xid[] recover(int flag) {
            calls.add("recover");
            return new Xid[0];
        }

        @Override
        public void forget(Xid xid) throws XAException {
            throw new XAException(XAException.XAER_NOTA);
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other instanceof Resource;
        }

        @Override
        public int getTransactionTimeout() {
            return 0;
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            return false;
        }
    }
}
