package dev.aiaudit.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
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

class FirstSeenDetectorTest {
  private final TestClock clock = TestClock.create();
  private long seq;

  private RecordedEvent read(String exe, String path) {
    ProcessInfo p = new ProcessInfo(10, 1, 1000, "alice", exe, exe, 1L, null, null, null);
    return new RecordedEvent(++seq, "ab".repeat(32),
        FileEvent.of(clock.nowNs(), "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify"));
  }

  private List<AlertEvent> observe(Detector d, RecordedEvent r) {
    List<AlertEvent> out = new ArrayList<>();
    d.observe(r, clock.nowNs(), out::add);
    return out;
  }

  @Test
  void observe_duringLearning_isSilent_afterwardsNewPairAlertsOnce() {
    FirstSeenDetector d = FirstSeenDetector.exeAsset(Duration.ofHours(24), 1000);
    assertThat(observe(d, read("/usr/bin/python3", "/models/llama/a.safetensors"))).isEmpty();
    clock.advance(Duration.ofHours(23));
    assertThat(observe(d, read("/usr/bin/cat", "/models/llama/b.safetensors"))).isEmpty(); // still learning
    clock.advance(Duration.ofHours(2));
    assertThat(d.learned(clock.nowNs())).isTrue();
    assertThat(observe(d, read("/usr/bin/python3", "/models/llama/c.safetensors"))).isEmpty(); // same model dir
    assertThat(observe(d, read("/usr/bin/cat", "/models/llama/a.safetensors"))).isEmpty(); // learned
    RecordedEvent novel = read("/usr/bin/curl", "/models/llama/a.safetensors");
    List<AlertEvent> alerts = observe(d, novel);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.ruleId()).isEqualTo("first-seen-exe-asset");
      assertThat(a.cites()).containsExactly(AlertEvent.Citation.of(novel));
      assertThat(a.groupKey()).isEqualTo("/usr/bin/curl|/models/llama");
      assertThat(a.measure().metric()).isEqualTo("first_seen");
      assertThat(a.source()).isEqualTo("detector");
    });
    assertThat(observe(d, read("/usr/bin/curl", "/models/llama/b.safetensors"))).isEmpty(); // once
  }

  @Test
  void saveLoad_restoresPairsAndLearningStartAcrossRestart(@TempDir Path dir) throws Exception {
    FirstSeenDetector d = FirstSeenDetector.userAsset(Duration.ofHours(1), 1000);
    observe(d, read("/usr/bin/python3", "/models/a/x.pt"));
    d.save(dir);
    clock.advance(Duration.ofHours(2));
    FirstSeenDetector restored = FirstSeenDetector.userAsset(Duration.ofHours(1), 1000);
    restored.load(dir);
    assertThat(restored.size()).isEqualTo(1);
    assertThat(restored.learned(clock.nowNs())).isTrue(); // the learning period counts from the first run
    assertThat(observe(restored, read("/usr/bin/python3", "/models/a/y.pt"))).isEmpty(); // alice/models/a known
    assertThat(observe(restored, read("/usr/bin/python3", "/models/b/y.pt"))).hasSize(1);
  }

  @Test
  void observe_stateFull_stillAlertsAndCountsOverflow() {
    FirstSeenDetector d = FirstSeenDetector.exeAsset(Duration.ZERO, 2);
    assertThat(observe(d, read("/a", "/m/1/x.pt"))).hasSize(1);
    assertThat(observe(d, read("/b", "/m/1/x.pt"))).hasSize(1);
    assertThat(observe(d, read("/c", "/m/1/x.pt"))).hasSize(1);
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.overflowed()).isEqualTo(1);
  }

  @Test
  void load_foreignFile_saysWhy(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("first-seen-exe-asset.tsv"), "hello\n");
    assertThatThrownBy(() -> FirstSeenDetector.exeAsset(Duration.ZERO, 10).load(dir))
        .hasMessageContaining("not a first-seen state file");
  }

  @Test
  void saveLoad_pathsWithNewlines_roundTrip(@TempDir Path dir) throws Exception {
    FirstSeenDetector d = FirstSeenDetector.exeAsset(Duration.ZERO, 10);
    observe(d, read("/bin/evil\nname\\x", "/models/we\nird/x.pt"));
    d.save(dir);
    FirstSeenDetector r = FirstSeenDetector.exeAsset(Duration.ZERO, 10);
    r.load(dir);
    assertThat(observe(r, read("/bin/evil\nname\\x", "/models/we\nird/y.pt"))).isEmpty();
  }
}
