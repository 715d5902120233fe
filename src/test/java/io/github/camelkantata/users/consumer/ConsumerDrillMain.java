package io.github.camelkantata.users.consumer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelkantata.users.KantataUsersComponent;
import io.github.camelkantata.users.KantataUsersConstants;
import io.github.camelkantata.users.KantataUsersEndpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The consumer side of {@link ConsumerDrillTest}, in a JVM of its own with a small heap: one route on
 * {@code kantata-users:list} with four includes and default options (polled by hand, so the drill decides when), driven
 * by one command per line on stdin. Each poll prints {@code RESULT <step> <messages> <distinct ids> <millis> <peak heap
 * MB, sum of pool peaks> <peak heap MB, sampled>} and the ids delivered more than once in that step
 * ({@code DUP <step> <id>}), so the parent can check exactly-once delivery against the sandbox it changes between
 * steps.
 */
public final class ConsumerDrillMain {

    private static final Map<String, AtomicInteger> STEP = new ConcurrentHashMap<>();
    private static volatile long sampledPeak;
    private static DefaultCamelContext context;

    private ConsumerDrillMain() {
    }

    public static void main(String[] args) throws Exception {
        context = new DefaultCamelContext();
        KantataUsersComponent c = new KantataUsersComponent();
        c.getConfiguration().setAccessToken(args[1]);
        c.getConfiguration().setBaseUrl(args[0]);
        context.addComponent("kantata-users", c);
        AtomicInteger inStep = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kantata-users:list?include=account_membership,skills,role,manager&startScheduler=false")
                        .routeId("drill").process(e -> {
                            String id = e.getMessage().getHeader(KantataUsersConstants.CONSUMER_USER_ID, String.class);
                            STEP.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            inStep.incrementAndGet();
                        });
            }
        });
        context.start();
        Thread sampler = new Thread(() -> {
            // the heap in use, sampled: a closer figure than the sum of the pools' peaks, which peak at different times
            while (true) {
                sampledPeak = Math.max(sampledPeak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            long t0 = System.nanoTime();
            switch (cmd[0]) {
                case "poll" -> {
                    STEP.clear();
                    inStep.set(0);
                    poll();
                }
                case "poll-suspend" -> {
                    // a poll suspended once its walk has read n pages, then resumed and polled again: one step
                    STEP.clear();
                    inStep.set(0);
                    int pages = Integer.parseInt(cmd[2]);
                    KantataUsersEndpoint endpoint = (KantataUsersEndpoint) context.getRoute("drill").getEndpoint();
                    long base = endpoint.getMetrics().getPages();
                    AtomicInteger atSuspension = new AtomicInteger(-1);
                    Thread suspender = new Thread(() -> {
                        try {
                            while (endpoint.getMetrics().getPages() < base + pages) {
                                Thread.sleep(5);
                            }
                            context.getRouteController().suspendRoute("drill");
                            atSuspension.set(inStep.get());
                        } catch (Exception ex) {
                            ex.printStackTrace();
                        }
                    });
                    suspender.start();
                    poll();
                    suspender.join(60_000);
                    System.out.println("SUSPENDED-AT " + cmd[1] + " " + atSuspension.get() + " "
                                       + (endpoint.getMetrics().getPages() - base));
                    context.getRouteController().resumeRoute("drill");
                    poll();
                }
                case "poll-reload" -> {
                    STEP.clear();
                    inStep.set(0);
                    context.getRouteController().reloadAllRoutes();
                    poll();
                }
                case "exit" -> {
                    context.stop();
                    System.out.println("BYE");
                    System.exit(0);
                }
                default -> System.out.println("FAIL unknown command " + line);
            }
            int messages = STEP.values().stream().mapToInt(AtomicInteger::get).sum();
            STEP.forEach((id, n) -> {
                if (n.get() > 1) {
                    System.out.println("DUP " + cmd[1] + " " + id + " " + n.get());
                }
            });
            StringBuilder ids = new StringBuilder();
            if (STEP.size() <= 5000) {
                STEP.keySet().stream().sorted().forEach(id -> ids.append(id).append(','));
            }
            System.out.println("IDS " + cmd[1] + " " + ids);
            System.out.println("RESULT " + cmd[1] + " " + messages + " " + STEP.size() + " "
                               + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " " + peakHeapMb() + " "
                               + (sampledPeak >> 20));
        }
    }

    private static void poll() {
        ((KantataUsersConsumer) context.getRoute("drill").getConsumer()).run();
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
