package dev.aiaudit.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Guards are an optimisation only: with or without them, every rule of the pack gives the same verdict. */
class GuardTest {
  private static final RuleSet PACK = RuleLoader.builtin().ruleSet();

  @Property(tries = 2000)
  void guards_neverChangeAVerdict(@ForAll("events") Event e) throws Exception {
    RuleSet.Evaluator ev = PACK.newEvaluator();
    var fired = ev.evaluate(e);
    Activation act = ev.activation();
    act.bind(e);
    for (CompiledRule r : PACK.rules()) {
      boolean indexed = (r.classes() == null || r.classes().contains(RecordView.className(e)))
          && (r.activities() == null || r.activities().contains(RecordView.activity(e)));
      boolean cel = r.conditionHolds(act);
      if (!indexed) {
        assertThat(cel).as("rule %s holds for %s but the index left it out", r.id(), e).isFalse();
      }
      if (r.excepted() == 0) {
        assertThat(fired.contains(r)).as("rule %s on %s", r.id(), e).isEqualTo(cel && r.def().enabled());
      }
    }
  }

  @Provide
  Arbitrary<Event> events() {
    Arbitrary<String> exe = Arbitraries.of("/usr/bin/cp", "/usr/bin/python3.11", "/bin/bash", "/usr/bin/curl",
        "/usr/bin/tar", "/usr/bin/nvidia-smi", "/tmp/xmrig", "/usr/bin/pip3", "/usr/lib/jvm/bin/java").injectNull(0.1);
    Arbitrary<String> path = Arbitraries.of("/models/a/m.safetensors", "/tmp/x/m.gguf", "/media/usb/w.pt", "/dev/nvidia0",
        "/data/t/s.parquet", "/var/lib/ai-audit/journal/1.seg", "/models/tools/run.sh", "/etc/ai-audit/ai-audit.yaml");
    Arbitrary<String> ctr = Arbitraries.of("abc123", "").injectNull(0.5);
    Arbitrary<Event> file = Combinators.combine(exe, path, Arbitraries.of(FileActivity.class), ctr,
            Arbitraries.of("pod-1", "").injectNull(0.5), Arbitraries.of(AssetKind.class), Arbitraries.integers().between(-1, 2))
        .as((x, p, a, c, pod, k, uid) -> FileEvent.of(1L, "h", a,
            new ProcessInfo(5, 1, uid, null, x, x, 1L, c == null || c.isEmpty() ? null : c, null, pod), p, k, "fanotify"));
    Arbitrary<Event> sensor = Combinators.combine(Arbitraries.of(SensorEvent.Kind.class), Arbitraries.longs().between(0, 5))
        .as((k, n) -> new SensorEvent(1L, "h", k, n, "m"));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, file), net.jqwik.api.Tuple.of(1, sensor));
  }
}
