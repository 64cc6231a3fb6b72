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
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RareTimeDetectorTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  /** Monday 2026-01-05 00:00 UTC. */
  private final TestClock clock = TestClock.at(Instant.parse("2026-01-05T00:00:00Z").toEpochMilli() * 1_000_000L);
  private long seq;

  private RecordedEvent read(String path) {
    ProcessInfo p = new ProcessInfo(10, 1, 1000, "alice", "/usr/bin/python3", "python3 serve.py", 1L, null, null, null);
    return new RecordedEvent(++seq, "ab".repeat(32),
        FileEvent.of(clock.nowNs(), "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify"));
  }

  private List<AlertEvent> observe(Detector d, RecordedEvent r) {
    List<AlertEvent> out = new ArrayList<>();
    d.observe(r, clock.nowNs(), out::add);
    return out;
  }

  /** Three days of office-hours use (9:00..17:59), a few reads per hour, starting Monday 00:00. */
  private void officeHours(RareTimeDetector d, String path, int days) {
    for (int day = 0; day < days; day++) {
      for (int hour = 0; hour < 24; hour++) {
        if (hour >= 9 && hour < 18) {
          for (int k = 0; k < 3; k++) {
            assertThat(observe(d, read(path))).isEmpty();
            clock.advance(Duration.ofMinutes(10));
          }
          clock.advance(Duration.ofMinutes(30));
        } else {
          clock.advance(Duration.ofHours(1));
        }
      }
    }
  }

  @Test
  void observe_afterLearning_accessAtAnUnusedHourAlerts_usualHourDoesNot() {
    RareTimeDetector d = new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100);
    officeHours(d, "/models/llama/a.safetensors", 3); // now Thursday 00:00
    assertThat(d.learned("/models/llama", clock.nowNs())).isTrue();
    clock.advance(Duration.ofHours(10)); // 10:00: usual
    assertThat(observe(d, read("/models/llama/b.safetensors"))).isEmpty();
    clock.advance(Duration.ofHours(13).plusMinutes(15)); // 23:15: never used at 23h
    RecordedEvent night = read("/models/llama/a.safetensors");
    List<AlertEvent> alerts = observe(d, night);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.ruleId()).isEqualTo("rare-time");
      assertThat(a.cites()).containsExactly(AlertEvent.Citation.of(night));
      assertThat(a.groupKey()).isEqualTo("/models/llama|23");
      assertThat(a.measure().metric()).isEqualTo("hour_share");
      assertThat(a.measure().baseline()).isZero();
      assertThat(a.measure().observed()).isEqualTo(23);
      assertThat(a.description()).contains("usual hours: 9,10,11,12,13,14,15,16,17");
    });
  }

  @Test
  void observe_duringLearning_isSilent_andEachAssetLearnsFromItsOwnFirstAccess() {
    RareTimeDetector d = new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100);
    officeHours(d, "/models/llama/a.safetensors", 2);
    clock.advance(Duration.ofHours(3)); // 03:00
    // a model never seen before: learning, not an alert (first-seen covers a new reader)
    assertThat(observe(d, read("/models/new/a.safetensors"))).isEmpty();
    assertThat(d.learned("/models/new", clock.nowNs())).isFalse();
    assertThat(observe(d, read("/models/llama/a.safetensors"))).hasSize(1); // learned asset, unused hour
  }

  @Test
  void observe_hourZone_isTheConfiguredOne() {
    // Learned at 23:00 UTC (08:00 Tokyo) every day; 13:00 UTC is 22:00 in Tokyo: the hour judged and
    // reported is the configured zone's.
    RareTimeDetector tokyo = new RareTimeDetector(Duration.ofHours(24), ZoneId.of("Asia/Tokyo"), 0.01, 100);
    RareTimeDetector utc = new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100);
    clock.advance(Duration.ofHours(23));
    for (int day = 0; day < 3; day++) {
      observe(tokyo, read("/models/m/a.bin"));
      observe(utc, read("/models/m/a.bin"));
      clock.advance(Duration.ofDays(1));
    }
    clock.advance(Duration.ofHours(-10)); // 13:00 UTC = 22:00 Tokyo
    assertThat(observe(tokyo, read("/models/m/a.bin"))).singleElement()
        .satisfies(a -> assertThat(a.measure().observed()).isEqualTo(22));
    assertThat(observe(utc, read("/models/m/a.bin"))).singleElement()
        .satisfies(a -> assertThat(a.measure().observed()).isEqualTo(13));
  }

  @Test
  void saveLoad_restoresHoursAndLearning(@TempDir Path dir) throws Exception {
    RareTimeDetector d = new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100);
    officeHours(d, "/models/we\tird\nname/a.safetensors", 2);
    d.save(dir);
    RareTimeDetector r = new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100);
    r.load(dir);
    assertThat(r.size()).isEqualTo(1);
    assertThat(r.learned("/models/we\tird\nname", clock.nowNs())).isTrue();
    clock.advance(Duration.ofHours(11));
    assertThat(observe(r, read("/models/we\tird\nname/b.safetensors"))).isEmpty();
    clock.advance(Duration.ofHours(10)); // 21:00
    assertThat(observe(r, read("/models/we\tird\nname/b.safetensors"))).hasSize(1);
  }

  @Test
  void load_otherZoneOrForeignFile_saysWhy(@TempDir Path dir) throws Exception {
    RareTimeDetector d = new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100);
    observe(d, read("/models/a/x.pt"));
    d.save(dir);
    assertThatThrownBy(() -> new RareTimeDetector(Duration.ofHours(24), ZoneId.of("Europe/Berlin"), 0.01, 100).load(dir))
        .hasMessageContaining("learned in zone UTC, configured zone is Europe/Berlin");
    Files.writeString(dir.resolve("rare-time.tsv"), "# ai-audit rare-time v1 zone=UTC\n/models/a\t1\tx\n");
    assertThatThrownBy(() -> new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100).load(dir))
        .hasMessageContaining("rare-time.tsv:2: expected 26 fields");
    Files.writeString(dir.resolve("rare-time.tsv"), "hello\n");
    assertThatThrownBy(() -> new RareTimeDetector(Duration.ofHours(24), UTC, 0.01, 100).load(dir))
        .hasMessageContaining("not a rare-time.tsv state file");
  }

  @Test
  void observe_boundedState_evictsLeastRecentlyUsedAndCounts() {
    RareTimeDetector d = new RareTimeDetector(Duration.ZERO, UTC, 0.01, 2);
    observe(d, read("/models/a/x.pt"));
    observe(d, read("/models/b/x.pt"));
    observe(d, read("/models/a/x.pt"));
    observe(d, read("/models/c/x.pt"));
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.evicted()).isEqualTo(1);
    assertThat(d.learned("/models/b", clock.nowNs())).isFalse(); // b was the least recently used
    assertThat(d.learned("/models/a", clock.nowNs())).isTrue();
  }
}
