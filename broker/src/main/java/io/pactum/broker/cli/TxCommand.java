package io.pactum.broker.cli;

import io.pactum.jms.PactumConnection;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;
import jakarta.jms.JMSException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code pactum tx}: what an administrator needs when a transaction manager is gone for good: see the XA branches
 * the broker holds, decide a prepared one heuristically, and forget a decision once nobody needs it any more.
 */
@Command(name = "tx", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List XA transaction branches; heuristically commit or roll back a prepared one; forget a decision.")
final class TxCommand {
    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every XA branch: XID, state, age and what it holds (sends and acknowledgements per queue).")
    int list(@Mixin ClientOptions client) {
        PrintWriter out = spec.commandLine().getOut();
        try (PactumConnection connection = client.connection()) {
            List<XaCommands.BranchInfo> branches = connection.listTransactions();
            int width = Math.max(3, branches.stream().mapToInt(b -> b.xid().toString().length()).max().orElse(0));
            out.printf("%-" + width + "s %-18s %10s  %s%n", "XID", "STATE", "AGE", "HOLDS");
            for (XaCommands.BranchInfo b : branches) {
                out.printf("%-" + width + "s %-18s %10s  %s%n", b.xid(), b.state(), age(b.ageMillis()), b.holds());
            }
            out.flush();
        } catch (JMSException e) {
            throw CliException.because("listing transactions failed", e);
        }
        return PactumCli.EXIT_OK;
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = "Heuristically commit a prepared branch; the transaction manager is told XA_HEURCOM later.")
    int commit(@Mixin ClientOptions client, @Parameters(paramLabel = "XID", description = "formatId:gtrid-hex:bqual-hex, as listed") String xid) {
        return decide(client, xid, true);
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Heuristically roll back a prepared branch; the transaction manager is told XA_HEURRB later.")
    int rollback(@Mixin ClientOptions client, @Parameters(paramLabel = "XID", description = "formatId:gtrid-hex:bqual-hex, as listed") String xid) {
        return decide(client, xid, false);
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "Drop the record of a heuristically completed branch.")
    int forget(@Mixin ClientOptions client, @Parameters(paramLabel = "XID", description = "formatId:gtrid-hex:bqual-hex, as listed") String xid) {
        WireXid x = parse(xid);
        try (PactumConnection connection = client.connection()) {
            connection.forgetTransaction(x);
        } catch (JMSException e) {
            throw CliException.because("forget of " + xid + " failed", e);
        }
        spec.commandLine().getOut().printf("forgot %s%n", x);
        spec.commandLine().getOut().flush();
        return PactumCli.EXIT_OK;
    }

    private int decide(ClientOptions client, String xid, boolean commit) {
        WireXid x = parse(xid);
        try (PactumConnection connection = client.connection()) {
            connection.decideTransaction(x, commit);
        } catch (JMSException e) {
            throw CliException.because((commit ? "commit" : "rollback") + " of " + xid + " failed", e);
        }
        spec.commandLine().getOut().printf("%s %s heuristically; forget it once the transaction manager has seen it%n",
                x, commit ? "committed" : "rolled back");
        spec.commandLine().getOut().flush();
        return PactumCli.EXIT_OK;
    }

    private static WireXid parse(String xid) {
        try {
            return WireXid.parse(xid);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static String age(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toDays() > 0) {
            return d.toDays() + "d" + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "." + d.toMillisPart() / 100 + "s";
    }
}
