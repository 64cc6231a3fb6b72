package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process launches (1007) and the attribution of file records survive the DuckDB index exactly. */
class ProcessRecordStoreTest {
  private static final long T0 = 1_767_225_600_000_000_000L;

  private static List<RecordedEvent> records() {
    ProcessInfo bash = new ProcessInfo(100, 1, 0, "root", "/usr/bin/bash", "bash -l", T0 - 9_000_000_000L, null, null, null);
    ProcessInfo cat = new ProcessInfo(101, 100, 0, "root", "/usr/bin/cat", null, T0, "ab12", "containerd",
        "5f1e2d3c-aaaa-bbbb-cccc-000000000001");
    ProcessInfo worker = new ProcessInfo(102, 100, 1000, "alice", "/usr/bin/bash", "bash -l", T0, null, null, null,
        Attribution.INHERITED, "forked without exec");
    List<RecordedEvent> out = new ArrayList<>();
    out.add(new RecordedEvent(1, "00".repeat(32), new ProcessEvent(T0, T0 + 5, "h", cat, "/usr/bin/bash", "bash -l",
        "/root", 1, "proc-connector")));
    out.add(new RecordedEvent(2, "01".repeat(32), FileEvent.of(T0 + 10, "h", FileActivity.OPEN, cat,
        "/models/m.safetensors", AssetKind.MODEL_WEIGHTS, "fanotify")));
    out.add(new RecordedEvent(3, "02".repeat(32), FileEvent.of(T0 + 20, "h", FileActivity.READ, worker,
        "/models/m.safetensors", AssetKind.MODEL_WEIGHTS, "fanotify")));
    out.add(new RecordedEvent(4, "03".repeat(32), FileEvent.of(T0 + 30, "h", FileActivity.OPEN, ProcessInfo.unknown(7),
        "/models/m.safetensors", AssetKind.MODEL_WEIGHTS, "fanotify")));
    out.add(new RecordedEvent(5, "04".repeat(32), new ProcessEvent(T0 + 40, T0 + 900, "h",
        ProcessInfo.unknown(103).withAttribution(Attribution.UNKNOWN, "exited before exec was read"), null, null, null,
        4711, "proc-connector")));
    out.add(new RecordedEvent(6, "05".repeat(32), FileEvent.of(T0 + 50, "h", FileActivity.OPEN, bash,
        "/models/x", AssetKind.OTHER, "fanotify")));
    return out;
  }

  @Test
  void processAndAttribution_roundTripThroughTheIndex(@TempDir Path dir) {
    List<RecordedEvent> recs = records();
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      store.insert(recs);
      store.flush();
      List<EventRow> all = store.query(EventQuery.all());
      assertThat(all).extracting(EventRow::event).containsExactlyElementsOf(recs.stream().map(RecordedEvent::event).toList());
      List<EventRow> launches = store.query(EventQuery.builder().classUids(List.of(ProcessEvent.CLASS_UID)).build());
      assertThat(launches).extracting(EventRow::seq).containsExactly(1L, 5L);
      assertThat(((ProcessEvent) launches.get(1).event()).count()).isEqualTo(4711);
      List<EventRow> byExe = store.query(EventQuery.builder().classUids(List.of(ProcessEvent.CLASS_UID)).process("cat").build());
      assertThat(byExe).extracting(EventRow::seq).containsExactly(1L);
    }
  }

  @Test
  void outputs_showLaunchesAndAttribution(@TempDir Path dir) {
    List<RecordedEvent> recs = records();
    List<EventRow> rows = recs.stream().map(r -> new EventRow(r.seq(), r.hash(), r.event())).toList();
    StringWriter table = new StringWriter();
    QueryOutput t = QueryOutput.create(QueryOutput.Format.TABLE, table);
    rows.forEach(t);
    t.finish();
    assertThat(table.toString()).contains("launch", "cat", "<- 100 bash");
    StringWriter csv = new StringWriter();
    QueryOutput c = QueryOutput.create(QueryOutput.Format.CSV, csv);
    rows.forEach(c);
    c.finish();
    String[] lines = csv.toString().split("\r\n");
    assertThat(lines[0]).endsWith(",attribution,attribution_reason,parent_exe,parent_cmdline,cwd,mount_ns,ns_path,file_container_id,"
        + "file_container_runtime,container_path");
    assertThat(lines[1]).endsWith(",exact,,/usr/bin/bash,bash -l,/root,,,,,");
    assertThat(lines[3]).contains(",inherited-from-parent,forked without exec,");
    assertThat(QueryOutput.jsonLine(rows.get(3))).contains("\"attribution\":\"unknown\"");
  }
}
