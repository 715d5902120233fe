package io.github.camelkantata.users.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.github.camelkantata.users.KantataUsersException;
import io.github.camelkantata.users.KantataUsersException.ErrorKind;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport survives its I/O reactor dying (it is replaced on the next call), and a call through a closed
 * transport, or into a closed group, ends with a typed error instead of throwing or hanging.
 */
class TransportLifecycleTest {

    HttpServer server;
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    HttpTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        transport = new HttpTransport(
                new ClientSettings(
                        Duration.ofSeconds(5), Duration.ofSeconds(5), null, null, 0, null,
                        null, 4, 1 << 20, null),
                Runnable::run);
    }

    @AfterEach
    void stop() {
        transport.close();
        server.stop(0);
        scheduler.shutdownNow();
    }

    private ApiCaller caller(CallGroup group) {
        return new ApiCaller(
                transport, "http://127.0.0.1:" + server.getAddress().getPort(), () -> "tok-lifecycle", false,
                RetryPolicy.NONE, null, scheduler, Runnable::run, Duration.ofSeconds(10), group, null);
    }

    private static ApiRequest get() {
        return new ApiRequest("get", "GET", "/users/1", null, null, null);
    }

    @Test
    void aDeadReactorIsReplacedOnTheNextCall() throws Exception {
        assertEquals(200, caller(new CallGroup("t")).call(get()).get(10, TimeUnit.SECONDS).status());
        java.lang.reflect.Field f = HttpTransport.class.getDeclaredField("client");
        f.setAccessible(true);
        // what an Error on an I/O thread does: the whole client shuts down
        ((CloseableHttpAsyncClient) f.get(transport)).close(CloseMode.IMMEDIATE);
        assertEquals(200, caller(new CallGroup("t")).call(get()).get(10, TimeUnit.SECONDS).status());
        assertEquals(1, transport.replacedClients());
    }

    @Test
    void aCallThroughAClosedTransportEndsTyped() throws Exception {
        transport.close();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> caller(new CallGroup("t")).call(get()).get(10, TimeUnit.SECONDS));
        assertInstanceOf(KantataUsersException.class, e.getCause());
    }

    @Test
    void aClosedGroupRefusesAtOnceWithStopped() throws Exception {
        CallGroup g = new CallGroup("the test producer");
        g.close("stopped");
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> caller(g).call(get()).get(10, TimeUnit.SECONDS));
        KantataUsersException k = assertInstanceOf(KantataUsersException.class, e.getCause());
        assertEquals(ErrorKind.STOPPED, k.getKind());
        assertTrue(k.getMessage().contains("the test producer stopped"), k.getMessage());
    }
}
