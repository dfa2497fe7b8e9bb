package io.pactum.samples.hello;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelloPactumTest {
    @TempDir
    Path data;

    @Test
    void sampleSendsAndReceivesThroughJndi() throws Exception {
        try (Broker broker = Broker.start(new BrokerConfig().port(0).dataDir(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String received = HelloPactum.run("tcp://127.0.0.1:" + broker.port(), new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals("Hello from Pactum", received);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("received: Hello from Pactum"));
        }
    }
}
