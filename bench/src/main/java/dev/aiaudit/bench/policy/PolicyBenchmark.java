package dev.aiaudit.bench.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.Effect;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.policy.PolicyLoadException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluation throughput of the full built-in initiatives over synthetic deployments: warm-up runs,
 * then timed runs, single-threaded and on the common fork-join pool. Evaluations = deployments x
 * enabled policies; rendering of reports is not timed. The single-threaded row also reports the rate
 * over the evaluating thread's CPU time, which is steadier than wall time on a shared machine.
 *
 * @param deployments number of synthetic deployments
 * @param runs timed runs per mode
 * @param warmups untimed runs per mode
 */
public record PolicyBenchmark(int deployments, int runs, int warmups) {

  /** One mode's result. */
  public record Row(String mode, int threads, int deployments, int policies, long evaluations, double bestMs,
      double medianMs, double evaluationsPerSecond, double cpuEvaluationsPerSecond) {}

  public List<Row> run() throws PolicyLoadException {
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    List<JsonNode> items = SyntheticInventory.items(deployments, 42);
    EvidenceSource ev = SyntheticInventory.evidenceSource(SyntheticInventory.evidence(items, now, 7));
    PolicyLibrary lib = PolicyLibrary.builtIn();
    List<Row> rows = new ArrayList<>();
    for (boolean parallel : new boolean[] {false, true}) {
      PolicyEngine engine = PolicyEngine.builder(lib).evidence(ev).clock(Clock.fixed(now, ZoneOffset.UTC))
          .parallel(parallel).build();
      int policies = (int) engine.policies().stream().filter(p -> p.effect() != Effect.DISABLED).count();
      for (int i = 0; i < warmups; i++) {
        engine.evaluate(items);
      }
      double[] ms = new double[runs];
      double[] cpu = new double[runs];
      var mx = java.lang.management.ManagementFactory.getThreadMXBean();
      for (int i = 0; i < runs; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        EvaluationReport r = engine.evaluate(items);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        if (r.deployments().size() != deployments) {
          throw new IllegalStateException("lost deployments");
        }
      }
      Arrays.sort(ms);
      Arrays.sort(cpu);
      long evals = (long) deployments * policies;
      int threads = parallel ? Runtime.getRuntime().availableProcessors() : 1;
      double cpuRate = parallel ? Double.NaN : evals / (cpu[runs / 2] / 1000.0);
      rows.add(new Row(parallel ? "parallel" : "single", threads, deployments, policies, evals, ms[0], ms[runs / 2],
          evals / (ms[runs / 2] / 1000.0), cpuRate));
    }
    return rows;
  }

  /** A Markdown table of {@code rows}. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder(
        "| mode | threads | deployments | policies | evaluations | best ms | median ms | evaluations/s (best) "
            + "| evaluations/s (median) | evaluations/s (median, thread CPU) |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      String cpu = Double.isNaN(r.cpuEvaluationsPerSecond()) ? "-"
          : String.format(java.util.Locale.ROOT, "%,.0f", r.cpuEvaluationsPerSecond());
      b.append(String.format(java.util.Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f | %.1f | %,.0f | %,.0f | %s |%n",
          r.mode(), r.threads(), r.deployments(), r.policies(), r.evaluations(), r.bestMs(), r.medianMs(),
          r.evaluations() / (r.bestMs() / 1000.0), r.evaluationsPerSecond(), cpu));
    }
    return b.toString();
  }
}
