package io.pactum.samples.hello;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.PrintStream;
import java.util.Hashtable;

/**
 * The smallest useful Pactum program: look the connection factory and a queue up in JNDI, send a persistent text
 * message, and receive it back. Run a broker first ({@code bin/pactum broker}), then
 * {@code mvn -B -q -DskipTests install} and
 * {@code mvn -B -q -pl samples exec:java -Dexec.mainClass=io.pactum.samples.hello.HelloPactum}
 * (an optional argument gives another broker URL).
 */
public final class HelloPactum {
    private HelloPactum() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "tcp://127.0.0.1:61700";
        run(url, System.out);
    }

    /** Sends one message to the queue {@code hello} and returns the text received back. */
    public static String run(String url, PrintStream out) throws NamingException, JMSException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "io.pactum.jms.jndi.PactumInitialContextFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put("queue.hello", "hello");
        InitialContext jndi = new InitialContext(env);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
            Queue queue = (Queue) jndi.lookup("hello");
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(queue).send(session.createTextMessage("Hello from Pactum"));
                out.println("sent to " + queue.getQueueName());
                MessageConsumer consumer = session.createConsumer(queue);
                connection.start();
                TextMessage reply = (TextMessage) consumer.receive(10_000);
                String text = reply == null ? null : reply.getText();
                out.println(text == null ? "nothing received within 10 s" : "received: " + text);
                return text;
            }
        } finally {
            jndi.close();
        }
    }
}
