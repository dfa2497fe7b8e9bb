package io.pactum.broker.config;

import io.pactum.broker.BrokerConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads a broker config file ({@code pactum.properties}): Java properties format, UTF-8, {@code #} comments, one
 * {@link ConfigKey} per line. Every key is optional; an unknown key, a key given twice or a bad value is an error
 * naming the file and the key, so a typo never silently leaves a default in force. Relative paths (such as
 * {@code data}) are taken relative to the current directory, like the same flag on the command line.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Reads {@code file} into a fresh {@link BrokerConfig} (defaults for keys the file leaves out). */
    public static BrokerConfig load(Path file) throws ConfigException {
        return load(file, new BrokerConfig());
    }

    /** Sets on {@code config} every key {@code file} gives, and returns {@code config}. */
    public static BrokerConfig load(Path file, BrokerConfig config) throws ConfigException {
        Properties props = new StrictProperties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // Properties.load: malformed \\uXXXX escape; StrictProperties: a key given twice.
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>(props.stringPropertyNames());
        names.sort(null);
        // per-queue and per-topic keys last, so they start from the file's broker-wide values
        names.sort((a, b) -> Boolean.compare(ConfigKey.isPerDestination(a), ConfigKey.isPerDestination(b)));
        for (String name : names) {
            try {
                apply(config, name, props.getProperty(name));
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    /**
     * Applies one {@code key=value}, a plain key or a per-queue {@code queue.NAME.KEY} (or per-topic
     * {@code topic.NAME.KEY}): the one mechanism behind
     * the file and the {@code --set} flag.
     */
    public static void apply(BrokerConfig config, String name, String raw) throws ConfigException {
        try {
            if (ConfigKey.perQueue(config, name, raw)) {
                return;
            }
            ConfigKey key = ConfigKey.byKey(name).orElseThrow(() -> new ConfigException("unknown key '" + name
                    + "'; known keys: " + String.join(", ", ConfigKey.keys()) + ", queue.NAME.KEY for "
                    + String.join(", ", ConfigKey.perQueueKeys()) + ", and topic.NAME.KEY for "
                    + String.join(", ", ConfigKey.perTopicKeys())));
            key.set(config, key.parse(raw));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad value '" + raw + "' for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Properties that refuse a key given twice, which otherwise keeps only the last value without a word. */
    private static final class StrictProperties extends Properties {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null) {
                throw new IllegalArgumentException("key '" + key + "' is set twice");
            }
            return null;
        }
    }
}
