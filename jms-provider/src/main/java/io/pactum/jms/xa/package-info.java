/**
 * The client side of XA: {@link io.pactum.jms.xa.PactumXAConnectionFactory}, its connections, sessions and
 * {@link io.pactum.jms.xa.PactumXAJMSContext}, and {@link io.pactum.jms.xa.PactumXAResource}, one per XA session.
 *
 * <ul>
 * <li>An XA session is an ordinary {@link io.pactum.jms.PactumSession} in AUTO_ACKNOWLEDGE mode whose resource
 * says when it is associated with a branch; the broker makes its SENDs and ACKs work of that branch.</li>
 * <li>ACK order: every ACK is written while holding the session's lock, and so is the XA end (after an ACK of any
 * delivery whose listener is still running); the transport keeps the order of its callers' writes. So an ACK of a
 * message consumed in the branch always reaches the broker before the end of that branch.</li>
 * <li>Errors are {@link javax.transaction.xa.XAException}s with the code the broker sent, XAER_RMFAIL when it could
 * not be reached, XAER_RMERR otherwise ({@code XaErrors}).</li>
 * </ul>
 */
package io.pactum.jms.xa;
