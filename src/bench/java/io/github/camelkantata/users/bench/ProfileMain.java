package io.github.camelkantata.users.bench;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Consumer;

/**
 * A steady workload to run under a profiler (JFR): {@code get <seconds> [component|componentSync|raw|camelHttp]} calls
 * one contender in a loop against a bench server at 0 ms; {@code consumer <users> [rounds]} seeds a consumer, then
 * edits 1 % and polls again, followed by a list-all, {@code rounds} times (default five), and prints the median ratio
 * of the second half (the first rounds run while the JIT still compiles). Not part of {@link BenchMain}'s figures: it
 * only gives the profiler something to sample.
 */
public final class ProfileMain {

    private ProfileMain() {
    }

    /** Voluntary context switches of every thread of this process (Linux), a count of thread hand-offs. */
    static long contextSwitches() throws java.io.IOException {
        long sum = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (var t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    for (String l : java.nio.file.Files.readAllLines(t.resolve("status"))) {
                        if (l.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(l.substring(24).trim());
                        }
                    }
                } catch (java.io.IOException gone) {
                    // thread ended
                }
            }
        }
        return sum;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("get")) {
            long seconds = Long.parseLong(args[1]);
            String who = args.length > 2 ? args[2] : "component";
            try (ServerProcess server = new ServerProcess(1000, 0);
                 Contenders c = new Contenders(server.baseUrl(), server.token, 8)) {
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                long n = 0;
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long cs0 = contextSwitches();
                long t0 = System.nanoTime();
                while (System.nanoTime() < end) {
                    Object r = who.equals("raw") ? c.rawGet() : who.equals("camelHttp") ? c.httpGet()
                            : who.equals("componentSync") ? c.componentSyncGet() : c.componentGet();
                    if (r == null) {
                        throw new IllegalStateException();
                    }
                    n++;
                }
                System.out.printf(
                        "%s: %d calls, %.1f us/call wall, %.1f us/call client CPU, %.2f voluntary context switches/call%n",
                        who, n, (System.nanoTime() - t0) / 1e3 / n, (os.getProcessCpuTime() - cpu0) / 1e3 / n,
                        (contextSwitches() - cs0) / (double) n);
            }
        } else if (args[0].equals("consumer")) {
            int users = Integer.parseInt(args[1]);
            int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
            java.util.List<Double> ratios = new java.util.ArrayList<>();
            try (ServerProcess server = new ServerProcess(users, 0);
                 Contenders c = new Contenders(server.baseUrl(), server.token, 16)) {
                String uri = c.componentUri("list", "perPage=200&pageConcurrency=4&startScheduler=false&onlyChanged=true");
                AtomicInteger emitted = new AtomicInteger();
                c.context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).routeId("p").process(e -> emitted.incrementAndGet());
                    }
                });
                Consumer consumer = c.context.getRoute("p").getConsumer();
                Runnable poller = (Runnable) consumer;
                poller.run();
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean();
                for (int i = 0; i < rounds; i++) {
                    server.touch(1);
                    c.componentList(4, "onMyAccount=true");
                    long c0 = os.getProcessCpuTime();
                    long m0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    poller.run();
                    long t1 = System.nanoTime();
                    long m1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    long c1 = os.getProcessCpuTime();
                    c.componentList(4, "onMyAccount=true");
                    long t2 = System.nanoTime();
                    long c2 = os.getProcessCpuTime();
                    // wall-clock bounds, to split a recording's samples into poll and list
                    System.out.printf("window poll %s %s list %s%n",
                            java.time.LocalTime.now().minusNanos(System.nanoTime() - t0),
                            java.time.LocalTime.now().minusNanos(System.nanoTime() - t1),
                            java.time.LocalTime.now().minusNanos(System.nanoTime() - t2));
                    System.out.printf(
                            "poll %.2f s (client CPU %.2f s, of which the polling thread %.2f s), list %.2f s (CPU %.2f s), ratio %.2f (CPU %.2f), emitted %d, load %s%n",
                            (t1 - t0) / 1e9, (c1 - c0) / 1e9, (m1 - m0) / 1e9, (t2 - t1) / 1e9, (c2 - c1) / 1e9,
                            (t1 - t0) / (double) (t2 - t1), (c1 - c0) / (double) (c2 - c1), emitted.getAndSet(0),
                            BenchMain.loadAverage());
                    if (i >= rounds / 2) {
                        ratios.add((t1 - t0) / (double) (t2 - t1));
                    }
                }
                java.util.Collections.sort(ratios);
                System.out.printf("median poll/list ratio over the last %d rounds: %.2f%n", ratios.size(),
                        ratios.get(ratios.size() / 2));
            }
        }
        System.exit(0);
    }
}
