package io.github.camelkantata.users.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Per-call cost of {@code get} of one user, one caller thread, against the bench server (0 ms latency). */
@State(Scope.Benchmark)
// SampleTime: the machine is shared, so the median (p50) is reported beside the mean, which outliers move
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GetBenchmark {

    /** Set by {@link BenchMain}. */
    @Param("")
    public String baseUrl;

    @Param("")
    public String token;

    private Contenders contenders;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        contenders = new Contenders(baseUrl, token, 8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        contenders.close();
    }

    @Benchmark
    public Object component() {
        return contenders.componentGet();
    }

    @Benchmark
    public Object componentSync() {
        return contenders.componentSyncGet();
    }

    @Benchmark
    public Object raw() throws Exception {
        return contenders.rawGet();
    }

    @Benchmark
    public Object camelHttp() {
        return contenders.httpGet();
    }
}
