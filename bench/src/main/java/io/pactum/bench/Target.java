package io.pactum.bench;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;

import java.nio.file.Path;

/** One broker under test, embedded in this JVM, reached over TCP on 127.0.0.1 through the jakarta.jms API. */
interface Target extends AutoCloseable {

    /** Display name, with the version where known. */
    String description();

    /** A factory for new TCP connections to the broker. */
    ConnectionFactory connectionFactory();

    /** A factory for new XA connections to the broker (the XA scenarios). */
    XAConnectionFactory xaConnectionFactory() throws Exception;

    /** The broker's data directory, for its size on disk. */
    Path dataDir();

    /** Journal syncs (commit + force) so far, or -1 where the broker does not say. */
    default long journalSyncs() {
        return -1;
    }

    /** The journal's own figure for its bytes on disk, or -1 where the broker does not say. */
    default long journalBytes() {
        return -1;
    }

    /** Stops the broker cleanly. */
    @Override
    void close() throws Exception;

    /**
     * Starts the named broker. By class name, so that the Artemis child JVM never links the Pactum classes (and the
     * Pactum one never the Artemis ones): each runs with only its own broker on the classpath.
     */
    static Target start(String broker, Path dataDir) throws Exception {
        String cls = switch (broker) {
            case "pactum" -> "io.pactum.bench.PactumTarget";
            case "artemis" -> "io.pactum.bench.ArtemisTarget";
            default -> throw new IllegalArgumentException("unknown broker " + broker + " (pactum or artemis)");
        };
        return (Target) Class.forName(cls).getMethod("start", Path.class).invoke(null, dataDir);
    }
}
