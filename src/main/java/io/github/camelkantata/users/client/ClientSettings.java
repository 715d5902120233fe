package io.github.camelkantata.users.client;

import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * Connection settings for {@link HttpTransport}. Transports with equal settings can be shared.
 *
 * @param connectTimeout   how long to wait for a TCP/TLS connection
 * @param responseTimeout  how long to wait for the response once the request is sent
 * @param sslContext       the TLS context to use; null means the JVM default, with full verification
 * @param proxyHost        an HTTP proxy host, or null
 * @param proxyPort        the proxy port
 * @param proxyUser        proxy user name, or null
 * @param proxyPassword    proxy password, or null
 * @param maxConnections   the size of the connection pool
 * @param maxResponseBytes the largest response body read, in bytes after decompression
 * @param sslIdentity      what the TLS context was made from (the SSLContextParameters instance), or null: settings
 *                         compare by it, not by the SSLContext, which is new at every start
 */
public record ClientSettings(Duration connectTimeout, Duration responseTimeout, SSLContext sslContext, String proxyHost,
        int proxyPort, String proxyUser, String proxyPassword, int maxConnections,
        long maxResponseBytes, Object sslIdentity) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSettings c && connectTimeout.equals(c.connectTimeout)
                && responseTimeout.equals(c.responseTimeout) && sslIdentity == c.sslIdentity
                && (sslIdentity != null || sslContext == c.sslContext)
                && java.util.Objects.equals(proxyHost, c.proxyHost) && proxyPort == c.proxyPort
                && java.util.Objects.equals(proxyUser, c.proxyUser) && java.util.Objects.equals(proxyPassword, c.proxyPassword)
                && maxConnections == c.maxConnections && maxResponseBytes == c.maxResponseBytes;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(connectTimeout, responseTimeout, System.identityHashCode(sslIdentity), proxyHost,
                proxyPort, proxyUser, maxConnections, maxResponseBytes);
    }

    @Override
    public String toString() {
        // the proxy password stays out of logs
        return "ClientSettings[connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
               + ", customSsl=" + (sslContext != null) + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort)
               + ", maxConnections=" + maxConnections + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
}
