package io.pactum.xa.ra;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

/**
 * A broker and a started resource adapter pointing at it, for the inbound tests beyond {@link InboundTest}: they
 * differ in the broker's configuration and share the sending and receiving.
 */
final class InboundFixture implements AutoCloseable {
    final Broker broker;
    final PactumResourceAdapter ra;

    InboundFixture(BrokerConfig config) throws Exception {
        broker = Broker.start(config);
        ra = new PactumResourceAdapter();
        ra.setConnectionURL(url());
        ra.start(new FakeBootstrapContext());
    }

    String url() {
        return "tcp://127.0.0.1:" + broker.port();
    }

    /** A queue spec with a quick reconnect, as a test wants. */
    static PactumActivationSpec queue(String name) {
        PactumActivationSpec spec = new PactumActivationSpec();
        spec.setDestination(name);
        spec.setDestinationType("jakarta.jms.Queue");
        spec.setReconnectIntervalMillis(100L);
        spec.setMaxReconnectIntervalMillis(500L);
        return spec;
    }

    void send(String queue, String... texts) {
        try (JMSContext c = new PactumConnectionFactory(url()).createContext()) {
            for (String t : texts) {
                c.createProducer().send(c.createQueue(queue), t);
            }
        }
    }

    /** The next message's body, or null after the timeout. */
    String receive(String queue, long timeoutMillis) {
        try (JMSContext c = new PactumConnectionFactory(url()).createContext();
             JMSConsumer consumer = c.createConsumer(c.createQueue(queue))) {
            return consumer.receiveBody(String.class, timeoutMillis);
        }
    }

    static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static int deliveryCount(Message m) {
        try {
            return m.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ra.stop();
        broker.close();
    }
}
