package io.pactum.broker.it;

import io.pactum.broker.security.PasswordHash;
import jakarta.jms.Connection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Users with hashed passwords; wrong credentials are a JMSSecurityException; anonymous access as configured. */
class AuthenticationTest {
    /** A users file with alice / s3cret. */
    static Path usersFile() {
        try {
            Path f = Files.createTempFile("pactum-users", ".properties");
            Files.writeString(f, "alice=" + PasswordHash.create("s3cret".toCharArray()) + "\n");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RegisterExtension
    final RunningBroker open = new RunningBroker(c -> c.usersFile = usersFile());

    @Test
    void knownUserWithRightPasswordConnectsAndWorks() throws Exception {
        try (Connection c = open.factory().createConnection("alice", "s3cret")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("alice")).send(s.createTextMessage("from alice"));
        }
        try (Connection c = open.factory("user=alice&password=s3cret").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("alice"));
            c.start();
            assertEquals("from alice", ((TextMessage) consumer.receive(5_000)).getText(),
                    "credentials in the URL work as well as those of createConnection");
        }
    }

    @Test
    void wrongPasswordOrUnknownUserIsRefusedAlike() {
        JMSSecurityException wrong = assertThrows(JMSSecurityException.class,
                () -> open.factory().createConnection("alice", "guess"));
        JMSSecurityException unknown = assertThrows(JMSSecurityException.class,
                () -> open.factory().createConnection("mallory", "s3cret"));
        assertEquals(wrong.getMessage().replace("alice", "X"), unknown.getMessage().replace("mallory", "X"),
                "the error does not tell which part was wrong");
        assertThrows(JMSSecurityRuntimeException.class, () -> open.factory().createContext("alice", "guess"));
    }

    @Test
    void anonymousIsAllowedWhenConfigured() throws Exception {
        try (JMSContext c = open.factory().createContext()) {
            c.createProducer().send(c.createQueue("anon"), "hello");
        }
    }
}
