package dev.aiaudit.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RareLineageDetectorTest {
  private final TestClock clock = TestClock.create();
  private long seq;
  private int nextPid = 100;

  private static String hash(long seq) {
    return String.format("%064x", seq);
  }

  private ProcessInfo proc(int pid, String exe) {
    return new ProcessInfo(pid, 1, 1000, "alice", exe, exe, 5_000L + pid, null, null, null);
  }

  /** Journals a launch of {@code exe} by {@code parent}; returns the launched process. */
  private ProcessInfo launch(RareLineageDetector d, String exe, String parent) {
    ProcessInfo p = proc(nextPid++, exe);
    observe(d, new RecordedEvent(++seq, hash(seq), new ProcessEvent(clock.nowNs(), clock.nowNs(), "h", p, parent, parent, "/", 1,
        "proc-connector")));
    return p;
  }

  private RecordedEvent read(ProcessInfo p, String path, AssetKind kind) {
    return new RecordedEvent(++seq, hash(seq), FileEvent.of(clock.nowNs(), "h", FileActivity.READ, p, path, kind, "fanotify"));
  }

  private List<AlertEvent> observe(Detector d, RecordedEvent r) {
    List<AlertEvent> out = new ArrayList<>();
    d.observe(r, clock.nowNs(), out::add);
    return out;
  }

  @Test
  void weightsReadByProcessWithNewParent_afterLearning_alertsOnceCitingAccessAndLaunch() {
    RareLineageDetector d = new RareLineageDetector(Duration.ofHours(24), 1000, 1000);
    for (int i = 0; i < 5; i++) {
      ProcessInfo p = launch(d, "/usr/bin/python3", "/usr/bin/torchrun");
      assertThat(observe(d, read(p, "/models/llama/a.safetensors", AssetKind.MODEL_WEIGHTS))).isEmpty();
      clock.advance(Duration.ofHours(6));
    }
    ProcessInfo usual = launch(d, "/usr/bin/python3", "/usr/bin/torchrun");
    assertThat(observe(d, read(usual, "/models/llama/a.safetensors", AssetKind.MODEL_WEIGHTS))).isEmpty();
    ProcessInfo odd = launch(d, "/usr/bin/python3", "/usr/bin/bash");
    long launchSeq = seq; // the launch record just journaled
    RecordedEvent access = read(odd, "/models/llama/b.safetensors", AssetKind.MODEL_WEIGHTS);
    List<AlertEvent> alerts = observe(d, access);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.ruleId()).isEqualTo("rare-lineage");
      assertThat(a.groupKey()).isEqualTo("/usr/bin/python3|/usr/bin/bash");
      assertThat(a.cites()).extracting(AlertEvent.Citation::seq).containsExactly(access.seq(), launchSeq);
      assertThat(a.cites().get(1).hash()).isEqualTo(hash(launchSeq));
      assertThat(a.measure().baseline()).isEqualTo(1); // one parent known before
      assertThat(a.message()).contains("started by /usr/bin/bash");
    });
    ProcessInfo again = launch(d, "/usr/bin/python3", "/usr/bin/bash");
    assertThat(observe(d, read(again, "/models/llama/a.safetensors", AssetKind.MODEL_WEIGHTS))).isEmpty(); // once
  }

  @Test
  void duringLearning_newParentsAreLearnedSilently_andOtherAssetsAreNotJudged() {
    RareLineageDetector d = new RareLineageDetector(Duration.ofHours(24), 1000, 1000);
    ProcessInfo a = launch(d, "/usr/bin/python3", "/usr/bin/torchrun");
    observe(d, read(a, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS));
    clock.advance(Duration.ofHours(2));
    ProcessInfo b = launch(d, "/usr/bin/python3", "/usr/bin/bash");
    assertThat(observe(d, read(b, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).isEmpty();
    clock.advance(Duration.ofDays(2));
    ProcessInfo c = launch(d, "/usr/bin/python3", "/usr/sbin/sshd");
    assertThat(observe(d, read(c, "/data/train/x.parquet", AssetKind.TRAINING_DATA))).isEmpty(); // not weights
    ProcessInfo e = launch(d, "/usr/bin/python3", "/usr/bin/bash");
    assertThat(observe(d, read(e, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).isEmpty(); // learned during learning
    assertThat(d.pairs()).isEqualTo(2);
  }

  @Test
  void accessByProcessWhoseLaunchWasNotSeen_isCountedNotJudged() {
    RareLineageDetector d = new RareLineageDetector(Duration.ZERO, 1000, 1000);
    assertThat(observe(d, read(proc(4242, "/usr/bin/cp"), "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).isEmpty();
    assertThat(d.unknownLineage()).isEqualTo(1);
    // pid reuse: same pid, other start time, is another process
    ProcessInfo p = launch(d, "/usr/bin/cp", "/bin/bash");
    ProcessInfo reused = new ProcessInfo(p.pid(), 1, 0, "root", "/usr/bin/cp", "cp", p.startTimeNs() + 1, null, null, null);
    assertThat(observe(d, read(reused, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).isEmpty();
    assertThat(d.unknownLineage()).isEqualTo(2);
  }

  @Test
  void boundedState_launchesAndPairs() {
    RareLineageDetector d = new RareLineageDetector(Duration.ZERO, 2, 2);
    ProcessInfo first = launch(d, "/a", "/p1");
    launch(d, "/b", "/p1");
    launch(d, "/c", "/p1");
    assertThat(d.launches()).isEqualTo(2);
    observe(d, read(first, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS));
    assertThat(d.unknownLineage()).isEqualTo(1); // its launch was evicted
    for (String exe : List.of("/x", "/y", "/z")) {
      ProcessInfo p = launch(d, exe, "/p");
      assertThat(observe(d, read(p, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).hasSize(1); // new pair alerts (learning 0)
    }
    assertThat(d.pairs()).isEqualTo(2);
    assertThat(d.evicted()).isEqualTo(1);
  }

  @Test
  void saveLoad_restoresParentsLearningAndLaunches(@TempDir Path dir) throws Exception {
    RareLineageDetector d = new RareLineageDetector(Duration.ofHours(1), 1000, 1000);
    ProcessInfo a = launch(d, "/opt/we\tird\nexe", "/usr/bin/torchrun");
    observe(d, read(a, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS));
    ProcessInfo running = launch(d, "/opt/we\tird\nexe", "/usr/bin/bash"); // launched, no access yet
    d.save(dir);
    clock.advance(Duration.ofHours(2));
    RareLineageDetector r = new RareLineageDetector(Duration.ofHours(1), 1000, 1000);
    r.load(dir);
    assertThat(r.pairs()).isEqualTo(1);
    assertThat(r.launches()).isEqualTo(2);
    ProcessInfo b = launch(r, "/opt/we\tird\nexe", "/usr/bin/torchrun");
    assertThat(observe(r, read(b, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).isEmpty();
    // the process launched before the restart reads weights now: its lineage is known from the saved launch
    assertThat(observe(r, read(running, "/models/m/w.bin", AssetKind.MODEL_WEIGHTS))).singleElement()
        .satisfies(al -> assertThat(al.groupKey()).isEqualTo("/opt/we\tird\nexe|/usr/bin/bash"));
  }

  @Test
  void load_damagedFile_namesTheLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rare-lineage.tsv"), "# ai-audit rare-lineage v1\nparent\t/a\t/b\n");
    assertThatThrownBy(() -> new RareLineageDetector(Duration.ZERO, 10, 10).load(dir))
        .hasMessageContaining("rare-lineage.tsv:2: parent line before its exe line");
    Files.writeString(dir.resolve("rare-lineage.tsv"), "# ai-audit rare-lineage v1\nlaunch\t1@2\t/bin/sh\t0\tab\n");
    assertThatThrownBy(() -> new RareLineageDetector(Duration.ZERO, 10, 10).load(dir))
        .hasMessageContaining("rare-lineage.tsv:2: seq must be >= 1");
  }
}
