package dev.aiaudit.detect;

import dev.aiaudit.detect.anomaly.Detector;
import dev.aiaudit.detect.rules.CompiledRule;
import dev.aiaudit.detect.rules.ExampleEvents;
import dev.aiaudit.detect.rules.RuleDefs.Example;
import dev.aiaudit.detect.rules.RuleSet;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms the detection engine's code before the first real record: a JVM starts interpreted, and at
 * tens of thousands of records per second the seconds it takes to compile the hot paths (CEL
 * evaluation, activation binding, the index, alert building, the throttle, the detectors) would
 * build a backlog that later alerts wait behind. The agent runs this at start, before the sensor is
 * attached, over a <em>scratch</em> engine: the rule set's programs with their own counters, fresh
 * detectors, no state directory — so nothing of the warm-up is counted, learned, saved or alerted.
 *
 * <p>The records are the rule files' own examples (each rule's {@code match} and {@code no_match})
 * and synthetic records of every class the rules are indexed by (file records of every activity and
 * asset kind, process launches, sensor records), with varying processes and paths.
 */
public final class WarmUp {
  private static final String[] EXES = {"/usr/bin/python3.11", "/usr/bin/cp", "/bin/bash", "/usr/bin/curl",
      "/usr/bin/nvidia-smi", "/usr/local/bin/torchrun", "/usr/bin/rsync", "/usr/bin/tar"};
  private static final String[] PARENTS = {"/bin/sh", "/usr/bin/containerd-shim-runc-v2", "/usr/sbin/sshd", "/bin/bash"};

  private WarmUp() {}

  /** What a warm-up did: records judged, alerts the scratch engine raised, wall and CPU time. */
  public record Result(long records, long alerts, long wallNs, long cpuNs) {}

  /**
   * {@code n} records for a warm-up: every example of every rule in {@code rules} once per round,
   * then synthetic records, repeated until {@code n}; times near {@code nowNs}.
   */
  public static List<Event> records(RuleSet rules, int n, long nowNs) {
    List<Event> examples = new ArrayList<>();
    for (CompiledRule r : rules.rules()) {
      for (List<Example> xs : List.of(r.def().match(), r.def().noMatch())) {
        for (Example x : xs) {
          try {
            examples.add(ExampleEvents.toEvent(x.fields()));
          } catch (IllegalArgumentException e) {
            // a bad example is reported by `rules test`; the warm-up just leaves it out
          }
        }
      }
    }
    List<Event> out = new ArrayList<>(n);
    for (int i = 0; out.size() < n; i++) {
      if (!examples.isEmpty() && i % 4 == 0) {
        out.add(examples.get((i / 4) % examples.size()));
      } else {
        out.add(synthetic(i, nowNs + i));
      }
    }
    return out;
  }

  /** A synthetic record of one of the indexed classes; {@code i} varies the process, path and kind. */
  static Event synthetic(int i, long t) {
    String exe = EXES[i % EXES.length];
    String container = i % 3 == 0 ? "c0ffee" + Integer.toHexString(i % 16) + "0123456789abcdef0123456789abcdef0123456789ab" : null;
    ProcessInfo p = new ProcessInfo(20_000 + i % 251, 1 + i % 7, i % 5 == 0 ? 0 : 1000, i % 5 == 0 ? "root" : "alice",
        exe, exe + " --warm-up " + (i % 13), t - 1_000_000_000L - i % 101, container,
        container == null ? null : "containerd", container == null ? null : "pod-" + (i % 4));
    int k = i % 32;
    if (k == 30) {
      return new ProcessEvent(t, t, "warm-up", p, PARENTS[i % PARENTS.length], null, "/", 1, "proc-connector");
    }
    if (k == 31) {
      SensorEvent.Kind[] kinds = SensorEvent.Kind.values();
      return new SensorEvent(t, "warm-up", kinds[(i / 32) % kinds.length], 1 + i % 9, "warm-up");
    }
    FileActivity[] acts = FileActivity.values();
    AssetKind[] assets = AssetKind.values();
    AssetKind asset = assets[(i / acts.length) % assets.length];
    String path = switch (asset) {
      case MODEL_WEIGHTS -> (i % 7 == 0 ? "/tmp/w-" : "/models/warm-up/m-") + (i % 64) + ".safetensors";
      case GPU_DEVICE -> "/dev/nvidia" + (i % 8);
      default -> "/data/warm-up/" + asset.name().toLowerCase(java.util.Locale.ROOT) + "/f-" + (i % 512);
    };
    return new FileEvent(t, t, "warm-up", acts[i % acts.length], p, path, asset, 1 + i % 50, "fanotify");
  }

  /**
   * Runs {@code n} warm-up records through a scratch engine over {@code rules} (its programs, fresh
   * counters) and {@code freshDetectors} (not the agent's: their state is thrown away), in batches
   * of {@code batch}. The records are wrapped with made-up journal positions.
   */
  public static Result detection(RuleSet rules, List<Detector> freshDetectors, int n, int batch) {
    long cpu0 = cpuNs();
    long t0 = System.nanoTime();
    DetectionEngine scratch = scratch(rules, freshDetectors);
    List<Event> recs = records(rules, n, EventClock.SYSTEM.nowNs());
    long alerts = 0;
    List<RecordedEvent> b = new ArrayList<>(batch);
    String hash = "0".repeat(64);
    for (int i = 0; i < recs.size(); i++) {
      b.add(new RecordedEvent(i + 1, hash, recs.get(i)));
      if (b.size() == batch || i == recs.size() - 1) {
        alerts += scratch.process(b).size();
        b.clear();
      }
    }
    alerts += scratch.drain().size();
    return new Result(recs.size(), alerts, System.nanoTime() - t0, cpuNs() - cpu0);
  }

  /** A scratch engine: {@code rules}' programs with counters of their own, the given detectors, no state. */
  public static DetectionEngine scratch(RuleSet rules, List<Detector> freshDetectors) {
    try {
      return DetectionEngine.create(rules.scratchCopy(), freshDetectors, EventClock.SYSTEM, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // no state directory: nothing is read
    }
  }

  /** CPU time of the whole process so far (every thread, the JIT compilers included). */
  public static long cpuNs() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }
}
