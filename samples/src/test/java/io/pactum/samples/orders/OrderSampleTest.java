package io.pactum.samples.orders;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderSampleTest {
    @TempDir
    Path dir;

    @Test
    void theDatabaseAndTheConfirmationQueueHoldEachOrderOnce() throws Exception {
        try (Broker broker = Broker.start(new BrokerConfig().port(0).dataDir(dir.resolve("broker")))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OrderSample.Result result = OrderSample.run("tcp://127.0.0.1:" + broker.port(), dir.resolve("sample"),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            List<String> all = List.of("order-1", "order-2", "order-3");
            assertEquals(all, result.rows());
            assertEquals(all, result.confirmations());
            assertEquals(1, result.rolledBack(), "the flagged order failed once");
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("committed order-2 (redelivered)"), printed);
        }
    }
}
