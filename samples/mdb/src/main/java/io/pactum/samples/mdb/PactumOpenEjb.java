package io.pactum.samples.mdb;

import java.util.Properties;

/**
 * The OpenEJB/TomEE configuration that makes Pactum the application's messaging provider, as the properties an
 * embedded container ({@code ApplicationComposer}'s {@code @Configuration}, {@code system.properties} or
 * {@code conf/tomee.xml} in the same {@code id = new://...} form) takes. Without it OpenEJB would create its
 * {@code Default MDB Container} on an ActiveMQ Classic resource adapter.
 * <ul>
 *     <li>{@code PactumAdapter}: Pactum's resource adapter, started by the container with its work manager and
 *     transaction manager ({@code connectionURL} names the broker).</li>
 *     <li>{@code PactumMdbContainer}: the MDB container for {@code jakarta.jms.MessageListener} beans, activating
 *     them through the adapter with {@code PactumActivationSpec}.</li>
 *     <li>{@code PactumConnectionFactory}: the outbound XA connection factory, pooled by the container's connection
 *     manager and enlisted in its transactions ({@code TransactionSupport=xa}).</li>
 *     <li>{@code mdb.orders}, {@code mdb.confirmations}: queue admin objects; OpenEJB would otherwise create
 *     ActiveMQ queue objects for the MDB's destination.</li>
 *     <li>{@code OrdersXa} and {@code OrdersDatabase}: H2's {@code XADataSource}, and the container-managed
 *     DataSource the beans inject, which enlists that XA resource ({@code XaDataSource}) in JTA transactions.</li>
 * </ul>
 */
public final class PactumOpenEjb {
    private PactumOpenEjb() {
    }

    /** The configuration for a broker at {@code brokerUrl} and an H2 database at {@code h2Url}. */
    public static Properties configuration(String brokerUrl, String h2Url) {
        Properties p = new Properties();
        p.setProperty("PactumAdapter", "new://Resource?type=PactumResourceAdapter"
                + "&class-name=io.pactum.xa.ra.PactumResourceAdapter");
        p.setProperty("PactumAdapter.connectionURL", brokerUrl);
        p.setProperty("PactumAdapter.threadPoolSize", "4");

        p.setProperty("PactumMdbContainer", "new://Container?type=MESSAGE");
        p.setProperty("PactumMdbContainer.ResourceAdapter", "PactumAdapter");
        p.setProperty("PactumMdbContainer.MessageListenerInterface", "jakarta.jms.MessageListener");
        p.setProperty("PactumMdbContainer.ActivationSpecClass", "io.pactum.xa.ra.PactumActivationSpec");
        p.setProperty("PactumMdbContainer.InstanceLimit", "10");

        p.setProperty("PactumConnectionFactory", "new://Resource?type=jakarta.jms.ConnectionFactory"
                + "&class-name=io.pactum.xa.ra.PactumManagedConnectionFactory");
        p.setProperty("PactumConnectionFactory.ResourceAdapter", "PactumAdapter");
        p.setProperty("PactumConnectionFactory.TransactionSupport", "xa");
        p.setProperty("PactumConnectionFactory.PoolMaxSize", "10");
        p.setProperty("PactumConnectionFactory.PoolMinSize", "0");
        p.setProperty("PactumConnectionFactory.ConnectionMaxWaitTime", "5 seconds");

        for (String queue : new String[] {OrderProcessor.ORDERS, OrderProcessor.CONFIRMATIONS}) {
            p.setProperty(queue, "new://Resource?type=jakarta.jms.Queue"
                    + "&class-name=io.pactum.xa.ra.PactumQueueAdminObject");
            p.setProperty(queue + ".name", queue);
        }

        p.setProperty("OrdersXa", "new://Resource?type=XADataSource&class-name=org.h2.jdbcx.JdbcDataSource");
        p.setProperty("OrdersXa.url", h2Url);
        p.setProperty("OrdersXa.user", "sa");
        p.setProperty("OrdersXa.password", "");

        p.setProperty("OrdersDatabase", "new://Resource?type=DataSource");
        p.setProperty("OrdersDatabase.XaDataSource", "OrdersXa");
        p.setProperty("OrdersDatabase.JtaManaged", "true");
        p.setProperty("OrdersDatabase.JdbcDriver", "org.h2.Driver");
        p.setProperty("OrdersDatabase.JdbcUrl", h2Url);
        p.setProperty("OrdersDatabase.UserName", "sa");
        p.setProperty("OrdersDatabase.Password", "");
        return p;
    }
}
