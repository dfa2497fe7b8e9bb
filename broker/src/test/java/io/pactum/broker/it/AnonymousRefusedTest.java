package io.pactum.broker.it;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** A broker that requires credentials refuses connections without them. */
class AnonymousRefusedTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker(c -> {
        c.usersFile = AuthenticationTest.usersFile();
        c.allowAnonymous = false;
    });

    @Test
    void anonymousIsRefusedWhenDisallowed() throws Exception {
        assertThrows(JMSSecurityException.class, () -> broker.factory().createConnection());
        assertThrows(JMSSecurityRuntimeException.class, () -> broker.factory().createContext());
        try (Connection c = broker.factory().createConnection("alice", "s3cret")) {
            c.start();
        }
    }
}
