package io.pactum.xa.ra;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ra.xml names only classes that exist and implement what it says, and every config-property is a JavaBean property
 * of its class with the declared type: a container finds such mistakes only at deployment.
 */
class RaXmlTest {
    @Test
    void everyClassAndPropertyInRaXmlExists() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Element root = f.newDocumentBuilder().parse(Path.of("src/main/rar/META-INF/ra.xml").toFile()).getDocumentElement();
        int checked = 0;
        for (String tag : new String[] {"resourceadapter-class", "managedconnectionfactory-class",
                "activationspec-class", "adminobject-class"}) {
            NodeList classes = root.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < classes.getLength(); i++) {
                Element e = (Element) classes.item(i);
                Class<?> type = Class.forName(e.getTextContent().trim());
                for (Node n = e.getNextSibling(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element && ((Element) n).getLocalName().equals("config-property")) {
                        Element p = (Element) n;
                        String name = text(p, "config-property-name");
                        Class<?> propertyType = Class.forName(text(p, "config-property-type"));
                        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
                        type.getMethod(setter, propertyType);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20, "config properties checked: " + checked);
        NodeList interfaces = root.getElementsByTagNameNS("*", "connectionfactory-interface");
        assertEquals(3, interfaces.getLength());
        for (int i = 0; i < interfaces.getLength(); i++) {
            assertTrue(Class.forName(interfaces.item(i).getTextContent().trim())
                    .isAssignableFrom(ConnectionFactoryHandle.class));
        }
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagNameNS("*", tag).item(0).getTextContent().trim();
    }
}
