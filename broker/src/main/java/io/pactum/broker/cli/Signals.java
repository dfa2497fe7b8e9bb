package io.pactum.broker.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Turns SIGINT and SIGTERM into a call, so that {@code pactum broker} closes the broker in an ordinary thread and
 * exits with 0, instead of the JVM starting its shutdown (exit code 130/143, and logging already torn down while
 * the broker closes). Uses {@code sun.misc.Signal} (module jdk.unsupported) by reflection; where that is missing,
 * {@link #trap} returns false and the caller's shutdown hook does the closing instead.
 */
final class Signals {
    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals() {
    }

    /**
     * Calls {@code handler} with the signal name ("INT" or "TERM") each time one arrives; true if every signal
     * given could be trapped.
     */
    static boolean trap(java.util.function.Consumer<String> handler, String... signals) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method getName = signalClass.getMethod("getName");
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (self, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            handler.accept((String) getName.invoke(args[0]));
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        case "toString" -> "pactum signal handler";
                        default -> null;
                    });
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            boolean all = true;
            for (String name : signals) {
                try {
                    handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), proxy);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // e.g. SIGINT ignored since start (background job, nohup): the others are still trapped
                    LOG.log(System.Logger.Level.DEBUG, "cannot trap SIG" + name, e);
                    all = false;
                }
            }
            return all;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot trap signals, relying on the shutdown hook", e);
            return false;
        }
    }
}
