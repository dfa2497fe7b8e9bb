package io.pactum.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Until TLS exists, an ssl:// URL must fail to connect with a clear security error, never fall back to clear text
 * (which would send the credentials of a user who asked for encryption unprotected). No broker is needed: nothing is
 * sent.
 */
class SslRefusedTest {
    private final PactumConnectionFactory factory = new PactumConnectionFactory("ssl://127.0.0.1:1?user=alice&password=secret");

    @Test
    void aConnectionOverSslIsRefusedBeforeAnythingIsSent() {
        JMSSecurityException e = assertThrows(JMSSecurityException.class, () -> factory.createConnection().close());
        assertTrue(e.getMessage().contains("no TLS yet"), e.getMessage());
    }

    @Test
    void aContextOverSslIsRefusedWithTheRuntimeException() {
        assertThrows(JMSSecurityRuntimeException.class, () -> {
            try (JMSContext ignored = factory.createContext()) {
                // never reached
            }
        });
    }
}
