package io.pactum.broker.crash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients of a crash test were promised, and what they saw. A send is confirmed when {@code send()} or the
 * transaction's {@code commit()} returned; an acknowledgement is confirmed when {@code acknowledge()} or
 * {@code commit()} returned. Violations are recorded as they are seen and asserted at the end.
 */
final class Ledger {
    final Set<String> confirmedSends = ConcurrentHashMap.newKeySet();
    final Set<String> confirmedAcks = ConcurrentHashMap.newKeySet();
    final Set<String> received = ConcurrentHashMap.newKeySet();
    /** transacted-producer batch id to the ids received from it */
    final Map<String, Set<String>> batches = new ConcurrentHashMap<>();
    final Map<String, Integer> batchSizes = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    void receivedMessage(String id, String batch) {
        if (confirmedAcks.contains(id)) {
            violations.add("message " + id + " was delivered again after its acknowledgement was confirmed");
        }
        received.add(id);
        if (batch != null) {
            batches.computeIfAbsent(batch, b -> ConcurrentHashMap.newKeySet()).add(id);
        }
    }

    List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        for (String id : confirmedSends) {
            if (!received.contains(id)) {
                all.add("confirmed send " + id + " was lost");
            }
        }
        batches.forEach((batch, ids) -> {
            int size = batchSizes.getOrDefault(batch, -1);
            if (ids.size() != size) {
                all.add("transaction " + batch + " is partial: " + ids.size() + " of " + size + " messages delivered");
            }
        });
        return all;
    }
}
