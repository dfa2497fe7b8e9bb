package io.pactum.jms;

import io.pactum.protocol.Protocol;
import jakarta.jms.ConnectionMetaData;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** Fixed facts about this provider. */
final class PactumConnectionMetaData implements ConnectionMetaData {
    static final PactumConnectionMetaData INSTANCE = new PactumConnectionMetaData();

    @Override
    public String getJMSVersion() {
        return "3.1";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 1;
    }

    @Override
    public String getJMSProviderName() {
        return "Pactum";
    }

    @Override
    public String getProviderVersion() {
        return Protocol.PRODUCT_VERSION;
    }

    @Override
    public int getProviderMajorVersion() {
        return 0;
    }

    @Override
    public int getProviderMinorVersion() {
        return 1;
    }

    /** JMSXDeliveryCount is set by Pactum; JMSXGroupID and JMSXGroupSeq are carried for the application. */
    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(List.of("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq"));
    }
}
