package io.github.camelkantata.users.hardening;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 400 MB body, a gzip bomb and a 100 MB photo upload in a JVM whose heap is far smaller than any of them
 * ({@code -Xmx96m}): each exchange ends as documented and the client keeps working. Its own JVM, so the heap limit is
 * real, and any heap dump it might write goes under target/.
 */
class SmallHeapTest {

    @Test
    void hugeBodiesAndAHundredMegabytePhotoUnderANinetySixMegabyteHeap() throws Exception {
        Path dir = Paths.get("target", "small-heap");
        Files.createDirectories(dir);
        Path photo = dir.resolve("photo-100mb.png");
        SmallHeapMain.writePhoto(photo, 100L << 20);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                List.of(java, "-Xmx96m", "-XX:+HeapDumpOnOutOfMemoryError",
                        "-XX:HeapDumpPath=" + dir.toAbsolutePath(), "-Dsun.net.httpserver.nodelay=true",
                        "-cp", System.getProperty("java.class.path"), SmallHeapMain.class.getName(), photo.toString()))
                .redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM ended");
        Files.deleteIfExists(photo);
        for (String scenario : List.of("huge-body", "normal-after-huge-body", "gzip-bomb", "normal-after-gzip-bomb",
                "100mb-photo", "photo-bytes-on-the-wire")) {
            assertTrue(out.contains("PASS " + scenario + "\n") || out.contains("PASS " + scenario + "\r\n"),
                    scenario + " did not pass:\n" + out);
        }
        assertEquals(0, p.exitValue(), out);
    }
}
