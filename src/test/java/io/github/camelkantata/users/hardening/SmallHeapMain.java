package io.github.camelkantata.users.hardening;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.github.camelkantata.users.KantataLimitExceededException;
import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.model.User;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run by {@link SmallHeapTest} in a JVM of its own with a small heap ({@code -Xmx96m}): a 400 MB body, a gzip bomb and
 * a 100 MB photo upload must each end their exchange as documented, and the client must keep working. Prints one
 * {@code PASS} or {@code FAIL} line per scenario and exits 1 on any failure.
 */
public final class SmallHeapMain {

    private static final byte[] ZEROS = new byte[64 * 1024];

    private SmallHeapMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] bomb = HostileResponseTest.gzipOfZeros(1L << 30);
        Path photo = Paths.get(args[0]);
        boolean ok = true;
        try (HostileServer server = new HostileServer((r, out) -> answer(r, out, bomb))) {
            DefaultCamelContext ctx = new DefaultCamelContext();
            KantataUsersComponent c = new KantataUsersComponent();
            c.getConfiguration().setAccessToken("tok-small-heap");
            c.getConfiguration().setBaseUrl(server.baseUrl());
            ctx.addComponent("kantata-users", c);
            ctx.start();
            ProducerTemplate t = ctx.createProducerTemplate();
            ok &= expectLimit(t, "huge-body", "kantata-users:get?userId=400");
            ok &= expectUser(t, "normal-after-huge-body", "kantata-users:get?userId=5", null);
            ok &= expectLimit(t, "gzip-bomb", "kantata-users:get?userId=999");
            ok &= expectUser(t, "normal-after-gzip-bomb", "kantata-users:get?userId=6", null);
            ok &= expectUser(t, "100mb-photo", "kantata-users:photo?userId=7&maxPhotoBytes=209715200", photo.toFile());
            long received = server.bytesReceived;
            ok &= check("photo-bytes-on-the-wire", received > Files.size(photo), "server read " + received + " bytes");
            ctx.stop();
        }
        System.out.println(ok ? "ALL PASS" : "SOME FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static boolean answer(HostileServer.Request r, OutputStream out, byte[] bomb) throws IOException {
        if (r.path().endsWith("/users/400")) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (400L << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (long sent = 0; sent < 400L << 20; sent += ZEROS.length) {
                out.write(ZEROS);
            }
            return true;
        }
        if (r.path().endsWith("/users/999")) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                       + bomb.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bomb);
            return true;
        }
        String id = r.path().replaceAll(".*/users/(\\d+).*", "$1");
        HostileServer.respond(out, 200, HostileServer.envelope(1, 1, 1, id));
        return true;
    }

    private static boolean expectLimit(ProducerTemplate t, String name, String uri) {
        Exchange ex = t.send(uri, e -> {
        });
        return check(name, ex.getException() instanceof KantataLimitExceededException, String.valueOf(ex.getException()));
    }

    private static boolean expectUser(ProducerTemplate t, String name, String uri, Object body) {
        Exchange ex = t.send(uri, e -> e.getMessage().setBody(body));
        return check(name, ex.getException() == null && ex.getMessage().getBody() instanceof User,
                String.valueOf(ex.getException()));
    }

    private static boolean check(String name, boolean passed, String detail) {
        System.out.println((passed ? "PASS " : "FAIL ") + name + (passed ? "" : ": " + detail));
        return passed;
    }

    /** Writes a 100 MB PNG-headed file without holding it in memory. */
    static void writePhoto(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(PhotoHardeningTest.PNG);
            f.setLength(size);
        }
    }
}
