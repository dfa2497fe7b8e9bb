package io.pactum.broker.cli;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code pactum receive}: consumes messages and prints their bodies, one per line. */
@Command(name = "receive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Receive (consume) messages and print each body on standard output.",
                "Text bodies are printed as they are; other message types as a one-line summary.",
                "From a topic, only messages sent after the command subscribed arrive."})
final class ReceiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DestinationOptions destination;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "How many messages to receive (default ${DEFAULT-VALUE}); 0 receives until none arrives "
                    + "within --timeout.")
    int count;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for each message (default ${DEFAULT-VALUE}); 0 waits for ever.")
    long timeoutSeconds;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws JMSException {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must not be negative");
        }
        if (timeoutSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must not be negative");
        }
        if (count == 0 && timeoutSeconds == 0) {
            throw new ParameterException(spec.commandLine(), "--count 0 needs a --timeout above 0 to ever finish");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int received = 0;
        try (JMSContext context = client.connect(JMSContext.AUTO_ACKNOWLEDGE);
             JMSConsumer consumer = context.createConsumer(destination.create(context))) {
            while (count == 0 || received < count) {
                Message m = timeoutSeconds == 0 ? consumer.receive() : consumer.receive(timeoutSeconds * 1000);
                if (m == null) {
                    break;
                }
                out.println(Messages.show(m));
                out.flush();
                received++;
            }
        } catch (JMSException | JMSRuntimeException e) {
            throw CliException.because("receiving from " + destination.describe() + " failed after " + received
                    + " message(s)", e);
        }
        if (count != 0 && received < count) {
            err.println("Received " + received + " of " + count + " message(s) from " + destination.describe()
                    + "; none arrived within " + timeoutSeconds + " s.");
            err.flush();
            return PactumCli.EXIT_TIMEOUT;
        }
        return PactumCli.EXIT_OK;
    }
}
