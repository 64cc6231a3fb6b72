package dev.aiaudit.detect.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeBaselineDetectorTest {
  private final TestClock clock = TestClock.create();
  private long seq;

  private RecordedEvent reads(String exe, String path, long count) {
    ProcessInfo p = new ProcessInfo(10, 1, 1000, "alice", exe, exe, 1L, null, null, null);
    long t = clock.nowNs();
    return new RecordedEvent(++seq, "cd".repeat(32),
        new FileEvent(t, t, "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, count, "fanotify"));
  }

  private List<AlertEvent> feed(Detector d, RecordedEvent r) {
    List<AlertEvent> out = new ArrayList<>();
    d.observe(r, clock.nowNs(), out::add);
    return out;
  }

  /** Ten one-minute windows of about 20 reads each (18..22). */
  private void learn(Detector d) {
    for (int w = 0; w < 10; w++) {
      assertThat(feed(d, reads("/usr/bin/python3", "/models/llama/a.safetensors", 18 + (w % 5)))).isEmpty();
      clock.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void observe_burstAboveKDeviations_alertsOncePerWindowWithBaselineObservedThreshold() {
    VolumeBaselineDetector d = new VolumeBaselineDetector(Duration.ofMinutes(1), 5, Duration.ofMinutes(5), 1000);
    learn(d);
    assertThat(feed(d, reads("/usr/bin/python3", "/models/llama/a.safetensors", 22))).isEmpty(); // normal
    RecordedEvent burst = reads("/usr/bin/python3", "/models/llama/b.safetensors", 500);
    List<AlertEvent> a = feed(d, burst);
    assertThat(a).singleElement().satisfies(x -> {
      assertThat(x.ruleId()).isEqualTo("volume-baseline");
      assertThat(x.cites()).containsExactly(AlertEvent.Citation.of(burst));
      assertThat(x.measure().metric()).isEqualTo("accesses_per_window");
      assertThat(x.measure().observed()).isEqualTo(522);
      assertThat(x.measure().baseline()).isBetween(18.0, 22.0);
      assertThat(x.measure().threshold()).isGreaterThan(x.measure().baseline()).isLessThan(522);
    });
    assertThat(feed(d, reads("/usr/bin/python3", "/models/llama/c.safetensors", 500))).isEmpty(); // once per window
  }

  @Test
  void observe_duringLearning_isSilentEvenForBursts() {
    VolumeBaselineDetector d = new VolumeBaselineDetector(Duration.ofMinutes(1), 5, Duration.ofHours(24), 1000);
    learn(d);
    assertThat(feed(d, reads("/usr/bin/python3", "/models/llama/a.safetensors", 100_000))).isEmpty();
  }

  @Test
  void saveLoad_keepsTheBaselineAcrossRestart(@TempDir Path dir) throws Exception {
    VolumeBaselineDetector d = new VolumeBaselineDetector(Duration.ofMinutes(1), 5, Duration.ofMinutes(5), 1000);
    learn(d);
    d.save(dir);
    VolumeBaselineDetector r = new VolumeBaselineDetector(Duration.ofMinutes(1), 5, Duration.ofMinutes(5), 1000);
    r.load(dir);
    assertThat(r.size()).isEqualTo(1);
    assertThat(feed(r, reads("/usr/bin/python3", "/models/llama/a.safetensors", 5_000))).hasSize(1);
  }

  @Test
  void observe_manyKeys_stateIsBoundedAndEvictionsCounted() {
    VolumeBaselineDetector d = new VolumeBaselineDetector(Duration.ofMinutes(1), 5, Duration.ZERO, 100);
    for (int i = 0; i < 250; i++) {
      feed(d, reads("/bin/p" + i, "/models/m" + i + "/w.pt", 1));
    }
    assertThat(d.size()).isEqualTo(100);
    assertThat(d.evicted()).isEqualTo(150);
  }
}
