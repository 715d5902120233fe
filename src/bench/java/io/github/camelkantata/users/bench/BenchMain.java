package io.github.camelkantata.users.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark harness: per-call {@code get} (JMH), list-all scaling, 256 in flight, consumer poll cost, memory, and
 * the consumer's three ways of finding changes ({@code --only=changes}). Every section runs the contenders side by side
 * against the same {@link BenchServer}. Results go to stdout and to {@code target/bench/results.md}. {@code --smoke}
 * runs tiny sizes and one short iteration, to prove the harness works; its numbers mean nothing.
 */
public final class BenchMain {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private final boolean smoke;
    private final StringBuilder report = new StringBuilder();
    private final Map<String, Double> figures = new LinkedHashMap<>();

    private BenchMain(boolean smoke) {
        this.smoke = smoke;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        List<String> only = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--only=")) {
                only.addAll(List.of(a.substring(7).split(",")));
            }
        }
        BenchMain b = new BenchMain(smoke);
        b.line("# Benchmark results" + (smoke ? " (SMOKE: tiny sizes, numbers mean nothing)" : ""));
        b.line("");
        b.line("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
               + " CPUs, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        if (only.isEmpty() || only.contains("get")) {
            b.perCall();
        }
        if (only.isEmpty() || only.contains("scale")) {
            b.scaling();
        }
        if (only.isEmpty() || only.contains("inflight")) {
            b.inFlight();
        }
        if (only.isEmpty() || only.contains("consumer")) {
            b.consumerPoll();
        }
        if (only.isEmpty() || only.contains("memory")) {
            b.memory();
        }
        if (only.isEmpty() || only.contains("changes")) {
            b.changeDetection();
        }
        if (only.isEmpty() || only.contains("state")) {
            b.stateStores();
        }
        if (only.isEmpty() || only.contains("pgsync")) {
            // issue 21: the first sync's cost on a shared database; -Dbench.state.users=N (default 100,000)
            StateSyncBench.run(smoke, Integer.getInteger("bench.state.users", 100_000), b::line, b.figures);
        }
        b.ratios();
        Path out = Path.of("target", "bench", smoke ? "results-smoke.md" : "results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.report.toString());
        System.out.println("\nwritten to " + out.toAbsolutePath());
        System.exit(0);
    }

    private static final String loadAtStart = loadAverage();

    /**
     * The 1-minute load average, as {@code uptime} shows it: every figure is read with the machine's load beside it.
     */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private void line(String s) {
        System.out.println(s);
        report.append(s).append('\n');
    }

    // ------------------------------------------------------------------ 1. per call

    private void perCall() throws Exception {
        line("\n## 1. get of one user, one caller thread, 0 ms latency (JMH, us/op)\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        try (ServerProcess server = new ServerProcess(smoke ? 50 : 1000, 0)) {
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include(GetBenchmark.class.getName() + ".")
                    .param("baseUrl", server.baseUrl())
                    .param("token", server.token)
                    .shouldFailOnError(true);
            if (smoke) {
                o.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
            } else {
                o.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(2)).measurementIterations(3)
                        .measurementTime(TimeValue.seconds(2))
                        .jvmArgsAppend("-Xmx1g",
                                "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""))
                        .addProfiler("gc");
            }
            Collection<RunResult> results = new Runner(o.build()).run();
            line("| contender | p50 us | p90 us | p99 us | mean us/op | alloc B/op |");
            line("|---|---:|---:|---:|---:|---:|");
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
                double score = r.getPrimaryResult().getScore();
                var stats = r.getPrimaryResult().getStatistics();
                var alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                figures.put("get." + name, stats.getPercentile(50));
                figures.put("get.mean." + name, score);
                line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %s |", name, stats.getPercentile(50),
                        stats.getPercentile(90), stats.getPercentile(99), score,
                        alloc == null ? "n/a" : String.format(Locale.ROOT, "%.0f", alloc.getScore())));
            }
            interleaved(server, "", smoke ? 20 : 1_000, smoke ? 50 : 2_000);
        }
        line("\n## 1b. get of one user, one caller thread, 20 ms latency (interleaved)\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        try (ServerProcess server = new ServerProcess(smoke ? 50 : 1000, smoke ? 5 : 20)) {
            interleaved(server, "20.", smoke ? 5 : 100, smoke ? 20 : 400);
        }
    }

    /**
     * The same three calls, interleaved in a shuffled order on one thread, so that all three see the same load from
     * whatever else runs on the machine. JMH runs the contenders one after another, and on a shared machine the load
     * changes between them.
     */
    private void interleaved(ServerProcess server, String prefix, int warm, int rounds) throws Exception {
        line("\nInterleaved (one thread, the calls in shuffled order each round, " + rounds + " rounds after "
             + warm + " warm-up rounds; componentInline is the component with completeOnIoThread=true, componentSync "
             + "the component with synchronous=true):\n");
        try (Contenders c = new Contenders(server.baseUrl(), server.token, 8)) {
            String[] names = { "component", "raw", "camelHttp", "componentInline", "componentSync" };
            int k0 = names.length;
            long[][] nanos = new long[k0][rounds];
            java.util.Random random = new java.util.Random(42);
            int[] order = { 0, 1, 2, 3, 4 };
            for (int i = -warm; i < rounds; i++) {
                for (int k = k0 - 1; k > 0; k--) {
                    int j = random.nextInt(k + 1);
                    int t = order[k];
                    order[k] = order[j];
                    order[j] = t;
                }
                for (int which : order) {
                    long t0 = System.nanoTime();
                    Object r = which == 0 ? c.componentGet() : which == 1 ? c.rawGet() : which == 2 ? c.httpGet()
                            : which == 3 ? c.componentInlineGet() : c.componentSyncGet();
                    long d = System.nanoTime() - t0;
                    if (r == null) {
                        throw new IllegalStateException(names[which] + " returned null");
                    }
                    if (i >= 0) {
                        nanos[which][i] = d;
                    }
                }
            }
            line("| contender | p50 us | p90 us | p99 us | mean us |");
            line("|---|---:|---:|---:|---:|");
            for (int w = 0; w < k0; w++) {
                long[] a = nanos[w].clone();
                java.util.Arrays.sort(a);
                double mean = java.util.Arrays.stream(a).average().orElse(0) / 1e3;
                double p50 = a[a.length / 2] / 1e3;
                figures.put(prefix + "iget." + names[w], p50);
                figures.put(prefix + "iget.mean." + names[w], mean);
                line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |", names[w], p50,
                        a[(int) (a.length * 0.9)] / 1e3, a[(int) (a.length * 0.99)] / 1e3, mean));
            }
        }
    }

    // ------------------------------------------------------------------ 2. scaling

    /** Heap after forced GC, relative to a baseline, with the time spent in those GCs left out of the timing. */
    static final class Meter {
        final long baseline;
        long maxRetained;
        final List<Long> samples = new ArrayList<>();
        /** Time measured so far, forced GCs excluded; it stops at each checkpoint and resumes after its GC. */
        private long activeNanos;
        private long resumedAt;

        Meter() {
            baseline = usedAfterGc();
            resumedAt = System.nanoTime();
        }

        void checkpoint() {
            long t = System.nanoTime();
            activeNanos += t - resumedAt;
            long retained = usedAfterGc() - baseline;
            samples.add(retained);
            maxRetained = Math.max(maxRetained, retained);
            resumedAt = System.nanoTime();
        }

        /**
         * @return the time up to the last checkpoint, so that what runs after it (another Meter's run) is not counted;
         *         without a checkpoint, the time until now
         */
        double seconds() {
            return (samples.isEmpty() ? System.nanoTime() - resumedAt : activeNanos) / 1e9;
        }

        static long usedAfterGc() {
            System.gc();
            System.gc();
            return MEMORY.getHeapMemoryUsage().getUsed();
        }
    }

    private void scaling() throws Exception {
        int[] sizes = smoke ? new int[] { 400 } : new int[] { 1_000, 10_000, 100_000 };
        long[] latencies = smoke ? new long[] { 0, 5 } : new long[] { 0, 100 };
        line("\n## 2. list all users, perPage=200 (time excludes the forced GCs that measure heap)\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        line("Heap: retained heap after a forced GC, minus the baseline before the run; for List at the end with the "
             + "result held, for StreamList the maximum over checkpoints every 2,000 users, in a second pass (the timed "
             + "pass has no checkpoint).\n");
        line("| latency | N (users) | contender | pages | time s | heap MiB | us/user |");
        line("|---:|---:|---|---:|---:|---:|---:|");
        for (long latency : latencies) {
            for (int n : sizes) {
                try (ServerProcess server = new ServerProcess(n, latency);
                     Contenders c = new Contenders(server.baseUrl(), server.token, 16)) {
                    // warm the code paths once so the first row is not class loading
                    c.componentList(4);
                    c.rawGet();
                    c.httpGet();
                    row(latency, n, "component List c=1", () -> c.componentList(1), false);
                    row(latency, n, "component List c=4", () -> c.componentList(4), false);
                    AtomicLong sinkHash = new AtomicLong();
                    streamRow(latency, n, "component StreamList c=4", checkpoints -> {
                        Meter m = current;
                        int[] count = { 0 };
                        return c.componentStream(4, u -> {
                            sinkHash.addAndGet(System.identityHashCode(u));
                            if (checkpoints && ++count[0] % 2000 == 0) {
                                m.checkpoint();
                            }
                        });
                    });
                    row(latency, n, "raw HttpClient5+Jackson sequential", () -> {
                        try {
                            return c.rawList();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, false);
                    row(latency, n, "camel-http route sequential", () -> c.httpList(), false);
                }
            }
        }
    }

    private Meter current;

    /**
     * Runs one contender. The supplier returns the result (a List, held until the checkpoint: that is what a List body
     * costs) or, for a stream, the number of users seen.
     */
    private void row(long latency, int n, String name, Supplier<Object> run, boolean streaming) {
        Meter m = new Meter();
        current = m;
        Object result = run.get();
        m.checkpoint();
        int users = result instanceof List<?> l ? l.size() : (Integer) result;
        result = null;
        double s = m.seconds();
        int pages = (users + Contenders.PER_PAGE - 1) / Contenders.PER_PAGE;
        double mib = m.maxRetained / 1048576.0;
        String key = "scale." + latency + "." + n + "." + name;
        figures.put(key + ".s", s);
        figures.put(key + ".mib", mib);
        line(String.format(Locale.ROOT, "| %d ms | %,d | %s | %d | %.2f | %.1f | %.1f |", latency, users, name, pages, s,
                mib, s * 1e6 / Math.max(1, users)));
    }

    /**
     * StreamList runs twice: once timed with no checkpoint (a forced GC pauses the reader while the prefetched pages
     * keep arriving, which would flatter the time), once with a checkpoint every 2,000 users for the heap.
     */
    interface StreamRun {
        int run(boolean checkpoints);
    }

    private void streamRow(long latency, int n, String name, StreamRun run) {
        Meter timed = new Meter();
        current = timed;
        int users = run.run(false);
        double s = timed.seconds();
        Meter heap = new Meter();
        current = heap;
        run.run(true);
        heap.checkpoint();
        int pages = (users + Contenders.PER_PAGE - 1) / Contenders.PER_PAGE;
        double mib = heap.maxRetained / 1048576.0;
        List<Long> sorted = new ArrayList<>(heap.samples);
        java.util.Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2) / 1048576.0;
        String key = "scale." + latency + "." + n + "." + name;
        figures.put(key + ".s", s);
        figures.put(key + ".mib", mib);
        figures.put(key + ".median.mib", median);
        line(String.format(Locale.ROOT,
                "|  |  | (StreamList heap checkpoints: %d, median %.2f MiB, max %.2f MiB) |  |  |  |  |",
                sorted.size(), median, mib));
        line(String.format(Locale.ROOT, "| %d ms | %,d | %s | %d | %.2f | %.1f | %.1f |", latency, users, name, pages, s,
                mib, s * 1e6 / Math.max(1, users)));
    }

    // ------------------------------------------------------------------ 3. in flight

    private void inFlight() throws Exception {
        int inFlight = smoke ? 16 : 256;
        long latency = 50;
        long runMillis = smoke ? 1000 : 8000;
        int ideal = (int) (inFlight / (latency / 1000.0));
        line("\n## 3. " + inFlight + " in flight, " + latency + " ms latency, " + runMillis / 1000.0 + " s per contender\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        line("Server: FastServer (HttpCore 5 async server, own JVM, one canned user, latency on a timer). Latency-bound "
             + "ideal: " + inFlight + " / " + latency / 1000.0 + " s = " + ideal + " req/s.\n");
        line("| contender | req/s | % of ideal | errors | peak client threads | peak JVM threads (delta) | client CPU ms/req | server CPU ms/req |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        // the server's own ceiling first: at 0 ms, with the cheapest client there is (raw async, no parsing)
        try (ServerProcess server = ServerProcess.fast(0)) {
            rawAsyncLoad("server ceiling @0 ms (raw async client, " + inFlight + " in flight, no parsing)", server, inFlight,
                    runMillis, ideal, false);
        }
        try (ServerProcess server = ServerProcess.fast(latency);
             Contenders c = new Contenders(server.baseUrl(), server.token, inFlight)) {
            rawAsyncLoad("raw HttpClient 5 async + Jackson", server, inFlight, runMillis, ideal, true);
            for (String scheme : new String[] { "kantata-users", "kantata-users-inline" }) {
                // component: its async producer, a semaphore keeps N exchanges in flight from one thread
                Endpoint endpoint = c.context
                        .getEndpoint(c.componentUri("get", "userId=1").replaceFirst("^kantata-users:", scheme + ":"));
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                String name = scheme.endsWith("inline")
                        ? "component, completeOnIoThread (async producer)" : "component (async producer)";
                measureInFlight(name, server, inFlight, runMillis, ideal, (stop, done, errors) -> {
                    Semaphore permits = new Semaphore(inFlight);
                    while (!stop.get()) {
                        permits.acquireUninterruptibly();
                        Exchange e = new DefaultExchange(c.context);
                        producer.process(e, sync -> {
                            if (e.getException() != null) {
                                errors.incrementAndGet();
                            }
                            done.incrementAndGet();
                            permits.release();
                        });
                    }
                    permits.acquireUninterruptibly(inFlight);
                });
                producer.stop();
            }
            // camel-http: a blocking producer, so N in flight needs N caller threads (as a threads(N) route would)
            measureInFlight("camel-http route (" + inFlight + " caller threads)", server, inFlight, runMillis, ideal,
                    (stop, done, errors) -> {
                        ExecutorService callers = Executors.newFixedThreadPool(inFlight, r -> new Thread(r, "bench-caller"));
                        for (int i = 0; i < inFlight; i++) {
                            callers.execute(() -> {
                                while (!stop.get()) {
                                    try {
                                        c.httpGet();
                                    } catch (RuntimeException e) {
                                        errors.incrementAndGet();
                                    }
                                    done.incrementAndGet();
                                }
                            });
                        }
                        callers.shutdown();
                        callers.awaitTermination(60, TimeUnit.SECONDS);
                    });
        }
    }

    /**
     * The cheapest client: HttpClient 5 async, N requests kept in flight from callbacks, optionally parsed with
     * Jackson.
     */
    private void rawAsyncLoad(String name, ServerProcess server, int inFlight, long runMillis, int ideal, boolean parse)
            throws Exception {
        var client = org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
                .setConnectionManager(org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(inFlight).setMaxConnPerRoute(inFlight).build())
                .setIOReactorConfig(
                        org.apache.hc.core5.reactor.IOReactorConfig.custom().setIoThreadCount(2).setTcpNoDelay(true).build())
                .build();
        client.start();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String uri = server.baseUrl() + "/users/1";
        try {
            measureInFlight(name, server, inFlight, runMillis, ideal, (stop, done, errors) -> {
                Semaphore permits = new Semaphore(inFlight);
                while (!stop.get()) {
                    permits.acquireUninterruptibly();
                    var request = org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(uri)
                            .setHeader("Authorization", "Bearer " + server.token).setHeader("Accept", "application/json")
                            .build();
                    client.execute(request, new org.apache.hc.core5.concurrent.FutureCallback<>() {
                        @Override
                        public void completed(org.apache.hc.client5.http.async.methods.SimpleHttpResponse r) {
                            try {
                                if (r.getCode() != 200) {
                                    errors.incrementAndGet();
                                } else if (parse) {
                                    mapper.readTree(r.getBodyBytes());
                                }
                            } catch (java.io.IOException e) {
                                errors.incrementAndGet();
                            }
                            done.incrementAndGet();
                            permits.release();
                        }

                        @Override
                        public void failed(Exception ex) {
                            errors.incrementAndGet();
                            done.incrementAndGet();
                            permits.release();
                        }

                        @Override
                        public void cancelled() {
                            failed(null);
                        }
                    });
                }
                permits.acquireUninterruptibly(inFlight);
            });
        } finally {
            client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
        }
    }

    interface Load {
        void run(java.util.concurrent.atomic.AtomicBoolean stop, AtomicLong done, AtomicLong errors) throws Exception;
    }

    static boolean isClientThread(String name) {
        return name.contains("KantataUsers") || name.startsWith("httpclient-") || name.contains("I/O dispatcher")
                || name.startsWith("bench-caller") || name.contains("Camel (");
    }

    private void measureInFlight(String name, ServerProcess server, int inFlight, long runMillis, int ideal, Load load)
            throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int baseThreads = threads.getThreadCount();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger peakClient = new AtomicInteger();
        AtomicInteger peakAll = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!stop.get()) {
                int client = 0;
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (isClientThread(t.getName())) {
                        client++;
                    }
                }
                peakClient.accumulateAndGet(client, Math::max);
                peakAll.accumulateAndGet(threads.getThreadCount(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread driver = new Thread(() -> {
            try {
                load.run(stop, done, errors);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        driver.start();
        Thread.sleep(Math.min(1000, runMillis / 4)); // warm-up: connections opened, pools grown
        sampler.start();
        long cpu0 = os.getProcessCpuTime();
        long scpu0 = server.cpuNanos();
        long n0 = done.get();
        long t0 = System.nanoTime();
        Thread.sleep(runMillis);
        long n1 = done.get();
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        long scpu1 = server.cpuNanos();
        stop.set(true);
        driver.join(60_000);
        sampler.join();
        double rps = (n1 - n0) / ((t1 - t0) / 1e9);
        figures.put("inflight." + name + ".rps", rps);
        figures.put("inflight." + name + ".threads", (double) peakClient.get());
        double clientCpu = (cpu1 - cpu0) / 1e6 / Math.max(1, n1 - n0);
        figures.put("inflight." + name + ".cpu", clientCpu);
        figures.put("inflight." + name + ".ideal", rps / ideal);
        line(String.format(Locale.ROOT, "| %s | %.0f | %.0f %% | %d | %d | %d | %.3f | %.3f |", name, rps, 100 * rps / ideal,
                errors.get(), peakClient.get(), peakAll.get() - baseThreads, clientCpu,
                (scpu1 - scpu0) / 1e6 / Math.max(1, n1 - n0)));
    }

    // ------------------------------------------------------------------ state stores

    /**
     * The old stateFile (the KUSTATE1 append-only log, FileBulkStateRepository, kept under the test sources for this)
     * and the new one (SQLite, synchronous FULL and NORMAL) side by side, on the same server and the same work: a first
     * sync, then steady polls with 1 % changed.
     */
    private void stateStores() throws Exception {
        int n = smoke ? 2000 : 50_000;
        line("\n## state stores: first sync of " + n + " users, then polls with 1% changed, 0 ms latency\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        line("| store | first sync s | users/s | bytes written (JVM wchar) | file bytes | steady poll ms (median of "
             + (smoke ? 1 : 5) + ") |");
        line("|---|---:|---:|---:|---:|---:|");
        Path dir = Path.of("target", "bench", "state");
        // a warm-up sync first (unreported: the first one of the JVM runs cold code), then each store in turn
        for (String store : List.of("warm-up", "old log (KUSTATE1)", "SQLite synchronous=FULL", "SQLite synchronous=NORMAL")) {
            deleteTree(dir);
            Files.createDirectories(dir);
            Path file = dir.resolve("users.state");
            io.github.camelkantata.users.state.FileBulkStateRepository old = null;
            String option;
            if (store.startsWith("old") || store.equals("warm-up")) {
                old = new io.github.camelkantata.users.state.FileBulkStateRepository(file.toFile());
                option = "stateRepository=#oldLog";
            } else {
                System.setProperty("io.github.camelkantata.users.stateFile.synchronous",
                        store.endsWith("FULL") ? "FULL" : "NORMAL");
                option = "stateFile=" + file.toAbsolutePath();
            }
            try (ServerProcess server = new ServerProcess(n, 0);
                 Contenders c = new Contenders(server.baseUrl(), server.token, 16)) {
                if (old != null) {
                    c.context.getRegistry().bind("oldLog", old);
                }
                String uri = c.componentUri("list", "perPage=200&pageConcurrency=4&startScheduler=false&" + option);
                java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
                c.context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).routeId("bench-state").process(e -> emitted.incrementAndGet());
                    }
                });
                Runnable poller = (Runnable) c.context.getRoute("bench-state").getConsumer();
                long w0 = wchar();
                long t0 = System.nanoTime();
                poller.run();
                double first = (System.nanoTime() - t0) / 1e9;
                long written = wchar() - w0;
                int synced = emitted.getAndSet(0);
                int rounds = smoke ? 1 : 5;
                double[] ms = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    server.touch(1);
                    c.componentList(4, SCOPE); // the server's cache rebuild, outside the measurement
                    long p0 = System.nanoTime();
                    poller.run();
                    ms[r] = (System.nanoTime() - p0) / 1e6;
                }
                java.util.Arrays.sort(ms);
                long size = 0;
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        size += Files.size(f);
                    }
                }
                c.context.getRouteController().stopRoute("bench-state");
                if (old != null) {
                    old.stop();
                }
                if (store.equals("warm-up")) {
                    continue;
                }
                String key = store.startsWith("old") ? "state.old" : store.endsWith("FULL") ? "state.sqlite.full"
                        : "state.sqlite.normal";
                figures.put(key + ".usersPerSecond", synced / first);
                figures.put(key + ".steadyMs", ms[rounds / 2]);
                line(String.format(Locale.ROOT, "| %s | %.2f | %,.0f | %,d | %,d | %.0f |", store, first, synced / first,
                        written, size, ms[rounds / 2]));
            }
        }
        System.clearProperty("io.github.camelkantata.users.stateFile.synchronous");
        line("\nA warm-up sync on the old log ran first, unreported; bytes written are what this JVM passed to write calls"
             + " during the first sync (the state store, and a little logging).");
    }

    private static long wchar() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (l.startsWith("wchar:")) {
                return Long.parseLong(l.substring(6).trim());
            }
        }
        return -1;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------ 4. consumer

    private void consumerPoll() throws Exception {
        for (long latency : smoke ? new long[] { 0, 5 } : new long[] { 0, 100 }) {
            consumerPoll(latency);
        }
    }

    /** The consumer's default scope, which the bare list-all it is compared with uses too. */
    private static final String SCOPE = "onMyAccount=true";

    private void consumerPoll(long latency) throws Exception {
        int n = smoke ? 400 : 100_000;
        String k = latency == 0 ? "" : latency + ".";
        line("\n## 4. consumer poll, " + n + " users, 1% changed, " + latency + " ms latency\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        try (ServerProcess server = new ServerProcess(n, latency);
             Contenders c = new Contenders(server.baseUrl(), server.token, 16)) {
            // The consumer runs in a route, as users run it: the route's unit of work is what commits the state
            // when an exchange completes. (A consumer polled outside a route would never commit, and every poll
            // would re-emit the whole account.)
            String uri = c.componentUri("list", "perPage=200&pageConcurrency=4&startScheduler=false&onlyChanged=true");
            // the list it is compared with walks the same users: a consumer's default scope is onMyAccount=true
            java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
            c.context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("bench-consumer").process(e -> emitted.incrementAndGet());
                }
            });
            Consumer consumer = c.context.getRoute("bench-consumer").getConsumer();
            if (!(consumer instanceof Runnable poller)) {
                line("**NOT RUN**: the consumer is not a scheduled poll consumer that can be polled by hand.");
                return;
            }
            try {
                Meter seed = new Meter();
                poller.run(); // first poll: seeds the state
                seed.checkpoint();
                int seeded = emitted.getAndSet(0);
                int touched = server.touch(1);
                // the server rebuilds its sorted cache on the first request after a change; a list-all takes that
                // hit here, so that neither the poll nor the list below measures the server's own work
                c.componentList(4, SCOPE);
                Meter poll = new Meter();
                poller.run(); // the measured poll: 1% changed
                poll.checkpoint();
                int changed = emitted.get();
                Meter list = new Meter();
                int users = c.componentList(4, SCOPE).size();
                list.checkpoint();
                figures.put("consumer." + k + "poll.s", poll.seconds());
                figures.put("consumer." + k + "list.s", list.seconds());
                line("| run | users | time s | heap MiB |");
                line("|---|---:|---:|---:|");
                line(String.format(Locale.ROOT, "| first poll (seeds state) | %,d | %.2f | %.1f |", users, seed.seconds(),
                        seed.maxRetained / 1048576.0));
                line(String.format(Locale.ROOT,
                        "| first poll after seeding, %d changed (%d emitted; the seed poll emitted %,d); its scanning code still cold | %,d | %.2f | %.1f |",
                        touched, changed, seeded, users, poll.seconds(), poll.maxRetained / 1048576.0));
                line(String.format(Locale.ROOT, "| bare list-all c=4 | %,d | %.2f | %.1f |", users, list.seconds(),
                        list.maxRetained / 1048576.0));
                // a consumer polls again and again: the rounds after the first (whose scanning code runs for the
                // first time, still interpreted, while the list's code is warm from the sections before) show the cost
                // of a poll in production. At 0 ms a few unmeasured rounds first warm the poll's code as the list's is
                // (as JMH warms each contender up), then nine rounds give a median that one noisy round cannot move;
                // the first poll is reported beside it, not dropped
                int warmups = smoke ? 0 : latency == 0 ? 3 : 0;
                int rounds = smoke ? 1 : latency == 0 ? 9 : 2;
                double[] ratios = new double[rounds];
                StringBuilder each = new StringBuilder();
                for (int r = -warmups; r < rounds; r++) {
                    server.touch(1);
                    c.componentList(4, SCOPE); // the server's cache rebuild, as above
                    emitted.set(0);
                    Meter p = new Meter();
                    poller.run();
                    p.checkpoint();
                    Meter l = new Meter();
                    c.componentList(4, SCOPE);
                    l.checkpoint();
                    if (r < 0) {
                        continue; // warm-up
                    }
                    ratios[r] = p.seconds() / l.seconds();
                    each.append(String.format(Locale.ROOT, "%s%.2f s / %.2f s (%d emitted)", r == 0 ? "" : "; ",
                            p.seconds(), l.seconds(), emitted.get()));
                }
                double[] sorted = ratios.clone();
                java.util.Arrays.sort(sorted);
                double median = sorted[sorted.length / 2];
                figures.put("consumer." + k + "repeat.median", median);
                line(String.format(Locale.ROOT, "\nRepeated polls (1%% changed before each; %d unmeasured warm-up rounds "
                                                + "first), poll / list-all: %s. Median poll/list ratio over %d rounds: %.2f (load %s)",
                        warmups, each, rounds, median, loadAverage()));
            } finally {
                c.context.getRouteController().stopRoute("bench-consumer");
            }
        }
    }

    // ------------------------------------------------------------------ 6. change detection

    /** One way of finding changes: a consumer route polled by hand, with its own in-memory state. */
    private record Detector(String name, String key, String options, Runnable poller,
            java.util.concurrent.atomic.AtomicInteger emitted) {
    }

    private void changeDetection() throws Exception {
        for (long latency : smoke ? new long[] { 0 } : new long[] { 0, 100 }) {
            changeDetection(latency);
        }
    }

    /**
     * The consumer's three ways of finding what changed, side by side against one sandbox: a full poll (every poll
     * walks the account), an incremental poll ({@code updated_after}) and {@code changeDetection=events} (the change
     * feed, then the users it names by id). Each round edits 1 % of the users, waits for the overlap to pass, then
     * polls the three in a shuffled order; the server counts the requests each poll sent.
     * <p>
     * Both overlaps are 1 s here, and a round waits 1.1 s after its edits: each poll then sees exactly the edits of its
     * round. With the defaults (incrementalOverlap 5 min, eventsOverlap 15 min) a poll also reads again the users
     * changed within the overlap before its previous poll, which the docs state separately.
     */
    private void changeDetection(long latency) throws Exception {
        int n = smoke ? 400 : 20_000;
        int warmups = smoke ? 0 : 3;
        int rounds = smoke ? 1 : 9;
        String k = "changes." + latency + ".";
        line("\n## 6. change detection: full poll, incremental poll and changeDetection=events, "
             + String.format(Locale.ROOT, "%,d", n)
             + " users, 1% changed per poll, " + latency + " ms latency\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        try (ServerProcess server = new ServerProcess(n, latency);
             Contenders c = new Contenders(server.baseUrl(), server.token, 16)) {
            String common = "perPage=200&pageConcurrency=4&startScheduler=false&onlyChanged=true&emitRemoved=true";
            List<Detector> detectors = new ArrayList<>();
            String[][] kinds = {
                    { "poll (full walk)", "full", "" },
                    { "poll, incremental=true", "incremental", "incremental=true&fullSyncEvery=1000000&incrementalOverlap=1s" },
                    { "changeDetection=events", "events", "changeDetection=events&eventsOverlap=1s" } };
            for (String[] kind : kinds) {
                java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
                String routeId = "bench-" + kind[1];
                String uri = c.componentUri("list", common + (kind[2].isEmpty() ? "" : "&" + kind[2]));
                c.context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).routeId(routeId).process(e -> emitted.incrementAndGet());
                    }
                });
                if (!(c.context.getRoute(routeId).getConsumer() instanceof Runnable poller)) {
                    line("**NOT RUN**: the consumer is not a scheduled poll consumer that can be polled by hand.");
                    return;
                }
                detectors.add(new Detector(kind[0], kind[1], kind[2], poller, emitted));
            }
            try {
                // the first poll of each walks the account and seeds its state
                for (Detector d : detectors) {
                    d.poller().run();
                }
                server.counted();
                int m = detectors.size();
                double[][] seconds = new double[m][rounds];
                long[][] users = new long[m][rounds];
                long[][] feed = new long[m][rounds];
                int[][] emitted = new int[m][rounds];
                int touched = 0;
                java.util.Random random = new java.util.Random(42);
                Integer[] order = { 0, 1, 2 };
                for (int r = -warmups; r < rounds; r++) {
                    touched = server.touch(1);
                    // the round's edits fall behind the 1 s overlap of the next round, never inside it
                    Thread.sleep(1100);
                    java.util.Collections.shuffle(java.util.Arrays.asList(order), random);
                    for (int which : order) {
                        Detector d = detectors.get(which);
                        d.emitted().set(0);
                        Meter meter = new Meter();
                        d.poller().run();
                        meter.checkpoint();
                        long[] counted = server.counted();
                        if (r >= 0) {
                            seconds[which][r] = meter.seconds();
                            users[which][r] = counted[0];
                            feed[which][r] = counted[1];
                            emitted[which][r] = d.emitted().get();
                        }
                    }
                }
                line("Each round edits " + touched + " users (1 %, every 100th, some of them outside the consumer's "
                     + "scope), waits 1.1 s, then polls the three in a shuffled order. Medians over " + rounds
                     + " rounds after " + warmups + " unmeasured warm-up rounds; incrementalOverlap and eventsOverlap are "
                     + "1 s (see PERFORMANCE.md).\n");
                line("| detector | time per poll s (median) | min / max s | requests per poll: /users | /subscribed_events | messages per poll |");
                line("|---|---:|---:|---:|---:|---:|");
                for (int i = 0; i < m; i++) {
                    Detector d = detectors.get(i);
                    double time = median(seconds[i]);
                    double[] sorted = seconds[i].clone();
                    java.util.Arrays.sort(sorted);
                    double req = median(users[i]) + median(feed[i]);
                    figures.put(k + d.key() + ".s", time);
                    figures.put(k + d.key() + ".requests", req);
                    line(String.format(Locale.ROOT, "| %s | %.3f | %.3f / %.3f | %.0f | %.0f | %s |", d.name(), time,
                            sorted[0], sorted[sorted.length - 1], median(users[i]), median(feed[i]),
                            java.util.Arrays.toString(emitted[i])));
                }
                for (int r = 0; r < rounds; r++) {
                    if (emitted[0][r] != emitted[1][r] || emitted[0][r] != emitted[2][r]) {
                        line("\n**MISMATCH** in round " + (r + 1) + ": the three detectors emitted " + emitted[0][r] + ", "
                             + emitted[1][r] + " and " + emitted[2][r] + " messages; they must agree.");
                        // a detector that misses or repeats changes is a bug, not a figure: fail the run (and --smoke in CI)
                        throw new IllegalStateException("change detectors disagree in round " + (r + 1));
                    }
                }
            } finally {
                for (Detector d : detectors) {
                    c.context.getRouteController().stopRoute("bench-" + d.key());
                }
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    // ------------------------------------------------------------------ 5. memory

    /** Bytes allocated so far by every live thread of this JVM. */
    private static long allocatedBytes() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : bean.getAllThreadIds()) {
            long a = bean.getThreadAllocatedBytes(id);
            if (a > 0) {
                sum += a;
            }
        }
        return sum;
    }

    /**
     * Memory per page of 200 users with include=manager,role,skills: the body (as received and as inflated), what
     * reading one page allocates, and what a parsed page retains; then the allocation per user of a whole list.
     */
    /** One page read, as {@link #allocatedPerRead} times it. */
    @FunctionalInterface
    interface PageRead {
        Object read() throws Exception;
    }

    /** @return the bytes this thread allocates per {@code read}, after 50 warm-up reads, over 20 */
    static long allocatedPerRead(PageRead read) throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 50; i++) {
            read.read();
        }
        long before = bean.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 20; i++) {
            read.read();
        }
        return (bean.getThreadAllocatedBytes(tid) - before) / 20;
    }

    private void memory() throws Exception {
        int n = smoke ? 400 : 10_000;
        line("\n## 5. memory per page (200 users, include=manager,role,skills) and allocation per user of list\n");
        line("Load average (1 min) when this section started: " + loadAverage() + "\n");
        try (ServerProcess server = new ServerProcess(n, 0);
             Contenders c = new Contenders(server.baseUrl(), server.token, 16)) {
            String include = "include=manager,role,skills";
            // the body as the component receives it: gzip asked for, as the transport does
            java.net.HttpURLConnection conn = (java.net.HttpURLConnection) java.net.URI.create(
                    server.baseUrl() + "/users?per_page=200&page=1&" + include).toURL().openConnection();
            conn.setRequestProperty("Authorization", "Bearer " + server.token);
            conn.setRequestProperty("Accept-Encoding", "gzip");
            byte[] wire;
            try (java.io.InputStream in = conn.getInputStream()) {
                wire = in.readAllBytes();
            }
            boolean gzip = "gzip".equalsIgnoreCase(conn.getHeaderField("Content-Encoding"));
            byte[] body
                    = gzip ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(wire)).readAllBytes() : wire;
            int reps = 20;
            long perRead = allocatedPerRead(() -> io.github.camelkantata.users.client.EnvelopeReader.readUsers(body, false));
            long base = Meter.usedAfterGc();
            List<Object> held = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                held.add(io.github.camelkantata.users.client.EnvelopeReader.readUsers(body, false));
            }
            long retained = (Meter.usedAfterGc() - base) / 20;
            held.clear();
            // peak for one page: the body buffered by the transport (inflated) + what the parse allocates (a bound:
            // part of it is garbage before the end) -- and, when gzip, the compressed bytes too
            long peak = (gzip ? wire.length : 0) + body.length + perRead;
            line("| figure | bytes | KiB |");
            line("|---|---:|---:|");
            line(String.format(Locale.ROOT, "| body on the wire (%s) | %,d | %.0f |", gzip ? "gzip" : "identity", wire.length,
                    wire.length / 1024.0));
            line(String.format(Locale.ROOT, "| body inflated, buffered whole by the transport | %,d | %.0f |", body.length,
                    body.length / 1024.0));
            line(String.format(Locale.ROOT, "| allocated by reading one page | %,d | %.0f |", perRead, perRead / 1024.0));
            line(String.format(Locale.ROOT, "| retained by one parsed page (UserPage) | %,d | %.0f |", retained,
                    retained / 1024.0));
            line(String.format(Locale.ROOT,
                    "| peak per page, upper bound (wire + inflated + allocated while reading) | %,d | %.0f |", peak,
                    peak / 1024.0));
            figures.put("memory.page.peak", (double) peak);
            // synchronous=true parses a 2xx page from the connection as it arrives: no body buffer at all
            long perStreamedRead = allocatedPerRead(() -> io.github.camelkantata.users.client.EnvelopeReader.readUsers(
                    new java.io.ByteArrayInputStream(body), true));
            line(String.format(Locale.ROOT,
                    "| synchronous=true: allocated by reading one page from the stream (no body buffer) | %,d | %.0f |",
                    perStreamedRead, perStreamedRead / 1024.0));
            line(String.format(Locale.ROOT,
                    "| synchronous=true: peak per page, upper bound (allocated while reading; the body is never whole in memory) | %,d | %.0f |",
                    perStreamedRead, perStreamedRead / 1024.0));
            figures.put("memory.page.peak.sync", (double) perStreamedRead);
            // a gzip page on the async path (what a compressing server sends): kept compressed by the transport and
            // inflated while it is parsed, so the inflated body is never whole in memory either
            java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
                z.write(body);
            }
            byte[] compressed = gz.toByteArray();
            long perGzipRead = allocatedPerRead(() -> io.github.camelkantata.users.client.EnvelopeReader.readUsers(
                    new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed), 8192), true));
            long gzipPeakBefore = compressed.length + body.length + perRead;
            long gzipPeak = compressed.length + perGzipRead;
            line(String.format(Locale.ROOT,
                    "| gzip page (async path): compressed body, buffered by the transport | %,d | %.0f |",
                    compressed.length, compressed.length / 1024.0));
            line(String.format(Locale.ROOT,
                    "| gzip page (async path): before, peak upper bound (compressed + inflated copy + allocated while reading) | %,d | %.0f |",
                    gzipPeakBefore, gzipPeakBefore / 1024.0));
            line(String.format(Locale.ROOT,
                    "| gzip page (async path): now, peak upper bound (compressed + allocated while inflating and parsing) | %,d | %.0f |",
                    gzipPeak, gzipPeak / 1024.0));
            figures.put("memory.page.peak.gzip", (double) gzipPeak);
            // the same page end to end through the component, synchronous=true (HTTP, gzip, parse, Camel), every thread
            String pageUri = c.componentUri("list", "page=1&perPage=200&synchronous=true&" + include);
            for (int i = 0; i < 30; i++) {
                c.template.requestBody(pageUri, null, List.class);
            }
            long e0 = allocatedBytes();
            for (int i = 0; i < reps; i++) {
                c.template.requestBody(pageUri, null, List.class);
            }
            long perPageCall = (allocatedBytes() - e0) / reps;
            line(String.format(Locale.ROOT,
                    "| synchronous=true: allocated by one page call end to end (HTTP, inflate, parse, Camel), all threads | %,d | %.0f |",
                    perPageCall, perPageCall / 1024.0));
            figures.put("memory.page.call.sync", (double) perPageCall);
            // allocation per user of a whole list, every thread of this JVM (HTTP, parsing, Camel)
            c.componentList(4);
            long t0 = allocatedBytes();
            int users = c.componentList(4).size();
            long perUser = (allocatedBytes() - t0) / Math.max(1, users);
            line(String.format(Locale.ROOT,
                    "| allocation per user, list of %,d users (perPage=200, c=4, no include), all threads | %,d | |", users,
                    perUser));
            figures.put("memory.list.perUser", (double) perUser);
        }
    }

    // ------------------------------------------------------------------ ratios

    private double f(String key) {
        Double v = figures.get(key);
        return v == null ? Double.NaN : v;
    }

    private void ratios() {
        line("\n## Ratios\n");
        line("| ratio | value | goal |");
        line("|---|---:|---|");
        line(String.format(Locale.ROOT, "| load average (1 min) at the start / end of the run | %s | |",
                loadAtStart + " / " + loadAverage()));
        ratio("get interleaved p50: component / raw", f("iget.component") / f("iget.raw"), "<= 1.3");
        ratio("get interleaved p50: component / camel-http", f("iget.component") / f("iget.camelHttp"), "<= 1.0");
        ratio("get interleaved p50: componentInline (completeOnIoThread) / raw", f("iget.componentInline") / f("iget.raw"),
                "<= 1.3");
        ratio("get interleaved p50: componentInline (completeOnIoThread) / camel-http",
                f("iget.componentInline") / f("iget.camelHttp"), "<= 1.0");
        ratio("get interleaved p50: componentSync (synchronous=true) / raw", f("iget.componentSync") / f("iget.raw"), "<= 1.3");
        ratio("get interleaved p50: componentSync (synchronous=true) / camel-http",
                f("iget.componentSync") / f("iget.camelHttp"), "<= 1.0");
        ratio("get @20 ms interleaved p50: component / raw", f("20.iget.component") / f("20.iget.raw"), "<= 1.03");
        ratio("get @20 ms interleaved p50: componentSync (synchronous=true) / raw",
                f("20.iget.componentSync") / f("20.iget.raw"), "<= 1.03");
        ratio("get @20 ms interleaved p50: component / camel-http", f("20.iget.component") / f("20.iget.camelHttp"), "");
        ratio("get @20 ms interleaved p50: componentInline / raw", f("20.iget.componentInline") / f("20.iget.raw"), "<= 1.03");
        String ceil = "inflight.server ceiling @0 ms (raw async client, " + (smoke ? 16 : 256) + " in flight, no parsing).rps";
        for (String who : new String[] { "component (async producer)", "component, completeOnIoThread (async producer)" }) {
            ratio("in flight @50 ms: " + who + " / latency-bound ideal", f("inflight." + who + ".ideal"), ">= 0.8");
            ratio("in flight @50 ms: " + who + " / server ceiling", f("inflight." + who + ".rps") / f(ceil), "");
            ratio("in flight @50 ms: " + who + " / raw async", f("inflight." + who + ".rps")
                                                               / f("inflight.raw HttpClient 5 async + Jackson.rps"),
                    "");
            ratio("in flight @50 ms: " + who + " client CPU ms per request", f("inflight." + who + ".cpu"), "<= 0.25");
            ratio("in flight @50 ms: " + who + " peak client threads", f("inflight." + who + ".threads"), "<= 32");
        }
        ratio("get interleaved mean: component / raw", f("iget.mean.component") / f("iget.mean.raw"), "<= 1.15");
        ratio("get interleaved mean: component / camel-http", f("iget.mean.component") / f("iget.mean.camelHttp"), "<= 1.0");
        ratio("get JMH p50: component / raw", f("get.component") / f("get.raw"), "<= 1.15");
        ratio("get JMH p50: component / camel-http", f("get.component") / f("get.camelHttp"), "<= 1.0");
        ratio("get JMH p50: componentSync / raw", f("get.componentSync") / f("get.raw"), "");
        ratio("get JMH p50: componentSync / camel-http", f("get.componentSync") / f("get.camelHttp"), "");
        ratio("get JMH mean: component / raw", f("get.mean.component") / f("get.mean.raw"), "<= 1.15");
        ratio("get JMH mean: component / camel-http", f("get.mean.component") / f("get.mean.camelHttp"), "<= 1.0");
        long slow = smoke ? 5 : 100;
        for (int n : smoke ? new int[] { 400 } : new int[] { 1_000, 10_000, 100_000 }) {
            String p = "scale." + slow + "." + n + ".";
            ratio("list " + n + " @" + slow + " ms: c=1 / c=4 (speedup)",
                    f(p + "component List c=1.s") / f(p + "component List c=4.s"), ">= 3.5");
            ratio("list " + n + " @" + slow + " ms: component c=4 / raw sequential (time)",
                    f(p + "component List c=4.s") / f(p + "raw HttpClient5+Jackson sequential.s"), "");
            ratio("list " + n + " @" + slow + " ms: component c=1 / raw sequential (time)",
                    f(p + "component List c=1.s") / f(p + "raw HttpClient5+Jackson sequential.s"), "");
            ratio("list " + n + " @" + slow + " ms: component c=1 / camel-http sequential (time)",
                    f(p + "component List c=1.s") / f(p + "camel-http route sequential.s"), "");
            ratio("list " + n + " @" + slow + " ms: component List heap / raw heap",
                    f(p + "component List c=4.mib") / f(p + "raw HttpClient5+Jackson sequential.mib"), "");
            ratio("list " + n + " @" + slow + " ms: component List heap / camel-http heap",
                    f(p + "component List c=4.mib") / f(p + "camel-http route sequential.mib"), "");
        }
        if (!smoke) {
            for (long lat : new long[] { 0, 100 }) {
                ratio("StreamList heap 100,000 / 10,000 @" + lat + " ms",
                        f("scale." + lat + ".100000.component StreamList c=4.mib")
                                                                          / f("scale." + lat
                                                                              + ".10000.component StreamList c=4.mib"),
                        "<= 1.2");
                ratio("StreamList heap median over checkpoints 100,000 / 10,000 @" + lat + " ms",
                        f("scale." + lat + ".100000.component StreamList c=4.median.mib")
                                                                                                  / f("scale." + lat
                                                                                                      + ".10000.component StreamList c=4.median.mib"),
                        "");
                ratio("StreamList peak heap / List heap, 100,000 @" + lat + " ms",
                        f("scale." + lat + ".100000.component StreamList c=4.mib")
                                                                                   / f("scale." + lat
                                                                                       + ".100000.component List c=4.mib"),
                        "");
                ratio("list 100,000 @" + lat + " ms: component c=1 / raw sequential (time)",
                        f("scale." + lat + ".100000.component List c=1.s")
                                                                                             / f("scale." + lat
                                                                                                 + ".100000.raw HttpClient5+Jackson sequential.s"),
                        "");
            }
        }
        ratio("consumer poll / bare list-all @0 ms, median of the repeated polls after warm-up", f("consumer.repeat.median"),
                "<= 1.2");
        ratio("consumer poll (1% changed) / bare list-all @0 ms, first poll after seeding (cold)",
                f("consumer.poll.s") / f("consumer.list.s"), "");
        ratio("consumer poll (1% changed) / bare list-all @" + (smoke ? 5 : 100) + " ms",
                f("consumer." + (smoke ? 5 : 100) + ".poll.s") / f("consumer." + (smoke ? 5 : 100) + ".list.s"), "<= 1.05");
        ratio("consumer poll / bare list-all @" + (smoke ? 5 : 100) + " ms, median of the repeated polls",
                f("consumer." + (smoke ? 5 : 100) + ".repeat.median"), "<= 1.05");
        changeRatios();
    }

    private void changeRatios() {
        for (long lat : smoke ? new long[] { 0 } : new long[] { 0, 100 }) {
            String p = "changes." + lat + ".";
            ratio("change detection @" + lat + " ms, 1% changed: events / full poll, time per poll",
                    f(p + "events.s") / f(p + "full.s"), "");
            ratio("change detection @" + lat + " ms, 1% changed: events / incremental poll, time per poll",
                    f(p + "events.s") / f(p + "incremental.s"), "");
            ratio("change detection @" + lat + " ms, 1% changed: events / full poll, requests per poll",
                    f(p + "events.requests") / f(p + "full.requests"), "");
            ratio("change detection @" + lat + " ms, 1% changed: events / incremental poll, requests per poll",
                    f(p + "events.requests") / f(p + "incremental.requests"), "");
        }
    }

    private void ratio(String name, double v, String goal) {
        line(String.format(Locale.ROOT, "| %s | %s | %s |", name,
                Double.isNaN(v) ? "not run" : String.format(Locale.ROOT, "%.2f", v), goal));
    }
}
