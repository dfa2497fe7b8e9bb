package io.pactum.samples.glassfish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The ejb-jar GlassFish deploys: the order beans as pactum-samples-mdb builds them (the same class files the OpenEJB
 * tests run, nothing copied into this module's sources) and GlassFish's deployment descriptor from this module's
 * {@code orders-ejb/META-INF}. The OpenEJB-only classes of that jar stay out.
 */
final class OrdersEjbJar {
    /** The beans of the sample, as class files in pactum-samples-mdb's jar. */
    static final List<String> BEANS = List.of(
            "io/pactum/samples/mdb/OrderProcessor.class",
            "io/pactum/samples/mdb/DeliveryAudit.class",
            "io/pactum/samples/mdb/OrderSchema.class");
    private static final String DESCRIPTOR = "META-INF/glassfish-ejb-jar.xml";

    private OrdersEjbJar() {
    }

    /** Writes the ejb-jar to {@code target}, taking the beans from the jar at {@code beansJar}. */
    static Path write(Path beansJar, Path target) throws IOException {
        try (JarFile beans = new JarFile(beansJar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            for (String name : BEANS) {
                JarEntry entry = beans.getJarEntry(name);
                if (entry == null) {
                    throw new IllegalStateException(beansJar + " has no " + name);
                }
                try (InputStream in = beans.getInputStream(entry)) {
                    copy(out, name, in);
                }
            }
            try (InputStream in = OrdersEjbJar.class.getResourceAsStream("/orders-ejb/" + DESCRIPTOR)) {
                if (in == null) {
                    throw new IllegalStateException("no orders-ejb/" + DESCRIPTOR + " on the test class path");
                }
                copy(out, DESCRIPTOR, in);
            }
        }
        return target;
    }

    private static void copy(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }
}
