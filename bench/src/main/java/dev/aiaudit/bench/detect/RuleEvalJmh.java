package dev.aiaudit.bench.detect;

import dev.aiaudit.detect.DetectionEngine;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.detect.rules.RuleSet;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rule evaluation on one thread over the realistic mix of {@link RuleEvalBench#event} (weights reads by
 * loaders, data opens, GPU opens, checkpoint writes, 2 % copies by cp, 2 % GPU opens by a shell in a
 * container, 2 % kernel queue overflows): the built-in pack alone and with 100 generated rules. Scores
 * are events/s ({@value #BATCH} events per invocation). {@code rules}: the rule set alone (index,
 * guards, CEL, exceptions); {@code engine}: the whole engine on journal-sized batches (alerts built and
 * throttled; no detectors).
 *
 * <pre>java --sun-misc-unsafe-memory-access=allow -cp bench/target/benchmarks.jar org.openjdk.jmh.Main RuleEvalJmh</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xmx2g"})
@Threads(1)
public class RuleEvalJmh {
  static final int BATCH = 10_000;

  @Param({"builtin", "builtin+100"})
  public String pack;

  private RuleSet.Evaluator evaluator;
  private DetectionEngine engine;
  private final List<RecordedEvent> mix = new ArrayList<>();
  private final List<List<RecordedEvent>> batches = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    LoadResult r;
    if (pack.equals("builtin")) {
      r = RuleLoader.builtin();
    } else {
      Path dir = Files.createTempDirectory("ai-audit-jmh-rules");
      r = RuleEvalBench.withGenerated(100, dir);
      Files.delete(dir.resolve("generated.yaml"));
      Files.delete(dir);
    }
    if (!r.ok()) {
      throw new IllegalStateException(r.render());
    }
    evaluator = r.ruleSet().newEvaluator();
    engine = DetectionEngine.create(r.ruleSet(), List.of(), EventClock.SYSTEM, null);
    for (long i = 0; i < 100_000; i++) {
      mix.add(RuleEvalBench.event(i));
    }
    for (int k = 0; k < mix.size(); k += BATCH) {
      batches.add(mix.subList(k, k + BATCH));
    }
  }

  /** The rule set alone: index lookup, guards, CEL programs, exceptions; events/s. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void rules(Blackhole bh) {
    List<RecordedEvent> b = batches.get(next);
    next = (next + 1) % batches.size();
    for (int i = 0; i < b.size(); i++) {
      bh.consume(evaluator.evaluate(b.get(i).event()));
    }
  }

  /** The whole engine (alert records built, throttled) on one batch; events/s. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void engine(Blackhole bh) {
    List<RecordedEvent> b = batches.get(next);
    next = (next + 1) % batches.size();
    bh.consume(engine.process(b));
  }
}
