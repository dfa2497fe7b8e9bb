package io.pactum.broker.server;

import io.pactum.broker.delivery.Delivery;
import io.pactum.broker.tx.TransactionWork;
import io.pactum.broker.tx.XaBranch;
import io.pactum.protocol.Commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client session on the broker: its acknowledgement mode, its consumers, the deliveries it holds unsettled and,
 * when transacted, the open transaction, or the XA branch it works for. {@code outstanding} is written by dispatching threads and read by the
 * connection's event loop, hence concurrent; everything else is touched by the event loop only.
 */
final class ServerSession {
    final int id;
    final int ackMode;
    final Map<Long, Delivery> outstanding = new ConcurrentHashMap<>();
    final Map<Long, ServerConsumer> consumers = new ConcurrentHashMap<>();
    TransactionWork transaction = new TransactionWork();
    /** The XA branch the session is associated with (between XA_START and XA_END), or null. */
    XaBranch branch;

    ServerSession(int id, int ackMode) {
        this.id = id;
        this.ackMode = ackMode;
    }

    boolean transacted() {
        return ackMode == Commands.SESSION_TRANSACTED;
    }

    /** Removes and returns the given deliveries that the session still holds. */
    List<Delivery> take(long[] deliveryIds) {
        List<Delivery> taken = new ArrayList<>(deliveryIds.length);
        for (long id : deliveryIds) {
            Delivery d = outstanding.remove(id);
            if (d != null) {
                taken.add(d);
            }
        }
        return taken;
    }

    List<Delivery> takeAll() {
        List<Delivery> all = new ArrayList<>(outstanding.values());
        all.forEach(d -> outstanding.remove(d.deliveryId()));
        return all;
    }
}
