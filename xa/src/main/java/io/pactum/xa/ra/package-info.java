/**
 * Pactum's Jakarta Connectors 2.1 resource adapter, so application servers get XA-enlisted JMS connections and
 * message-driven beans without knowing Pactum's client.
 * <ul>
 *   <li>Outbound: {@link io.pactum.xa.ra.PactumManagedConnectionFactory} makes {@link io.pactum.xa.ra.PactumManagedConnection}s, each one
 *       physical XA connection with one XA session that XATransaction, LocalTransaction and NoTransaction all use;
 *       applications see handles ({@link io.pactum.xa.ra.ConnectionFactoryHandle}, {@link io.pactum.xa.ra.ConnectionHandle},
 *       {@link io.pactum.xa.ra.SessionHandle}, {@link io.pactum.xa.ra.ContextHandle}) that enforce the Jakarta EE rules for JMS.</li>
 *   <li>Inbound: {@link io.pactum.xa.ra.PactumActivationSpec} configures an {@link io.pactum.xa.ra.Activation}: XA sessions whose
 *       listeners deliver to the container's message endpoints, each delivery in the container's transaction when
 *       the endpoint asks for one.</li>
 *   <li>Administered objects: {@link io.pactum.xa.ra.PactumQueueAdminObject} and {@link io.pactum.xa.ra.PactumTopicAdminObject}.</li>
 * </ul>
 */
package io.pactum.xa.ra;
