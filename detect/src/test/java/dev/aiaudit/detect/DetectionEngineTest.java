package dev.aiaudit.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.detect.anomaly.FirstSeenDetector;
import dev.aiaudit.detect.rules.LoadResult;
import dev.aiaudit.detect.rules.RuleLoader;
import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionEngineTest {
  private final TestClock clock = TestClock.create();
  private long seq;

  private RecordedEvent rec(dev.aiaudit.model.Event e) {
    ++seq;
    return new RecordedEvent(seq, String.format("%064x", seq), e);
  }

  private RecordedEvent cpRead(String path) {
    ProcessInfo p = new ProcessInfo(77, 1, 1000, "mallory", "/usr/bin/cp", "cp " + path + " /tmp", 1L, null, null, null);
    return rec(FileEvent.of(clock.nowNs(), "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify"));
  }

  @Test
  void process_everyMatchingRuleFires_citingTheRecord_andThrottledMatchesAreCounted() throws Exception {
    DetectionEngine e = DetectionEngine.create(RuleLoader.builtin().ruleSet(), List.of(), clock, null);
    RecordedEvent r = cpRead("/models/llama/a.safetensors");
    List<AlertEvent> alerts = e.process(List.of(r));
    assertThat(alerts).extracting(AlertEvent::ruleId)
        .containsExactlyInAnyOrder("weights-read-unapproved", "weights-read-by-copy-tool");
    assertThat(alerts).allSatisfy(a -> assertThat(a.cites()).containsExactly(new AlertEvent.Citation(r.seq(), r.hash())));
    // the same process reading the same file again within the rules' 1 minute throttle: counted, not alerted
    List<AlertEvent> again = e.process(List.of(cpRead("/models/llama/a.safetensors"), cpRead("/models/llama/a.safetensors")));
    assertThat(again).isEmpty();
    assertThat(e.stats().suppressed()).isEqualTo(4);
    clock.advance(Duration.ofMinutes(2));
    List<AlertEvent> summaries = e.process(List.of());
    assertThat(summaries).hasSize(2).allSatisfy(a -> {
      assertThat(a.suppressed()).isEqualTo(1); // each stands for the two suppressed matches
      assertThat(a.cites().getFirst().seq()).isEqualTo(3);
    });
  }

  @Test
  void process_alertRecords_areNeverJudged() throws Exception {
    DetectionEngine e = DetectionEngine.create(RuleLoader.builtin().ruleSet(), List.of(FirstSeenDetector.exeAsset(Duration.ZERO, 10)),
        clock, null);
    List<AlertEvent> first = e.process(List.of(cpRead("/models/x/a.pt")));
    assertThat(first).isNotEmpty();
    List<RecordedEvent> journaled = new ArrayList<>();
    first.forEach(a -> journaled.add(rec(a)));
    assertThat(e.process(journaled)).isEmpty();
    assertThat(e.stats().evaluated()).isEqualTo(1);
  }

  @Test
  void process_sensorOverflow_raisesBlindSpotAlert() throws Exception {
    DetectionEngine e = DetectionEngine.create(RuleLoader.builtin().ruleSet(), List.of(), clock, null);
    List<AlertEvent> a = e.process(List.of(rec(new SensorEvent(clock.nowNs(), "h", SensorEvent.Kind.QUEUE_OVERFLOW, 40, "q"))));
    assertThat(a).extracting(AlertEvent::ruleId).containsExactly("kernel-queue-overflow");
    assertThat(a.getFirst().message()).isEqualTo("queue_overflow: q (40)");
  }

  @Test
  void ruleWatcher_brokenEditKeepsPreviousSet_fixedEditIsLoaded(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mine.yaml");
    Files.writeString(f, "rules:\n  - {id: mine, title: t, severity: low, condition: 'weights && proc.name == \"cp\"'}\n");
    LoadResult first = RuleLoader.load(true, List.of(dir));
    assertThat(first.ok()).as(first.render()).isTrue();
    DetectionEngine e = DetectionEngine.create(first.ruleSet(), List.of(), clock, null);
    List<String> reports = new ArrayList<>();
    RuleWatcher w = RuleWatcher.start(List.of(dir), true, e, reports::add, Duration.ofHours(1));
    try {
      Files.writeString(f, "rules:\n  - {id: mine, title: t, severity: low, condition: 'weights && proc.nme == 1'}\n");
      assertThat(w.checkNow()).isTrue();
      assertThat(e.rules()).isSameAs(first.ruleSet());
      assertThat(reports.getLast()).startsWith("ERROR: " + f + ":2:").contains("rule mine: undeclared reference")
          .contains(" [COMPILE_CONDITION]\n |   - {id: mine, title: t, severity: low, condition: 'weights && proc.nme == 1'}\n | ")
          .endsWith("ai-audit: rule reload failed (1 errors); keeping the previous rule set");
      assertThat(e.process(List.of(cpRead("/models/a.pt")))).extracting(AlertEvent::ruleId).contains("mine");
      Files.writeString(f, "rules:\n  - {id: mine2, title: t, severity: low, condition: 'weights'}\n");
      assertThat(w.checkNow()).isTrue();
      assertThat(reports.getLast()).startsWith("ai-audit: rules reloaded: 29 enabled rules");
      clock.advance(Duration.ofHours(1));
      assertThat(e.process(List.of(cpRead("/models/b.pt")))).extracting(AlertEvent::ruleId).contains("mine2")
          .doesNotContain("mine");
      assertThat(w.checkNow()).isFalse();
    } finally {
      w.close();
    }
  }

  @Test
  void stats_exceptionSuppressionsAreCounted_andSurviveAReload(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("mine.yaml"), """
        rules:
          - id: cp-weights
            title: t
            severity: low
            condition: weights && proc.name == "cp"
            exceptions:
              - {name: backups, fields: [file.dir], values: [[/models/backup]]}
        """);
    LoadResult r = RuleLoader.load(true, List.of(f));
    assertThat(r.ok()).as(r.render()).isTrue();
    DetectionEngine e = DetectionEngine.create(r.ruleSet(), List.of(), clock, null);
    assertThat(e.process(List.of(cpRead("/models/backup/a.pt"), cpRead("/models/backup/b.pt")))).extracting(AlertEvent::ruleId)
        .doesNotContain("cp-weights");
    assertThat(e.process(List.of(cpRead("/models/llama/a.pt")))).extracting(AlertEvent::ruleId).containsOnlyOnce("cp-weights");
    assertThat(e.stats().excepted()).isEqualTo(2);
    assertThat(e.stats().evalErrors()).isZero();
    e.replaceRules(RuleLoader.load(true, List.of(f)).ruleSet());
    assertThat(e.process(List.of(cpRead("/models/backup/c.pt")))).extracting(AlertEvent::ruleId).doesNotContain("cp-weights");
    assertThat(e.stats().excepted()).as("counts of the replaced rule set are kept").isEqualTo(3);
  }
}
