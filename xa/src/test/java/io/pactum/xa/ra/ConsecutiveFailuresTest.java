package io.pactum.xa.ra;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The count behind pauseAfterConsecutiveFailures: only failures in a row reach the threshold, and it calls once. */
class ConsecutiveFailuresTest {
    @Test
    void onlyFailuresInARowReachTheThresholdAndItCallsBackOncePerRun() {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        ConsecutiveFailures failures = new ConsecutiveFailures(2, calls::add);
        failures.failed();
        failures.succeeded();
        failures.failed();
        assertEquals(List.of(), calls, "a success in between starts the count again");
        failures.failed();
        assertEquals(List.of(2), calls);
        failures.failed();
        assertEquals(List.of(2), calls, "failures past the threshold (other sessions while pausing) do not call again");
        failures.reset();
        failures.failed();
        failures.failed();
        assertEquals(List.of(2, 2), calls);
    }

    @Test
    void zeroNeverCallsBack() {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        ConsecutiveFailures failures = new ConsecutiveFailures(0, calls::add);
        for (int i = 0; i < 100; i++) {
            failures.failed();
        }
        assertEquals(List.of(), calls);
    }
}
