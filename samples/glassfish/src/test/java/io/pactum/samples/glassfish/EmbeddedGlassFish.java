package io.pactum.samples.glassfish;

import org.glassfish.embeddable.BootstrapProperties;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishException;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * GlassFish embedded with its instance root in a directory of the test's choosing (not the home directory or
 * {@code /tmp}), driven the way an administrator drives a server: asadmin commands ({@link #asadmin}) and
 * deployments ({@link #deploy}), each failing the test with GlassFish's own message when it fails.
 */
final class EmbeddedGlassFish implements AutoCloseable {
    /** Prefix of the properties GlassFish applies with asadmin {@code set} once started. */
    private static final String CONFIG = "embedded-glassfish-config.";

    private final GlassFishRuntime runtime;
    private final GlassFish glassfish;
    private final Deque<String> deployed = new ArrayDeque<>();

    private EmbeddedGlassFish(GlassFishRuntime runtime, GlassFish glassfish) {
        this.runtime = runtime;
        this.glassfish = glassfish;
    }

    /** Boots GlassFish with a fresh instance root under {@code workDir}. */
    static EmbeddedGlassFish start(Path workDir) throws Exception {
        Files.createDirectories(workDir);
        // where the embedded runtime creates its temporary instance root (gfembed*tmp), removed on dispose
        System.setProperty("glassfish.embedded.tmpdir", workDir.toAbsolutePath().toString());
        GlassFishRuntime runtime = GlassFishRuntime.bootstrap(new BootstrapProperties());
        GlassFishProperties properties = new GlassFishProperties();
        // the ORB, started with the first EJB module, would listen on *:3700, *:3820 and *:3920; no bean is remote,
        // but the EJB container does not start without an ORB listener: keep one, on the loopback address
        String orb = CONFIG + "server.iiop-service.iiop-listener.";
        properties.setProperty(orb + "orb-listener-1.address", "127.0.0.1");
        properties.setProperty(orb + "orb-listener-1.port", String.valueOf(freeLoopbackPort()));
        properties.setProperty(orb + "SSL.enabled", "false");
        properties.setProperty(orb + "SSL_MUTUALAUTH.enabled", "false");
        try {
            GlassFish glassfish = runtime.newGlassFish(properties);
            glassfish.start();
            return new EmbeddedGlassFish(runtime, glassfish);
        } catch (GlassFishException | RuntimeException e) {
            runtime.shutdown();
            throw e;
        }
    }

    /** A port nothing listens on now (GlassFish's IIOP listener takes no 0 for "any free port"). */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs an asadmin command ({@code create-jdbc-resource --connectionpoolid pool jdbc/x}); returns its output. */
    String asadmin(String command, String... args) throws GlassFishException {
        CommandResult result = glassfish.getCommandRunner().run(command, args);
        if (result.getExitStatus() == CommandResult.ExitStatus.FAILURE) {
            throw new IllegalStateException("asadmin " + command + " " + String.join(" ", args) + " failed: "
                    + result.getOutput(), result.getFailureCause());
        }
        return result.getOutput();
    }

    /** Deploys an archive ({@code --name pactum}, ...); returns the application's name. */
    String deploy(File archive, String... options) throws GlassFishException {
        String name = glassfish.getDeployer().deploy(archive, options);
        if (name == null) {
            throw new IllegalStateException("GlassFish did not deploy " + archive + " " + Arrays.toString(options)
                    + "; see the server log above");
        }
        deployed.push(name);
        return name;
    }

    /**
     * Undeploys what was deployed, last first, with the resources created for it ({@code --cascade}), then stops
     * GlassFish. Disposing alone would close the resource adapter's class loader before GlassFish stops the message
     * endpoints and empties the connection pools, whose connections could then not finish closing.
     */
    @Override
    public void close() throws GlassFishException {
        try {
            while (!deployed.isEmpty()) {
                glassfish.getDeployer().undeploy(deployed.pop(), "--cascade=true");
            }
        } finally {
            dispose();
        }
    }

    private void dispose() throws GlassFishException {
        try {
            glassfish.dispose();
        } finally {
            runtime.shutdown();
        }
    }

    /** Escapes a value for an asadmin {@code --property name=value:name=value} list ({@code :} and {@code =}). */
    static String propertyValue(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }
}
