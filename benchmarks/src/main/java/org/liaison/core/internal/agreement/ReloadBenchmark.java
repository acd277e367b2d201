package org.liaison.core.internal.agreement;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A reload of the agreement configuration as the agreement service does it when a file changes: read and check
 * every file of the directory ({@link AgreementFiles#load(Path)}), then build the policy ({@link AgreementPolicy}),
 * for the demo configuration (6 agreements, the baseline) and for 1,000 agreements ({@link BenchmarkConfigurations};
 * 17 files, 0.66 MB). The files are written once per fork, before the measurement, so they are read from the
 * page cache, as right after an edit.
 *
 * <ul>
 * <li>{@link #reload()}: the average time of a reload in a JVM that has reloaded before (warmed up);</li>
 * <li>{@link #firstReload()}: the first load in a fresh JVM, with the loader's code neither loaded nor compiled
 * yet, as at start-up or for a reload long after the last one; one shot per fork, in 10 forks.</li>
 * </ul>
 * A set that does not load completely fails the benchmark.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class ReloadBenchmark {

    @Param({BenchmarkConfigurations.DEMO, BenchmarkConfigurations.GENERATED_1000})
    public String configuration;

    private BenchmarkConfigurations.Written written;

    @Setup(Level.Trial)
    public void writeFiles() {
        // written, not loaded: loading here would warm up the code firstReload() measures cold
        written = BenchmarkConfigurations.write(configuration);
    }

    @TearDown(Level.Trial)
    public void deleteFiles() {
        BenchmarkConfigurations.delete(written);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Fork(2)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    public AgreementPolicy reload() {
        return BenchmarkConfigurations.policy(written);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(10)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public AgreementPolicy firstReload() {
        return BenchmarkConfigurations.policy(written);
    }
}
