package io.pactum.broker.config;

/** A broker configuration that cannot be used; the message names the file and key and says what is wrong. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
