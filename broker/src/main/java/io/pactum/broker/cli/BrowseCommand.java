package io.pactum.broker.cli;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Enumeration;
import java.util.concurrent.Callable;

/** {@code pactum browse}: prints the messages waiting on a queue without consuming them. */
@Command(name = "browse", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the messages waiting on a queue, oldest first, without consuming them.")
final class BrowseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "Queue name.")
    String queue;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws JMSException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int seen = 0;
        try (JMSContext context = client.connect(JMSContext.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = context.createBrowser(context.createQueue(queue))) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                out.println(Messages.show((Message) messages.nextElement()));
                seen++;
            }
            out.flush();
        } catch (JMSException | JMSRuntimeException e) {
            throw CliException.because("browsing queue " + queue + " failed", e);
        }
        err.println(seen + (seen == 1 ? " message" : " messages") + " on queue " + queue + ".");
        err.flush();
        return PactumCli.EXIT_OK;
    }
}
