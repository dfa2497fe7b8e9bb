package io.pactum.broker.crash;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.broker.config.ConfigFile;

import java.nio.file.Path;

/**
 * The broker as a separate process for crash tests: {@code CrashTestBroker <dataDir> <segmentSize> [key=value ...]}
 * (any config-file key). Prints
 * {@code READY <port>} once it accepts connections; exits cleanly when its standard input closes, and otherwise
 * waits to be killed.
 */
public final class CrashTestBroker {
    private CrashTestBroker() {
    }

    public static void main(String[] args) throws Exception {
        BrokerConfig config = new BrokerConfig().port(0).dataDir(Path.of(args[0]));
        config.journalSegmentSize = Long.parseLong(args[1]);
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            ConfigFile.apply(config, args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Broker broker = Broker.start(config);
        System.out.println("READY " + broker.port());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the parent to close our stdin
        }
        broker.close();
    }
}
