package io.pactum.broker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code pactum} command ({@code bin/pactum}): {@code broker} runs a broker, {@code send}, {@code receive} and
 * {@code browse} talk to one. Exit codes: 0 done, 1 failed (one line on standard error; {@code --verbose} adds the
 * stack trace), 2 bad command line (with usage), 3 {@code receive} timed out.
 */
@Command(name = "pactum", mixinStandardHelpOptions = true, versionProvider = PactumCli.Version.class,
        description = "Pactum: a Jakarta Messaging 3.1 broker and client.",
        subcommands = {BrokerCommand.class, SendCommand.class, ReceiveCommand.class, BrowseCommand.class, QueuesCommand.class,
                HashPasswordCommand.class, TxCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  1  failed (for example: broker unreachable)", "  2  bad command line",
                "  3  receive: fewer messages than --count arrived within --timeout",
                "%nRun 'pactum COMMAND --help' for a command's options."})
public final class PactumCli implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TIMEOUT = 3;
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    private final InputStream in;

    public PactumCli() {
        this(System.in);
    }

    public PactumCli(InputStream in) {
        this.in = in;
    }

    InputStream in() {
        return in;
    }

    boolean verbose() {
        return verbose;
    }

    /** Without a command: the usage message. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return EXIT_OK;
    }

    /** A ready-to-run command line: our error handling, output to {@code out} and {@code err}, input from {@code in}. */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        PactumCli cli = new PactumCli(in);
        CommandLine cl = new CommandLine(cli);
        BrokerCommand.addConfigOptions(cl.getSubcommands().get("broker").getCommandSpec());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            e.println("pactum " + commandLine.getCommandName() + ": " + describe(ex));
            if (cli.verbose) {
                ex.printStackTrace(e);
            }
            e.flush();
            return EXIT_FAILED;
        });
        return cl;
    }

    /** One line for a user: our own messages as they are, anything else with its deepest cause. */
    static String describe(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        String cause = CliException.rootMessage(ex);
        return cause == null || cause.equals(message) ? message : message + ": " + cause;
    }

    public static void main(String[] args) {
        if (System.getProperty(LOG_FORMAT) == null) {
            // One line per record instead of java.util.logging's default two; -D on JAVA_OPTS still wins.
            System.setProperty(LOG_FORMAT, "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The version from the jar manifest, or a plain note when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PactumCli.class.getPackage().getImplementationVersion();
            return new String[] {"pactum " + (v == null ? "(development build)" : v)};
        }
    }
}
