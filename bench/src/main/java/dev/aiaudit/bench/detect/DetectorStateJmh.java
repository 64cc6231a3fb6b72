package dev.aiaudit.bench.detect;

import dev.aiaudit.detect.anomaly.Detector;
import dev.aiaudit.model.RecordedEvent;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detector state for 100,000 distinct keys ((process, asset) pairs; assets for rare-time; (process,
 * parent) pairs for rare-lineage): the time to build it from fresh records (single shot) and, printed
 * after each iteration, the heap it retains measured with JOL's GraphLayout (reachable objects at their
 * real layout in this JVM, not a GC-based estimate).
 *
 * <pre>java --sun-misc-unsafe-memory-access=allow -cp bench/target/benchmarks.jar org.openjdk.jmh.Main DetectorStateJmh</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g", "-Djdk.attach.allowAttachSelf=true",
    "-XX:+EnableDynamicAgentLoading"})
public class DetectorStateJmh {
  static final int KEYS = 100_000;

  @Param({"first-seen-exe-asset", "volume-baseline", "rare-time", "rare-lineage"})
  public String detector;

  private List<RecordedEvent> records;
  private Detector filled;

  @Setup(Level.Trial)
  public void records() {
    records = DetectorStates.records(detector, KEYS);
  }

  /** Builds the state of 100,000 keys in a fresh detector. */
  @Benchmark
  public Detector fill() {
    filled = DetectorStates.fill(DetectorStates.create(detector, KEYS), records);
    return filled;
  }

  @TearDown(Level.Iteration)
  public void retained() {
    long bytes = DetectorStates.retainedBytes(filled);
    System.out.printf("%n%s: %,d keys retain %,d bytes (%.1f MiB, %.0f B/key; JOL GraphLayout)%n", detector, KEYS, bytes,
        bytes / 1048576.0, bytes / (double) KEYS);
  }
}
