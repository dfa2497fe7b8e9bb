package io.pactum.broker.cli;

import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import picocli.CommandLine.Option;

/** Exactly one of {@code --queue NAME} and {@code --topic NAME}. */
final class DestinationOptions {
    @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "Queue name.")
    String queue;

    @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Topic name.")
    String topic;

    Destination create(JMSContext context) {
        return queue != null ? context.createQueue(queue) : context.createTopic(topic);
    }

    /** "queue orders" or "topic prices", for messages to the user. */
    String describe() {
        return queue != null ? "queue " + queue : "topic " + topic;
    }
}
