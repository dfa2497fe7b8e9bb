package io.pactum.xa.ra;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * What an EJB container does for a message-driven bean, reduced to the transaction handling: with a transaction
 * manager, deliveries are transacted (begin and enlist in beforeDelivery, rollback-only on a RuntimeException,
 * commit or rollback in afterDelivery); without one they are not.
 */
final class FakeEndpointFactory implements MessageEndpointFactory {
    private final TransactionManager tm;
    private final Consumer<Message> bean;

    FakeEndpointFactory(TransactionManager tm, Consumer<Message> bean) {
        this.tm = tm;
        this.bean = bean;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        return new Endpoint(xaResource);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return tm != null;
    }

    @Override
    public String getActivationName() {
        return "fake-mdb";
    }

    @Override
    public Class<?> getEndpointClass() {
        return MessageListener.class;
    }

    private final class Endpoint implements MessageEndpoint, MessageListener {
        private final XAResource xaResource;

        Endpoint(XAResource xaResource) {
            this.xaResource = xaResource;
        }

        @Override
        public void beforeDelivery(Method method) {
            try {
                tm.begin();
                tm.getTransaction().enlistResource(xaResource);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onMessage(Message message) {
            try {
                bean.accept(message);
            } catch (RuntimeException e) {
                if (tm != null) {
                    try {
                        tm.setRollbackOnly();
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                }
                throw e;
            }
        }

        @Override
        public void afterDelivery() {
            try {
                if (tm.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                    tm.rollback();
                } else {
                    tm.commit();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void release() {
        }
    }
}
