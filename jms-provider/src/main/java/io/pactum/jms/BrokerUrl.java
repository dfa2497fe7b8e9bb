package io.pactum.jms;

import io.pactum.protocol.Protocol;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed broker URL: {@code tcp://host:port?prefetch=500&clientID=orders&user=u&password=p&connectTimeout=10000}.
 * Unknown options are rejected, so a typo in a JNDI entry fails loudly instead of being ignored.
 */
public record BrokerUrl(String scheme, String host, int port, String clientId, String user, String password,
                        int prefetch, long connectTimeoutMillis) {

    public static final int DEFAULT_PREFETCH = 1000;
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final Set<String> OPTIONS = Set.of("clientID", "user", "password", "prefetch", "connectTimeout");

    public static BrokerUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("broker URL must not be empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("malformed broker URL '" + url + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("broker URL '" + url + "' must start with tcp:// or ssl://");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("broker URL '" + url + "' has no host");
        }
        int port = uri.getPort() == -1 ? Protocol.DEFAULT_PORT : uri.getPort();
        Map<String, String> options = options(uri.getRawQuery(), url);
        return new BrokerUrl(scheme, host, port, options.get("clientID"), options.get("user"), options.get("password"),
                intOption(options, "prefetch", DEFAULT_PREFETCH, 1, url),
                intOption(options, "connectTimeout", (int) DEFAULT_CONNECT_TIMEOUT_MILLIS, 1, url));
    }

    private static Map<String, String> options(String query, String url) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' in broker URL '" + url
                        + "'; known options: " + OPTIONS);
            }
            options.put(key, value);
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String key, int dflt, int min, String url) {
        String v = options.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new IllegalArgumentException(key + " must be at least " + min + " in broker URL '" + url + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + v + "' is not a number in broker URL '" + url + "'", e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, for log lines and error messages. */
    public String display() {
        return scheme + "://" + host + ":" + port;
    }
}
