package dev.aiaudit.bench.codec;

import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.testing.Events;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: OCSF JSON encoding of one realistic file event ({@code Events.sample}: process, container, asset), the work
 * the journal does per record. {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main EventCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventCodecBenchmark {
  private FileEvent event;
  private byte[] encoded;

  @Setup
  public void setUp() {
    event = Events.sample(42, 1_764_000_000_000_000_000L);
    encoded = EventCodec.encode(event);
  }

  @Benchmark
  public byte[] encode() {
    return EventCodec.encode(event);
  }

  @Benchmark
  public Object decode() {
    return EventCodec.decode(encoded);
  }
}
