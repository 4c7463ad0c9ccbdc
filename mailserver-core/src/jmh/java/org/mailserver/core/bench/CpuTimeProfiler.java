package org.mailserver.core.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The benchmark JVM's CPU time per operation ({@code -prof org.mailserver.core.bench.CpuTimeProfiler}):
 * on a shared machine the wall-clock time per operation grows whenever another process takes the CPU,
 * the CPU time does not. It counts every thread of the JVM (the garbage collector's too), so run it
 * with one benchmark thread.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long ops = result.getMetadata().getMeasuredOps();
        double micros = (os.getProcessCpuTime() - start) / 1e3;
        return List.of(new ScalarResult("cpu", ops == 0 ? Double.NaN : micros / ops, "us/op", AggregationPolicy.AVG));
    }
}
