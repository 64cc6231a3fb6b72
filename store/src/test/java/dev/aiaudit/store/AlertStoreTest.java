package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts (OCSF 2004) in the DuckDB index: every field back, selected by class. */
class AlertStoreTest {

  @Test
  void query_classAlert_returnsTheAlertWithEveryFieldAndItsCitations(@TempDir Path dir) {
    AlertEvent a = new AlertEvent(2_000_000_000L, "node-1", "weights-copied-to-tmp", "Weights copied to /tmp",
        "desc", AlertSeverity.HIGH, List.of("T1005", "eu-ai-act:art-15"),
        List.of(new AlertEvent.Citation(1, "11".repeat(32))), "/usr/bin/cp", 2, "cp read /models/a.pt", "rules",
        new AlertEvent.Measure("first_seen", 0, 1, 0));
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      store.insert(List.of(
          new RecordedEvent(1, "11".repeat(32), new SensorEvent(1_000_000_000L, "node-1", SensorEvent.Kind.SENSOR_STARTED, 0, "up")),
          new RecordedEvent(2, "22".repeat(32), a)));
      store.flush();
      List<EventRow> rows = store.query(EventQuery.builder().classUids(List.of(AlertEvent.CLASS_UID)).build());
      assertThat(rows).hasSize(1);
      assertThat(rows.getFirst().seq()).isEqualTo(2);
      assertThat(rows.getFirst().event()).isEqualTo(a);
      StringWriter w = new StringWriter();
      QueryOutput out = QueryOutput.create(QueryOutput.Format.TABLE, w);
      rows.forEach(out);
      out.finish();
      assertThat(w.toString()).contains("weights-copied-to-tmp", "alert:high", "seq 1 (111111111111…)");
    }
  }
}
