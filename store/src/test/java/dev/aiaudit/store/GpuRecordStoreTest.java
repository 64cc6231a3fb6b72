package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuMetrics;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.GpuSession;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPU telemetry (class 1099) through the DuckDB index, the query outputs and the GPU report. */
class GpuRecordStoreTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final long TEN_S = 10_000_000_000L;
  private static final GpuDevice G0 = new GpuDevice(0, "GPU-aaaa", "NVIDIA H100 80GB HBM3", "00000000:17:00.0", false);
  private static final GpuDevice G2 = new GpuDevice(2, "GPU-cccc", "NVIDIA H100 80GB HBM3", "00000000:65:00.0", true);
  private static final ProcessInfo TRAIN = new ProcessInfo(100, 1, 1000, "alice", "/usr/bin/python3", "python3 train.py",
      T0 - 1, "c0ffee", "containerd", "pod-a");
  private static final ProcessInfo SERVE = new ProcessInfo(200, 1, 1001, "bob", "/opt/vllm/bin/vllm", "vllm serve\u001b[2J",
      T0 - 2, "beef00", "containerd", "pod-b");

  /** 360 samples (one hour at 10 s) of TRAIN on GPU 0 and of SERVE on MIG GPU 2, device samples, one session. */
  static List<RecordedEvent> hour() {
    List<RecordedEvent> out = new ArrayList<>();
    long seq = 1;
    for (int i = 0; i < 360; i++) {
      long t = T0 + i * TEN_S;
      long interval = i == 0 ? 0 : TEN_S;
      long energy = i == 0 ? -1 : 4_000_000; // 400 W for 10 s
      out.add(rec(seq++, GpuEvent.device(t, "h", G0, new GpuMetrics(80, 40, 40L << 30, 80L << 30, 400_000,
          i * 4_000_000L, 60, 1980, 2619, 0, energy, interval), "nvml")));
      long mem = i == 200 ? 38L << 30 : 30L << 30;
      out.add(rec(seq++, GpuEvent.process(t, "h", G0, TRAIN, new GpuProcessUsage(mem, -1, -1, 80, 30, "compute", interval,
          energy), "nvml")));
      out.add(rec(seq++, GpuEvent.process(t, "h", G2, SERVE, new GpuProcessUsage(10L << 30, 3, 0, -1, -1, "compute",
          interval, -1), "nvml")));
    }
    out.add(rec(seq, GpuEvent.session(T0, T0 + 359 * TEN_S, "h", G0, TRAIN,
        new GpuSession(38L << 30, 3590, 2872, 1_436_000_000L, 360, "exited"), "nvml")));
    return out;
  }

  private static RecordedEvent rec(long seq, GpuEvent e) {
    return new RecordedEvent(seq, String.format("%064x", seq), e);
  }

  @Test
  void gpuRecords_roundTripThroughTheIndex_andFilterByClassAndContainer(@TempDir Path dir) {
    List<RecordedEvent> recs = hour();
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      store.insert(recs);
      store.flush();
      List<EventRow> all = store.query(EventQuery.all()); // time order: the session (first seen at T0) comes early
      assertThat(all).extracting(EventRow::event)
          .containsExactlyInAnyOrderElementsOf(recs.stream().map(RecordedEvent::event).toList());
      List<EventRow> podA = store.query(EventQuery.builder().classUids(List.of(GpuEvent.CLASS_UID)).container("pod-a")
          .limit(0).build());
      assertThat(podA).hasSize(361).allMatch(r -> ((GpuEvent) r.event()).process().podUid().equals("pod-a"));
      List<EventRow> gpu2 = store.query(EventQuery.builder().pathGlob("GPU-cccc").limit(0).build());
      assertThat(gpu2).hasSize(360);
    }
  }

  @Test
  void report_byPod_sumsGpuHoursPeakAndEnergy_andCitesThePeak() {
    GpuReport r = new GpuReport(GpuReport.By.POD);
    hour().forEach(x -> r.accept(new EventRow(x.seq(), x.hash(), x.event())));
    List<GpuReport.Row> rows = r.rows();
    assertThat(rows).extracting(GpuReport.Row::group).containsExactly("pod-a", "pod-b");
    GpuReport.Row a = rows.getFirst();
    assertThat(a.gpuHours()).isCloseTo(359 * 10 / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.busyGpuHours()).isCloseTo(0.8 * 359 * 10 / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.peakMemoryBytes()).isEqualTo(38L << 30);
    assertThat(a.peakSeq()).isEqualTo(200 * 3 + 2);
    assertThat(a.energyKwh()).isCloseTo(359 * 4_000_000 / 3.6e9, org.assertj.core.data.Offset.offset(1e-12));
    GpuReport.Row b = rows.get(1);
    assertThat(b.busyGpuHours()).as("MIG: no per-process utilisation").isEqualTo(-1);
    assertThat(b.energyKwh()).isEqualTo(-1);
    assertThat(r.deviceEnergyKwh()).isCloseTo(359 * 4_000_000 / 3.6e9, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void report_formats(@TempDir Path dir) {
    GpuReport r = new GpuReport(GpuReport.By.PROCESS);
    hour().forEach(x -> r.accept(new EventRow(x.seq(), x.hash(), x.event())));
    StringWriter table = new StringWriter();
    r.write(GpuReport.Format.TABLE, table);
    assertThat(table.toString().lines().toList().getFirst()).startsWith("PROCESS").contains("GPU-HOURS", "PEAK GiB",
        "ENERGY kWh");
    assertThat(table.toString()).contains("/usr/bin/python3", "38.00", "0.3989", "2 groups, 2 GPU(s)");
    StringWriter csv = new StringWriter();
    r.write(GpuReport.Format.CSV, csv);
    String[] lines = csv.toString().split("\r\n");
    assertThat(lines[1]).as("equal GPU-hours: by name").startsWith("/opt/vllm/bin/vllm,0.9972,,10.00,,1,1,360,");
    assertThat(lines[2]).startsWith("/usr/bin/python3,0.9972,0.7978,38.00,0.398889,1,1,360,");
    StringWriter json = new StringWriter();
    r.write(GpuReport.Format.JSON, json);
    assertThat(json.toString()).startsWith("{\"by\":\"process\",\"gpus\":2,").contains("\"peak\":{\"seq\":602,\"hash\":\"");
  }

  @Test
  void queryOutputs_describeGpuRecords_andEscapeTheCommandLine() {
    List<EventRow> rows = hour().stream().limit(3).map(x -> new EventRow(x.seq(), x.hash(), x.event())).toList();
    StringWriter table = new StringWriter();
    QueryOutput t = QueryOutput.create(QueryOutput.Format.TABLE, table);
    rows.forEach(t);
    t.finish();
    assertThat(table.toString()).contains("device", "gpu", "GPU 0 NVIDIA H100 80GB HBM3: util 80%, mem 40.0/80.0 GiB, 400 W",
        "GPU 2 NVIDIA H100 80GB HBM3 [MIG]: 10.0 GiB held, sm ?, compute, MIG gi 3 ci 0");
    StringWriter csv = new StringWriter();
    QueryOutput c = QueryOutput.create(QueryOutput.Format.CSV, csv);
    rows.forEach(c);
    c.finish();
    String line = csv.toString().split("\r\n")[3];
    assertThat(line).contains(",1099,process,,GPU-cccc,200,1,1001,bob,/opt/vllm/bin/vllm,vllm serve\\x1b[2J,")
        .doesNotContain("\u001b");
  }
}
