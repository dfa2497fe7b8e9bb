/**
 * Pactum's Jakarta Messaging messages.
 *
 * <ul>
 * <li>{@link io.pactum.jms.message.PactumMessage} and its five body types; sessions create them with the public
 * constructors or the {@code PactumMessage.create*} factories.</li>
 * <li>Producers send {@link io.pactum.jms.message.PactumMessage#toWire()}; a message from another provider is first
 * turned into a Pactum one with {@link io.pactum.jms.message.PactumMessage#copyOf(jakarta.jms.Message)}.</li>
 * <li>Consumers build what they deliver with
 * {@link io.pactum.jms.message.PactumMessage#fromWire(io.pactum.protocol.WireMessage, int, boolean)} and set an
 * {@link io.pactum.jms.message.Acknowledger} for {@code acknowledge()}.</li>
 * <li>{@link io.pactum.jms.message.BodyCodec} is the only code that encodes or decodes message bodies.</li>
 * </ul>
 */
package io.pactum.jms.message;
