package dev.aiaudit.bench.journal;

import dev.aiaudit.journal.FsyncPolicy;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.testing.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * JMH: one {@code Journal.append} of a batch of realistic events (encode, hash chain, CRC, write; fsync per
 * {@code fsync}), in a journal in a temporary directory. Score = time per batch; divide by {@code batch} for time
 * per record. {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main JournalAppendBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JournalAppendBenchmark {
  @Param({"256", "4096"})
  public int batch;

  @Param({"NONE", "GROUP"})
  public String fsync;

  private Path dir;
  private Journal journal;
  private List<Event> events;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("ai-audit-jmh-journal");
    journal = Journal.open(dir, JournalOptions.defaults().withFsync(FsyncPolicy.valueOf(fsync)));
    events = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      events.add(Events.sample(i, 1_764_000_000_000_000_000L + i));
    }
  }

  @Benchmark
  public Object append() {
    return journal.append(events);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
