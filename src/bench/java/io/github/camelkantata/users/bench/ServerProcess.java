package io.github.camelkantata.users.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link BenchServer} in a child JVM with this JVM's class path. */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    final int port;
    final String token;

    ServerProcess(int users, long latencyMs) throws IOException {
        this(BenchServer.class.getName(), String.valueOf(users), String.valueOf(latencyMs));
    }

    /** @return the {@link FastServer} (HttpCore 5 async, one canned user) in its own JVM */
    static ServerProcess fast(long latencyMs) throws IOException {
        return new ServerProcess(FastServer.class.getName(), String.valueOf(latencyMs));
    }

    private ServerProcess(String mainClass, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-Xmx1g", "-XX:+UseParallelGC",
                        "-Dsun.net.httpserver.nodelay=true",
                        "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
                        "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        port = Integer.parseInt(expect("PORT "));
        token = expect("TOKEN ");
    }

    private String expect(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IOException("bench server ended before printing " + prefix);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/api/v1";
    }

    /** @return the server's CPU time so far, in ns (Linux /proc), to report the server's own cost per request */
    long cpuNanos() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"))
                    .replaceFirst("^.*\\) ", "").split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ = 100
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return how many users were changed */
    int touch(double percent) throws IOException {
        in.write("touch " + percent + "\n");
        in.flush();
        return Integer.parseInt(expect("TOUCHED "));
    }

    /**
     * @return the requests the server answered since the last call: to {@code /users}, to {@code /subscribed_events},
     *         to anything else
     */
    long[] counted() throws IOException {
        in.write("count\n");
        in.flush();
        String[] f = expect("COUNTED ").split(" ");
        return new long[] { Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]) };
    }

    @Override
    public void close() throws Exception {
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
