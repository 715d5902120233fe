package io.github.camelkantata.users.consumer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelkantata.users.sandbox.KantataSandbox;
import io.github.camelkantata.users.sandbox.SandboxUser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator drill of issue 17 as a test: a 100,000-user sandbox account, a consumer with
 * {@code include=account_membership,skills,role,manager} and default options in a JVM of its own at {@code -Xmx256m}
 * ({@link ConsumerDrillMain}): the first sync, then 1 % of the users changed, then 1 % changed and the route suspended
 * and resumed in the middle of the poll's walk (after 100 of its pages), then a route reload with 1 % changed. Every
 * step must deliver exactly the users it should, each exactly once. Time, peak heap and messages per step go to
 * {@code target/consumer-drill.md}; no timing is asserted.
 */
class ConsumerDrillTest {

    private static final int USERS = 100_000;

    @Test
    void aHundredThousandUsersUnderASmallHeapExactlyOnceThroughChangesSuspensionAndReload() throws Exception {
        Path dir = Paths.get("target", "consumer-drill");
        Files.createDirectories(dir);
        List<String> report = new ArrayList<>();
        report.add(
                "| step | messages | distinct users | ms | peak heap MB (sum of pool peaks) | peak heap MB (sampled every 20 ms) | |");
        report.add("|---|---|---|---|---|---|---|");
        try (KantataSandbox sandbox = KantataSandbox.builder().users(USERS).start()) {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(
                    List.of(java, "-Xmx256m", "-XX:+HeapDumpOnOutOfMemoryError",
                            "-XX:HeapDumpPath=" + dir.toAbsolutePath(), "-Dsun.net.httpserver.nodelay=true",
                            "-Dlog4j2.configurationFile=log4j2-test.xml",
                            "-cp", System.getProperty("java.class.path"), ConsumerDrillMain.class.getName(), sandbox.baseUrl(),
                            sandbox.token()))
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
                await(out, "READY", new ArrayList<>());

                Set<String> members = members(sandbox);
                Step first = step(in, out, "poll first-sync");
                report.add(first.row());
                // too many to list by id: the child counts distinct users, and reports any delivered twice
                assertEquals(members.size(), first.distinct, "the first sync delivered every member");
                assertEquals(List.of(), first.dups);
                assertEquals(members.size(), first.messages, "each exactly once: " + first.dups);

                Set<String> changed = change(sandbox, members, 0);
                Step second = step(in, out, "poll one-percent-changed");
                report.add(second.row());
                assertEquals(changed, second.ids);
                assertEquals(changed.size(), second.messages, "each exactly once: " + second.dups);

                changed = change(sandbox, members, 1);
                int requestsBefore = sandbox.requests().size();
                Step third = step(in, out, "poll-suspend suspend-resume 100");
                report.add(third.row());
                int pagesPerWalk = (members.size() + 199) / 200;
                int requests = sandbox.requests().size() - requestsBefore;
                assertTrue(requests < 2 * pagesPerWalk,
                        "the suspension ended the walk: " + requests + " requests for two polls of "
                                                        + pagesPerWalk + " pages");
                assertEquals(changed, third.ids, "the poll after the resume delivered the rest");
                assertEquals(changed.size(), third.messages, "each exactly once: " + third.dups);

                changed = change(sandbox, members, 2);
                Step fourth = step(in, out, "poll-reload reload");
                report.add(fourth.row());
                Files.write(Paths.get("target", "consumer-drill.md"), report);
                assertEquals(changed, fourth.ids, "after a route reload, only what changed");
                assertEquals(changed.size(), fourth.messages, "each exactly once: " + fourth.dups);

                in.println("exit");
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            } finally {
                Files.write(Paths.get("target", "consumer-drill.md"), report);
                p.destroyForcibly();
            }
        }
    }

    private static Set<String> members(KantataSandbox sandbox) {
        return sandbox.data().users().stream().filter(u -> u.onAccount() && !u.disabled()).map(SandboxUser::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Changes 1 % of the members, a different 1 % each round. */
    private static Set<String> change(KantataSandbox sandbox, Set<String> members, int round) {
        Set<String> out = new TreeSet<>();
        int i = 0;
        for (String id : members) {
            if (i++ % 100 == round * 7 + 3) {
                sandbox.data().update(id, Map.of("headline", "drill round " + round));
                out.add(id);
            }
        }
        return out;
    }

    private record Step(String name, int messages, int distinct, Set<String> ids, long millis, long peakMb, long sampledMb,
            String suspension, List<String> dups) {
        String row() {
            return "| " + name + " | " + messages + " | " + distinct + " | " + millis + " | " + peakMb + " | " + sampledMb
                   + " | "
                   + suspension + " |";
        }
    }

    private static Step step(PrintWriter in, BufferedReader out, String command) throws Exception {
        String name = command.split(" ")[1];
        in.println(command);
        List<String> lines = new ArrayList<>();
        String result = await(out, "RESULT " + name + " ", lines);
        String[] f = result.split(" ");
        Set<String> ids = new TreeSet<>();
        List<String> dups = new ArrayList<>();
        String suspension = "";
        for (String l : lines) {
            if (l.startsWith("IDS " + name + " ") && l.length() > ("IDS " + name + " ").length()) {
                for (String id : l.substring(("IDS " + name + " ").length()).split(",")) {
                    if (!id.isBlank()) {
                        ids.add(id);
                    }
                }
            } else if (l.startsWith("DUP ")) {
                dups.add(l);
            } else if (l.startsWith("SUSPENDED-AT ")) {
                String[] a = l.split(" ");
                suspension = "suspended after " + a[2] + " messages, " + a[3]
                             + " pages of the walk; the rest came after the resume";
            }
        }
        return new Step(
                name, Integer.parseInt(f[2]), Integer.parseInt(f[3]), ids, Long.parseLong(f[4]), Long.parseLong(f[5]),
                Long.parseLong(f[6]), suspension, dups);
    }

    private static String await(BufferedReader out, String prefix, List<String> lines) throws Exception {
        String l;
        while ((l = out.readLine()) != null) {
            if (l.startsWith("FAIL") || l.contains("OutOfMemoryError")) {
                throw new AssertionError("child: " + l + "\n" + String.join("\n", lines));
            }
            if (l.startsWith(prefix)) {
                return l;
            }
            lines.add(l);
        }
        throw new AssertionError("the child JVM ended before " + prefix + ":\n" + String.join("\n", lines));
    }
}
