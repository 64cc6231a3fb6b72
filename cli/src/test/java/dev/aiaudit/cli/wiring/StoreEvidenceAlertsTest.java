package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy engine's "alerts on a deployment's weights" is answered from journaled alerts. */
class StoreEvidenceAlertsTest {

  private static RecordedEvent weights(long seq, String container) {
    ProcessInfo p = new ProcessInfo(5, 1, 0, "root", "/usr/bin/cp", "cp", 1L, container, "containerd", null);
    return new RecordedEvent(seq, String.format("%064x", seq), FileEvent.of(2_000_000_000L + seq, "h", FileActivity.READ, p,
        "/models/m.safetensors", AssetKind.MODEL_WEIGHTS, "fanotify"));
  }

  private static RecordedEvent alert(long seq, RecordedEvent cited) {
    return new RecordedEvent(seq, String.format("%064x", seq), new AlertEvent(2_000_000_000L + seq, "h",
        "weights-read-by-copy-tool", "t", "d", AlertSeverity.HIGH, List.of(), List.of(AlertEvent.Citation.of(cited)), "", 0,
        "m", "rules", null));
  }

  @Test
  void weightAlerts_countsAlertsCitingTheDeploymentsWeightAccesses(@TempDir Path dir) {
    RecordedEvent mine = weights(1, "ctr-a");
    RecordedEvent other = weights(3, "ctr-b");
    try (EventStore s = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      s.insert(List.of(mine, alert(2, mine), other, alert(4, other)));
      s.flush();
    }
    var ev = new StoreEvidenceSource(dir, Duration.ofDays(190)).weightAlerts("host:container/ctr-a", Instant.EPOCH);
    assertThat(ev.known()).isTrue();
    assertThat(ev.value()).isEqualTo(1L);
    assertThat(ev.records()).extracting(c -> c.seq()).containsExactly(2L);
  }
}
