package io.pactum.broker.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PactumCliTest {

    @Test
    void noArgumentsPrintsUsage() {
        CliRun r = CliRun.run();
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Usage: pactum"), r.out());
        for (String command : new String[] {"broker", "send", "receive", "browse"}) {
            assertTrue(r.out().contains(command), "usage lists " + command + ": " + r.out());
        }
    }

    @Test
    void helpOfEachCommand() {
        for (String command : new String[] {"broker", "send", "receive", "browse"}) {
            CliRun r = CliRun.run(command, "--help");
            assertEquals(0, r.exitCode(), command);
            assertTrue(r.out().contains("Usage: pactum " + command), r.out());
        }
        assertTrue(CliRun.run("broker", "--help").out().contains("--journal-segment-size"));
    }

    @Test
    void versionOption() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("pactum "), r.out());
    }

    @Test
    void badFlagsGiveUsageAndExitCode2() {
        String[][] bad = {
                {"nosuchcommand"},
                {"zzz"},
                {"send", "--queue", "q", "--text", "x", "--bogus"},
                {"send", "--text", "x"},                                   // no destination
                {"send", "--queue", "q", "--topic", "t", "--text", "x"},  // both
                {"send", "--queue", "q", "--text", "x", "--persistent", "--non-persistent"},
                {"send", "--queue", "q", "--text", "x", "--count", "0"},
                {"send", "--queue", "q", "--count", "many"},
                {"receive"},
                {"receive", "--queue", "q", "--count", "-1"},
                {"receive", "--queue", "q", "--timeout", "soon"},
                {"receive", "--queue", "q", "--count", "0", "--timeout", "0"},
                {"browse"},
                {"broker", "--port", "99999"},
                {"broker", "--port", "http"},
                {"broker", "--journal-sync", "maybe"},
                {"broker", "--journal-sync"},
                {"broker", "--journal-segment-size", "12XB"},
                {"broker", "--max-frame-size", "8GB"},
                {"broker", "--auto-create-queues", "yes"},
                {"broker", "--bind", ""},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().contains("Usage: pactum") || r.err().contains("Did you mean"),
                    "usage (or a suggestion) shown for " + String.join(" ", args) + ": " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void sendOptionsParse() {
        SendCommand send = CliRun.parsed("send", "--url", "tcp://h:1234", "--queue", "orders", "--text", "hi",
                "--count", "5", "--non-persistent", "--user", "u", "--password", "p");
        assertEquals("tcp://h:1234", send.client.url);
        assertEquals("orders", send.destination.queue);
        assertNull(send.destination.topic);
        assertEquals("hi", send.text);
        assertEquals(5, send.count);
        assertFalse(send.persistent());
        assertEquals("u", send.client.user);
        assertEquals("p", send.client.password);
        assertEquals("queue orders", send.destination.describe());
    }

    @Test
    void sendDefaults() {
        SendCommand send = CliRun.parsed("send", "--topic", "prices");
        assertEquals("tcp://127.0.0.1:61700", send.client.url);
        assertEquals("prices", send.destination.topic);
        assertNull(send.text);
        assertNull(send.count);
        assertTrue(send.persistent());
        assertTrue(((SendCommand) CliRun.parsed("send", "--topic", "t", "--persistent")).persistent());
        assertNull(send.client.user);
    }

    @Test
    void receiveAndBrowseOptionsParse() {
        ReceiveCommand receive = CliRun.parsed("receive", "--queue", "orders");
        assertEquals(1, receive.count);
        assertEquals(10, receive.timeoutSeconds);
        assertEquals("tcp://127.0.0.1:61700", receive.client.url);
        ReceiveCommand r2 = CliRun.parsed("receive", "--topic", "t", "--count", "0", "--timeout", "3",
                "--url", "tcp://x:1");
        assertEquals(0, r2.count);
        assertEquals(3, r2.timeoutSeconds);
        assertEquals("t", r2.destination.topic);
        BrowseCommand browse = CliRun.parsed("browse", "--queue", "orders", "--url", "tcp://x:2");
        assertEquals("orders", browse.queue);
        assertEquals("tcp://x:2", browse.client.url);
    }

    @Test
    void verboseIsAcceptedBeforeOrAfterTheCommand() {
        CommandLine cl = CliRun.parse("-v", "browse", "--queue", "q");
        assertTrue(((PactumCli) cl.getCommand()).verbose());
        cl = CliRun.parse("browse", "--queue", "q", "--verbose");
        assertTrue(((PactumCli) cl.getCommand()).verbose(), "inherited option sets the top command's field");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableBrokerIsOneLineAndExitCode1() throws IOException {
        String url = "tcp://127.0.0.1:" + closedPort();
        for (String[] args : new String[][] {
                {"send", "--url", url, "--queue", "q", "--text", "x"},
                {"receive", "--url", url, "--queue", "q", "--timeout", "1"},
                {"browse", "--url", url, "--queue", "q"}}) {
            CliRun r = CliRun.run(args);
            assertEquals(1, r.exitCode(), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains("cannot connect to the broker at " + url), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        String url = "tcp://127.0.0.1:" + closedPort();
        CliRun r = CliRun.run("send", "--verbose", "--url", url, "--queue", "q", "--text", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cannot connect to the broker at " + url), r.err());
        assertTrue(r.err().contains("\tat "), "stack trace with --verbose: " + r.err());
    }

    @Test
    void malformedUrlIsOneLine() {
        CliRun r = CliRun.run("send", "--url", "http://x:1", "--queue", "q", "--text", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("tcp://"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void describeFindsTheRootCause() {
        Exception e = new RuntimeException("outer", new IllegalStateException("Connection refused"));
        assertEquals("outer: Connection refused", PactumCli.describe(e));
        assertEquals("mine", PactumCli.describe(new CliException("mine")));
        jakarta.jms.JMSException jms = new jakarta.jms.JMSException("connect failed");
        jms.setLinkedException(new java.net.ConnectException("Connection refused"));
        assertEquals("x: Connection refused", CliException.because("x", jms).getMessage());
        assertEquals("NullPointerException", PactumCli.describe(new NullPointerException()));
    }

    @Test
    void hashPasswordPrintsAUsersFileLineThatVerifies() {
        CliRun run = CliRun.run("hash-password", "alice", "--password=s3cret");
        org.junit.jupiter.api.Assertions.assertEquals(0, run.exitCode(), run.err());
        String line = run.out().trim();
        org.junit.jupiter.api.Assertions.assertTrue(line.startsWith("alice=pbkdf2-sha256:"), line);
        io.pactum.broker.security.PasswordHash hash =
                io.pactum.broker.security.PasswordHash.parse(line.substring("alice=".length()));
        org.junit.jupiter.api.Assertions.assertTrue(hash.matches("s3cret".toCharArray()));
        org.junit.jupiter.api.Assertions.assertFalse(hash.matches("s3cret!".toCharArray()));
        org.junit.jupiter.api.Assertions.assertFalse(line.contains("s3cret"), "the password itself is not printed");
    }
}
