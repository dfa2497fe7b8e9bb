package io.pactum.broker.cli;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the pactum command in-process with captured output, as the tests need it. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return runWithInput("", args);
    }

    static CliRun runWithInput(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PactumCli.commandLine(in, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CommandLine parse(String... args) {
        CommandLine cl = PactumCli.commandLine(InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        cl.parseArgs(args);
        return cl;
    }

    /** The subcommand object that parsing {@code args} filled in. */
    @SuppressWarnings("unchecked")
    static <T> T parsed(String... args) {
        CommandLine cl = parse(args);
        CommandLine.ParseResult sub = cl.getParseResult().subcommand();
        return (T) sub.commandSpec().userObject();
    }
}
