package io.github.camelkantata.users.resilience;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.security.KeyStore;

import javax.net.ssl.SSLException;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.camelkantata.users.KantataTransportException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS verification is on by default: a self-signed server is refused, and accepted once the user supplies
 * sslContextParameters that trust it.
 */
class TlsTest extends ResilienceSupport {

    @TempDir
    static Path dir;
    static WireMockServer https;
    static Path trustStore;

    @BeforeAll
    static void selfSignedServer() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(
                keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        // a trust store holding only the server's certificate, as a user would build one
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keyStore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("server", ks.getCertificate("server"));
        trustStore = dir.resolve("trust.p12");
        try (FileOutputStream out = new FileOutputStream(trustStore.toFile())) {
            ts.store(out, "changeit".toCharArray());
        }
        https = new WireMockServer(
                wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                        .keystorePath(keyStore.toString()).keystorePassword("changeit").keyManagerPassword("changeit")
                        .keystoreType("PKCS12"));
        https.start();
        https.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + sandbox.port())));
    }

    @AfterAll
    static void stop() {
        if (https != null) {
            https.stop();
        }
    }

    private String uri() {
        return "kantata-users:get?userId=2&baseUrl=https://localhost:" + https.httpsPort() + "/api/v1"
               + "&responseTimeout=20s"; // the first TLS handshakes on a busy shared box can be slow
    }

    @Test
    void aSelfSignedServerIsRefusedByDefault() {
        Exchange ex = template.send(uri(), e -> {
        });
        KantataTransportException e = assertInstanceOf(KantataTransportException.class, ex.getException());
        assertEquals(ErrorKind.TRANSPORT, e.getKind());
        assertInstanceOf(SSLException.class, e.getCause(), () -> String.valueOf(e.getCause()));
        assertEquals(1, e.getAttempts(), "a TLS failure is not retried");
        assertTrue(https.getAllServeEvents().isEmpty(), "no request got through");
    }

    @Test
    void aSelfSignedServerIsAcceptedWithSslContextParametersThatTrustIt() {
        KeyStoreParameters ksp = new KeyStoreParameters();
        ksp.setResource("file:" + trustStore);
        ksp.setPassword("changeit");
        ksp.setType("PKCS12");
        TrustManagersParameters tmp = new TrustManagersParameters();
        tmp.setKeyStore(ksp);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tmp);
        context.getRegistry().bind("kantataTls", ssl);
        Exchange ex = template.send(uri() + "&sslContextParameters=#kantataTls", e -> {
        });
        assertNull(ex.getException());
        assertEquals("2", ex.getMessage().getBody(User.class).getId());
        assertEquals(1, https.getAllServeEvents().size());
    }
}
