package io.pactum.broker.cli;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client commands against a real broker started in-process on an ephemeral loopback port. */
class CliEndToEndTest {
    @TempDir
    Path dataDir;

    private Broker broker;
    private String url;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dataDir));
        url = "tcp://127.0.0.1:" + broker.port();
    }

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sendThenReceive() {
        CliRun sent = CliRun.run("send", "--url", url, "--queue", "orders", "--text", "hello");
        assertEquals(0, sent.exitCode(), sent.err());
        assertTrue(sent.err().contains("Sent 1 message to queue orders"), sent.err());

        CliRun received = CliRun.run("receive", "--url", url, "--queue", "orders", "--timeout", "30");
        assertEquals(0, received.exitCode(), received.err());
        assertEquals("hello" + System.lineSeparator(), received.out());
    }

    @Test
    void queuesListsDepthAndConsumers() {
        assertEquals(0, CliRun.run("send", "--url", url, "--queue", "listed", "--text", "x", "--count", "3").exitCode());
        CliRun queues = CliRun.run("queues", "--url", url);
        assertEquals(0, queues.exitCode(), queues.err());
        assertTrue(queues.out().lines().anyMatch(l -> l.matches("listed\\s+3\\s+0\\s+0\\s+0\\s+[1-9][0-9]*\\s+0\\s+block 30s")), queues.out());
    }

    @Test
    void linesFromStandardInputInOrder() {
        CliRun sent = CliRun.runWithInput("one\ntwo\nthree\n", "send", "--url", url, "--queue", "lines",
                "--non-persistent");
        assertEquals(0, sent.exitCode(), sent.err());
        assertTrue(sent.err().contains("Sent 3 messages"), sent.err());

        CliRun received = CliRun.run("receive", "--url", url, "--queue", "lines", "--count", "3", "--timeout", "30");
        assertEquals(0, received.exitCode(), received.err());
        assertEquals(String.join(System.lineSeparator(), "one", "two", "three", ""), received.out());
    }

    @Test
    void countRepeatsTheText() {
        assertEquals(0, CliRun.run("send", "--url", url, "--queue", "rep", "--text", "x", "--count", "4").exitCode());
        CliRun received = CliRun.run("receive", "--url", url, "--queue", "rep", "--count", "0", "--timeout", "2");
        assertEquals(0, received.exitCode(), received.err());
        assertEquals(4, received.out().lines().count(), received.out());
    }

    @Test
    void browseLeavesMessagesInPlace() {
        assertEquals(0, CliRun.run("send", "--url", url, "--queue", "b", "--text", "kept").exitCode());
        CliRun browsed = CliRun.run("browse", "--url", url, "--queue", "b");
        assertEquals(0, browsed.exitCode(), browsed.err());
        assertEquals("kept" + System.lineSeparator(), browsed.out());
        assertTrue(browsed.err().contains("1 message on queue b"), browsed.err());
        CliRun received = CliRun.run("receive", "--url", url, "--queue", "b", "--timeout", "30");
        assertEquals("kept" + System.lineSeparator(), received.out());
    }

    @Test
    void receiveFromAnEmptyQueueTimesOutWithExitCode3() {
        CliRun received = CliRun.run("receive", "--url", url, "--queue", "empty", "--timeout", "1");
        assertEquals(3, received.exitCode(), received.err());
        assertEquals("", received.out());
        assertTrue(received.err().contains("Received 0 of 1"), received.err());
    }
}
