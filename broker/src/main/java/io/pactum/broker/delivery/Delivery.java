package io.pactum.broker.delivery;

/**
 * A message handed to a consumer and not yet settled: acknowledged (removed), or returned to its queue. Owned by
 * the session until then, since JMS acknowledges and rolls back per session.
 */
public record Delivery(long deliveryId, Queue queue, MessageRef ref, Subscriber consumer) {
}
