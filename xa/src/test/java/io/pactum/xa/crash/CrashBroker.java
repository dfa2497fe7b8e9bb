package io.pactum.xa.crash;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;

import java.nio.file.Path;

/**
 * The broker as a process of its own for the XA crash tests: {@code CrashBroker <dataDir> <port>}. Prints
 * {@code READY} once it accepts connections; stops cleanly when its standard input closes, else waits to be killed.
 */
public final class CrashBroker {
    private CrashBroker() {
    }

    public static void main(String[] args) throws Exception {
        BrokerConfig config = new BrokerConfig().port(Integer.parseInt(args[1])).dataDir(Path.of(args[0]));
        Broker broker = Broker.start(config);
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the parent to close our stdin
        }
        broker.close();
    }
}
