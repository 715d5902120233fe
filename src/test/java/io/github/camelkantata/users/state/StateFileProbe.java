package io.github.camelkantata.users.state;

import java.nio.file.Path;

/**
 * A second process that tries to own a state file: prints {@code opened <entries>} (and lets it go) or
 * {@code refused <message>}. Used by the tests that prove a refused owner never weakens the first owner's hold.
 * <p>
 * Arguments: the state file.
 */
public final class StateFileProbe {

    private StateFileProbe() {
    }

    public static void main(String[] args) {
        try {
            StateFileLock.Handle h = StateFileLock.acquire(Path.of(args[0]), "probe");
            int n = h.repository().countKeysByPrefix("");
            h.release();
            System.out.println("opened " + n);
        } catch (RuntimeException e) {
            System.out.println("refused " + e.getMessage());
        }
    }

    /** Runs the probe in a child JVM on this class path and returns its one line of output. */
    public static String probe(Path file) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                javaBin, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StateFileProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("opened") || line.startsWith("refused")) {
                return line;
            }
        }
        return out;
    }
}
