package dev.aiaudit.sensor.fanotify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.testing.Events;
import dev.aiaudit.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadCoalescerTest {
  private static final String W = "/models/llama.safetensors";
  private final TestClock clock = TestClock.create();
  private final List<FileEvent> out = new ArrayList<>();
  private final ReadCoalescer c = new ReadCoalescer(Duration.ofSeconds(1), 1000, "node-1", "fanotify");

  @Test
  void add_manyReadsWithinInterval_oneRecordWithCount() {
    ProcessInfo p = Events.python(100);
    long t0 = clock.nowNs();
    for (int i = 0; i < 5; i++) {
      c.add(p, W, AssetKind.MODEL_WEIGHTS, clock.nowNs(), out::add);
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(c.flushDue(clock.nowNs(), out::add)).isZero();
    clock.advance(Duration.ofMillis(600));
    assertThat(c.flushDue(clock.nowNs(), out::add)).isEqualTo(1);

    assertThat(out).singleElement().satisfies(e -> {
      assertThat(e.activity()).isEqualTo(FileActivity.READ);
      assertThat(e.count()).isEqualTo(5);
      assertThat(e.timeNs()).isEqualTo(t0);
      assertThat(e.endTimeNs()).isEqualTo(t0 + 400_000_000L);
      assertThat(e.asset()).isEqualTo(AssetKind.MODEL_WEIGHTS);
      assertThat(e.source()).isEqualTo("fanotify");
    });
    assertThat(c.coalesced()).isEqualTo(4);
    assertThat(c.pending()).isZero();
  }

  @Test
  void add_readsAfterInterval_newRecord() {
    ProcessInfo p = Events.python(100);
    c.add(p, W, AssetKind.MODEL_WEIGHTS, clock.nowNs(), out::add);
    clock.advance(Duration.ofMillis(1500));
    c.flushDue(clock.nowNs(), out::add);
    c.add(p, W, AssetKind.MODEL_WEIGHTS, clock.nowNs(), out::add);
    c.flushAll(out::add);
    assertThat(out).hasSize(2).allSatisfy(e -> assertThat(e.count()).isEqualTo(1));
  }

  @Test
  void add_differentProcessesOrFiles_separateRecords() {
    ProcessInfo p = Events.python(100);
    ProcessInfo reusedPid = new ProcessInfo(100, 1, 0, "root", "/bin/cat", "cat", p.startTimeNs() + 1, null, null, null);
    c.add(p, W, AssetKind.MODEL_WEIGHTS, clock.nowNs(), out::add);
    c.add(reusedPid, W, AssetKind.MODEL_WEIGHTS, clock.nowNs(), out::add);
    c.add(p, "/data/a.parquet", AssetKind.TRAINING_DATA, clock.nowNs(), out::add);
    c.add(Events.python(101), W, AssetKind.MODEL_WEIGHTS, clock.nowNs(), out::add);
    assertThat(c.pending()).isEqualTo(4);
    assertThat(c.flushAll(out::add)).isEqualTo(4);
  }

  @Test
  void add_beyondMaxEntries_emitsOldestEarlyNothingLost() {
    ReadCoalescer small = new ReadCoalescer(Duration.ofSeconds(1), 2, "h", "fanotify");
    ProcessInfo p = Events.python(1);
    small.add(p, "/a", AssetKind.OTHER, clock.nowNs(), out::add);
    small.add(p, "/b", AssetKind.OTHER, clock.nowNs(), out::add);
    small.add(p, "/c", AssetKind.OTHER, clock.nowNs(), out::add);
    assertThat(out).extracting(FileEvent::path).containsExactly("/a");
    small.flushAll(out::add);
    assertThat(out).extracting(FileEvent::path).containsExactly("/a", "/b", "/c");
  }
}
