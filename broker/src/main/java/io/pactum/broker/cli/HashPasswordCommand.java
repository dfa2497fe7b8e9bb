package io.pactum.broker.cli;

import io.pactum.broker.security.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code pactum hash-password USER}: prints a users-file line with a salted hash of the password. */
@Command(name = "hash-password", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a line for the broker's users-file: USER=pbkdf2-sha256:...",
                "The password is asked for (not echoed) unless --password is given."})
final class HashPasswordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "User name.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "Password; given without a value, or left out, it is asked for.")
    char[] password;

    @Override
    public Integer call() {
        char[] secret = password;
        if (secret == null) {
            java.io.Console console = System.console();
            if (console == null) {
                throw new CliException("no console to ask for the password; use --password", null);
            }
            secret = console.readPassword("Password for %s: ", user);
        }
        if (secret == null || secret.length == 0) {
            throw new CliException("the password must not be empty", null);
        }
        try {
            spec.commandLine().getOut().println(user + "=" + PasswordHash.create(secret));
            spec.commandLine().getOut().flush();
        } finally {
            Arrays.fill(secret, '\0');
        }
        return PactumCli.EXIT_OK;
    }
}
