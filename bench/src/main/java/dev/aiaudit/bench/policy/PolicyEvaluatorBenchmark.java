package dev.aiaudit.bench.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.Effect;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.policy.eval.CompiledPolicy;
import dev.aiaudit.policy.eval.PolicyEvaluator;
import java.time.Instant;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: {@code PolicyEvaluator.evaluate} of every enabled built-in policy (both initiatives) on one synthetic
 * deployment, with synthetic runtime evidence; score = time for all policies on one deployment.
 * {@code java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main PolicyEvaluatorBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyEvaluatorBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private List<CompiledPolicy> policies;
  private List<JsonNode> items;
  private EvidenceSource evidence;
  private int next;

  @Setup
  public void setUp() {
    items = SyntheticInventory.items(64, 42);
    evidence = SyntheticInventory.evidenceSource(SyntheticInventory.evidence(items, NOW, 7));
    policies = PolicyEngine.builder(PolicyLibrary.builtIn()).build().policies().stream()
        .filter(p -> p.effect() != Effect.DISABLED).toList();
  }

  @Benchmark
  public void allPoliciesOnOneDeployment(Blackhole bh) {
    JsonNode item = items.get(next++ & 63);
    for (CompiledPolicy p : policies) {
      bh.consume(PolicyEvaluator.evaluate(p, item, evidence, NOW));
    }
  }
}
