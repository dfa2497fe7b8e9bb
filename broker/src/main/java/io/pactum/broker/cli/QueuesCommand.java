package io.pactum.broker.cli;

import io.pactum.jms.PactumConnection;
import io.pactum.protocol.Commands;
import jakarta.jms.JMSException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pactum queues}: one line per queue with its depth, in-flight count and consumers. */
@Command(name = "queues", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the broker's queues: messages waiting, delivered but unsettled, consumers, waiting messages "
                + "paged out to the journal, and bytes waiting.")
final class QueuesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PactumConnection connection = client.connection()) {
            List<Commands.QueueInfo> queues = connection.listQueues();
            int width = Math.max(5, queues.stream().mapToInt(q -> q.name().length()).max().orElse(0));
            out.printf("%-" + width + "s %10s %10s %10s %10s %10s %10s  %s%n", "QUEUE", "WAITING", "IN-FLIGHT",
                    "CONSUMERS", "PAGED", "BYTES", "DROPPED", "POLICY");
            for (Commands.QueueInfo q : queues) {
                out.printf("%-" + width + "s %10d %10d %10d %10s %10s %10s  %s%n", q.name(), q.depth(), q.inFlight(),
                        q.consumers(), known(q.paged()), known(q.bytes()), known(q.dropped()),
                        q.policy() == null ? "?" : q.policy());
            }
            out.flush();
        } catch (JMSException e) {
            throw CliException.because("listing queues failed", e);
        }
        return PactumCli.EXIT_OK;
    }

    /** A figure an older broker does not report (-1) shows as {@code ?}. */
    private static String known(long n) {
        return n < 0 ? "?" : Long.toString(n);
    }
}
