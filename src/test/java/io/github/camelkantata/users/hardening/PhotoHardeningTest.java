package io.github.camelkantata.users.hardening;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.model.User;
import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.RecordedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photo bodies go through Camel's type converters: a {@code from("file:...")} body is streamed from disk, a ByteBuffer
 * is sent as is, streams are closed, and an Error while reading a body still ends the exchange.
 */
class PhotoHardeningTest {

    static final byte[] PNG
            = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 1 };

    KantataSandbox sandbox;
    CamelContext context;

    @BeforeEach
    void start() throws Exception {
        sandbox = KantataSandbox.builder().users(40).start();
        context = new DefaultCamelContext();
        KantataUsersComponent c = new KantataUsersComponent();
        c.getConfiguration().setAccessToken(sandbox.token());
        c.getConfiguration().setBaseUrl(sandbox.baseUrl());
        configure(c);
        context.addComponent("kantata-users", c);
    }

    /** A subclass changes the component here, e.g. to run the same tests with {@code synchronous=true}. */
    void configure(KantataUsersComponent component) {
    }

    @AfterEach
    void stop() {
        context.stop();
        sandbox.close();
    }

    private static byte[] png(int size) {
        byte[] b = new byte[size];
        System.arraycopy(PNG, 0, b, 0, PNG.length);
        for (int i = PNG.length; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    /** The image part of a recorded multipart upload. */
    private static byte[] uploadedImage(RecordedRequest r) {
        byte[] body = r.body();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n") + 4;
        int end = text.lastIndexOf("\r\n--");
        return java.util.Arrays.copyOfRange(body, start, end);
    }

    @Test
    void aFileConsumerRouteUploadsTheFileStreamedFromDisk() throws Exception {
        Path dir = Paths.get("target", "hardening-photos-" + System.nanoTime());
        Files.createDirectories(dir);
        byte[] image = png(300_000);
        Files.write(dir.resolve("portrait.png"), image);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + dir + "?noop=true&initialDelay=0").routeId("photos")
                        .setHeader(KantataUsersConstants.USER_ID, constant("12"))
                        .to("kantata-users:photo").to("mock:done");
            }
        });
        MockEndpoint done = context.getEndpoint("mock:done", MockEndpoint.class);
        done.expectedMessageCount(1);
        context.start();
        done.assertIsSatisfied(20_000);
        User u = assertInstanceOf(User.class, done.getExchanges().get(0).getMessage().getBody());
        assertEquals("12", u.getId());
        RecordedRequest r = sandbox.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/api/v1/users/12/profile_photo", r.path());
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("name=\"user[profile_photo_attachment_file]\"; filename=\"portrait.png\""),
                body.substring(0, 300));
        assertTrue(body.contains("Content-Type: image/png"));
        assertArrayEquals(image, uploadedImage(r), "the file's bytes, exactly");
        assertTrue(r.contentType().startsWith("multipart/form-data; boundary="), r.contentType());
    }

    @Test
    void aByteBufferAndAConvertibleBodyAreAccepted() throws Exception {
        context.start();
        byte[] image = png(5000);
        Exchange ex = context.createProducerTemplate().request("kantata-users:photo?userId=3",
                e -> e.getMessage().setBody(java.nio.ByteBuffer.wrap(image)));
        assertInstanceOf(User.class, ex.getMessage().getBody(), () -> String.valueOf(ex.getException()));
        assertArrayEquals(image, uploadedImage(sandbox.requests().get(0)));
    }

    @Test
    void aStreamIsReadOnceAndClosed() throws Exception {
        context.start();
        AtomicBoolean closed = new AtomicBoolean();
        byte[] image = png(200_000);
        InputStream in = new ByteArrayInputStream(image) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };
        Exchange ex = context.createProducerTemplate().request("kantata-users:photo?userId=4", e -> e.getMessage().setBody(in));
        assertInstanceOf(User.class, ex.getMessage().getBody(), () -> String.valueOf(ex.getException()));
        assertTrue(closed.get(), "the stream was closed");
        assertArrayEquals(image, uploadedImage(sandbox.requests().get(0)));
    }

    @Test
    void readingAStalledStreamCountsAgainstCallTimeout() throws Exception {
        context.start();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        InputStream stalled = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    closed.await(); // a source that never sends another byte, until it is closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("stream closed");
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        Exchange ex = context.createProducerTemplate().send("kantata-users:photo?userId=4&callTimeout=1000",
                e -> e.getMessage().setBody(stalled));
        io.github.camelkantata.users.KantataTransportException e = assertInstanceOf(
                io.github.camelkantata.users.KantataTransportException.class, ex.getException());
        assertTrue(e.getMessage().contains("reading the photo body took longer than the callTimeout of 1000 ms"),
                e.getMessage());
        assertEquals(0, sandbox.requests().size(), "nothing was sent");
    }

    @Test
    void anErrorWhileReadingTheBodyEndsTheExchange() throws Exception {
        context.start();
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("simulated: the heap ran out while reading the photo");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return read();
            }
        };
        Exchange ex
                = context.createProducerTemplate().send("kantata-users:photo?userId=4", e -> e.getMessage().setBody(failing));
        assertNotNull(ex.getException(), "the exchange ended with the failure on it");
        Throwable cause = ex.getException();
        while (cause.getCause() != null && !(cause instanceof OutOfMemoryError)) {
            cause = cause.getCause();
        }
        assertInstanceOf(OutOfMemoryError.class, cause, String.valueOf(ex.getException()));
        assertEquals(0, sandbox.requests().size(), "nothing was sent");
    }
}
