package io.pactum.broker.cli;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code pactum send}: text messages from {@code --text} or from standard input, one message per line. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send text messages to a queue or topic.",
                "With --text, sends that text --count times; otherwise sends each line of standard input "
                        + "(at most --count lines when given)."})
final class SendCommand implements Callable<Integer> {
    @ParentCommand
    PactumCli cli;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DestinationOptions destination;

    @Option(names = "--text", paramLabel = "TEXT", description = "The message text; without it, lines of standard input.")
    String text;

    @Option(names = "--count", paramLabel = "N",
            description = "With --text: how many copies to send (default 1). From standard input: stop after N lines.")
    Integer count;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Delivery delivery;

    @Mixin
    ClientOptions client;

    static final class Delivery {
        @Option(names = "--persistent", required = true, description = "Persistent delivery (the default).")
        boolean persistent;

        @Option(names = "--non-persistent", required = true,
                description = "Non-persistent delivery: faster, may be lost if the broker stops.")
        boolean nonPersistent;
    }

    boolean persistent() {
        return delivery == null || !delivery.nonPersistent;
    }

    @Override
    public Integer call() throws IOException {
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1, not " + count);
        }
        PrintWriter err = spec.commandLine().getErr();
        int sent = 0;
        try (JMSContext context = client.connect(JMSContext.AUTO_ACKNOWLEDGE)) {
            Destination dest = destination.create(context);
            JMSProducer producer = context.createProducer()
                    .setDeliveryMode(persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            try {
                if (text != null) {
                    int n = count == null ? 1 : count;
                    for (; sent < n; sent++) {
                        producer.send(dest, text);
                    }
                } else {
                    if (System.console() != null && cli.in() == System.in) {
                        err.println("Reading messages from standard input, one per line; end with Ctrl-D.");
                        err.flush();
                    }
                    BufferedReader lines = new BufferedReader(new InputStreamReader(cli.in(), StandardCharsets.UTF_8));
                    String line;
                    while ((count == null || sent < count) && (line = lines.readLine()) != null) {
                        producer.send(dest, line);
                        sent++;
                    }
                }
            } catch (JMSRuntimeException e) {
                throw CliException.because("sending to " + destination.describe() + " failed after " + sent
                        + " message(s)", e);
            }
        }
        err.println("Sent " + sent + (sent == 1 ? " message" : " messages") + " to " + destination.describe() + ".");
        err.flush();
        return PactumCli.EXIT_OK;
    }
}
