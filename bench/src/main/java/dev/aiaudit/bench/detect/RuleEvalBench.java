package dev.aiaudit.bench.detect;

import dev.aiaudit.detect.DetectionEngine;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.detect.rules.RuleSet;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule evaluation on one thread over a realistic event mix (weights reads by loaders, data opens,
 * GPU opens, checkpoint writes, a few copies by cp and shells, sensor records): the built-in pack,
 * then the pack plus 100 generated rules. Two figures each: the rule set alone (index + CEL
 * conditions + exceptions) and the whole engine (+ alert building and throttling).
 */
public final class RuleEvalBench {
  private RuleEvalBench() {}

  /** The i-th event of the mix. */
  static RecordedEvent event(long i) {
    long t = 1_767_225_600_000_000_000L + i * 1000;
    int m = (int) (i % 50);
    var e = switch (m) {
      case 0 -> FileEvent.of(t, "node-1", FileActivity.READ,
          new ProcessInfo(900, 1, 0, "root", "/usr/bin/cp", "cp a b", 1L, null, null, null),
          "/models/llama/model-0000" + (i % 8) + ".safetensors", AssetKind.MODEL_WEIGHTS, "fanotify");
      case 1 -> FileEvent.of(t, "node-1", FileActivity.OPEN,
          new ProcessInfo(901, 1, 1000, "alice", "/bin/bash", "bash", 1L, "c0ffee", "containerd", null),
          "/dev/nvidia0", AssetKind.GPU_DEVICE, "fanotify");
      case 2 -> new SensorEvent(t, "node-1", SensorEvent.Kind.QUEUE_OVERFLOW, 3, "overflow");
      default -> Events.sample(i, t);
    };
    return new RecordedEvent(i + 1, "ab".repeat(32), e);
  }

  /** The pack plus {@code n} generated rules, written as one YAML file under {@code dir}. */
  static LoadResult withGenerated(int n, Path dir) throws Exception {
    StringBuilder b = new StringBuilder("rules:\n");
    for (int i = 0; i < n; i++) {
      String cond = switch (i % 5) {
        case 0 -> "weights && reads && proc.name == \\\"tool" + i + "\\\"";
        case 1 -> "data && file.path.startsWith(\\\"/data/p" + i + "/\\\")";
        case 2 -> "gpu && proc.uid == " + (5000 + i);
        case 3 -> "class == \\\"file\\\" && file.name.endsWith(\\\".x" + i + "\\\") && proc.user != \\\"svc" + i + "\\\"";
        default -> "ai_asset && in_container && proc.container == \\\"ctr" + i + "\\\"";
      };
      b.append("  - {id: gen-").append(i).append(", title: generated ").append(i)
          .append(", severity: low, condition: \"").append(cond).append("\"}\n");
    }
    Path f = dir.resolve("generated.yaml");
    Files.writeString(f, b);
    return RuleLoader.load(true, List.of(f));
  }

  /** Rows: rule set, events, seconds, events/s. */
  public static List<String[]> run(long events) throws Exception {
    List<RecordedEvent> mix = new ArrayList<>();
    for (long i = 0; i < 100_000; i++) {
      mix.add(event(i));
    }
    Path dir = Files.createTempDirectory("ai-audit-rule-bench");
    LoadResult builtin = RuleLoader.builtin();
    LoadResult gen = withGenerated(100, dir);
    if (!builtin.ok() || !gen.ok()) {
      throw new IllegalStateException(builtin.render() + gen.render());
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(rulesOnly("built-in pack (" + builtin.ruleSet().enabledCount() + " rules), rules only", builtin.ruleSet(), mix, events));
    rows.add(engine("built-in pack, whole engine", builtin.ruleSet(), mix, events));
    rows.add(rulesOnly("pack + 100 generated (" + gen.ruleSet().enabledCount() + " rules), rules only", gen.ruleSet(), mix, events));
    rows.add(engine("pack + 100 generated, whole engine", gen.ruleSet(), mix, events));
    Files.deleteIfExists(dir.resolve("generated.yaml"));
    Files.deleteIfExists(dir);
    return rows;
  }

  /** Rows: heap retained by detector state for {@code keys} distinct keys (JOL GraphLayout). */
  public static List<String[]> memory(int keys) {
    List<String[]> rows = new ArrayList<>();
    for (String kind : DetectorStates.KINDS) {
      long bytes = DetectorStates.retainedBytes(DetectorStates.fill(DetectorStates.create(kind, keys),
          DetectorStates.records(kind, keys)));
      rows.add(new String[] {kind + " state", Integer.toString(keys), String.format("%.1f MiB", bytes / 1048576.0),
          String.format("%.0f B/key", bytes / (double) keys)});
    }
    return rows;
  }

  private static String[] rulesOnly(String name, RuleSet set, List<RecordedEvent> mix, long events) {
    RuleSet.Evaluator ev = set.newEvaluator();
    long matches = 0;
    for (int w = 0; w < 3; w++) { // warm-up
      for (RecordedEvent r : mix) {
        matches += ev.evaluate(r.event()).size();
      }
    }
    long t0 = System.nanoTime();
    for (long i = 0; i < events; i++) {
      matches += ev.evaluate(mix.get((int) (i % mix.size())).event()).size();
    }
    return row(name + " [" + matches + " matches]", events, System.nanoTime() - t0);
  }

  private static String[] engine(String name, RuleSet set, List<RecordedEvent> mix, long events) throws Exception {
    DetectionEngine e = DetectionEngine.create(set, List.of(), EventClock.SYSTEM, null);
    for (int w = 0; w < 3; w++) {
      for (int k = 0; k < mix.size(); k += 4096) {
        e.process(mix.subList(k, Math.min(mix.size(), k + 4096)));
      }
    }
    long t0 = System.nanoTime();
    long done = 0;
    while (done < events) {
      int k = (int) (done % mix.size());
      List<RecordedEvent> batch = mix.subList(k, Math.min(mix.size(), k + 4096));
      e.process(batch);
      done += batch.size();
    }
    return row(name + " [" + e.stats().alerts() + " alerts]", done, System.nanoTime() - t0);
  }

  private static String[] row(String name, long events, long ns) {
    double s = ns / 1e9;
    return new String[] {name, Long.toString(events), String.format("%.2f", s), String.format("%,.0f", events / s)};
  }
}
