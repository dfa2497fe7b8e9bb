package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectMessageClassLoaderTest {

    public record Invoice(String number, long cents) implements Serializable {
    }

    /** Records the classes it is asked for and delegates; a stand-in for an application's class loader. */
    static final class RecordingLoader extends ClassLoader {
        final List<String> asked = new ArrayList<>();

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    /** Knows no classes at all: an application loader that cannot see the body's class. */
    static final class BlindLoader extends ClassLoader {
        BlindLoader() {
            super(null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            throw new ClassNotFoundException(name);
        }
    }

    static PactumObjectMessage received(Serializable o) throws JMSException {
        return (PactumObjectMessage) PactumMessage.fromWire(new PactumObjectMessage(o).toWire(), 1, false);
    }

    @Test
    void getObjectResolvesClassesThroughTheThreadContextClassLoader() throws JMSException {
        PactumObjectMessage m = received(new Invoice("A-1", 995));
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
        t.setContextClassLoader(loader);
        try {
            assertEquals(new Invoice("A-1", 995), m.getObject());
        } finally {
            t.setContextClassLoader(old);
        }
        assertTrue(loader.asked.contains(Invoice.class.getName()), loader.asked.toString());
    }

    @Test
    void fallsBackToTheDefaultResolutionWhenTheContextLoaderCannotSeeTheClass() throws JMSException {
        PactumObjectMessage m = received(new Invoice("A-2", 1));
        Thread t = Thread.currentThread();
        ClassLoader old = t.getContextClassLoader();
        t.setContextClassLoader(new BlindLoader());
        try {
            assertEquals(new Invoice("A-2", 1), m.getObject());
        } finally {
            t.setContextClassLoader(old);
        }
    }

    @Test
    void aClassNobodyKnowsIsAClearFormatError() throws Exception {
        // serialize an object, then rename its class in the stream to one that does not exist
        byte[] bytes = BodyCodec.serialize(new Invoice("A-3", 2));
        String from = Invoice.class.getName();
        String to = from.replace("Invoice", "Invoize");
        byte[] patched = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        io.pactum.protocol.WireMessage w = new PactumObjectMessage().toWire();
        w.body = patched;
        PactumObjectMessage m = (PactumObjectMessage) PactumMessage.fromWire(w, 1, false);
        MessageFormatException e = assertThrows(MessageFormatException.class, m::getObject);
        assertTrue(e.getLinkedException() instanceof ClassNotFoundException, String.valueOf(e.getLinkedException()));
        assertTrue(e.getMessage().contains("Invoize"), e.getMessage());
        assertFalse(m.isBodyAssignableTo(Serializable.class));
    }

    /** A message built on a delivering thread is used, complete, on an application thread. */
    @Test
    void receivedMessagesCanBeHandedToAnotherThread() throws Exception {
        BlockingQueue<PactumMessage> handoff = new ArrayBlockingQueue<>(100);
        ExecutorService delivery = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    try {
                        PactumMapMessage m = new PactumMapMessage();
                        m.setInt("i", i);
                        m.setStringProperty("p", "v" + i);
                        handoff.put(PactumMessage.fromWire(m.toWire(), 1 + i % 3, i % 3 > 0));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            }, delivery);
            for (int i = 0; i < 100; i++) {
                PactumMapMessage m = (PactumMapMessage) handoff.poll(10, TimeUnit.SECONDS);
                assertEquals(i, m.getInt("i"));
                assertEquals("v" + i, m.getStringProperty("p"));
                assertEquals(1 + i % 3, m.getIntProperty("JMSXDeliveryCount"));
                assertEquals(i % 3 > 0, m.getJMSRedelivered());
            }
            produced.get(10, TimeUnit.SECONDS);
        } finally {
            delivery.shutdownNow();
        }
    }
}
