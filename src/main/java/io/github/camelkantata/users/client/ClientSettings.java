package io.github.camelkantata.users.client;

import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * Connection settings for {@link HttpTransport}. Transports with equal settings can be shared.
 *
 * @param connectTimeout  how long to wait for a TCP/TLS connection
 * @param responseTimeout how long to wait for the response once the request is sent
 * @param sslContext      the TLS context to use; null means the JVM default, with full verification
 * @param proxyHost       an HTTP proxy host, or null
 * @param proxyPort       the proxy port
 * @param proxyUser       proxy user name, or null
 * @param proxyPassword   proxy password, or null
 * @param maxConnections  the size of the connection pool
 */
public record ClientSettings(Duration connectTimeout, Duration responseTimeout, SSLContext sslContext, String proxyHost,
                             int proxyPort, String proxyUser, String proxyPassword, int maxConnections) {

    @Override
    public String toString() {
        // the proxy password stays out of logs
        return "ClientSettings[connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
               + ", customSsl=" + (sslContext != null) + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort)
               + ", maxConnections=" + maxConnections + "]";
    }
}
