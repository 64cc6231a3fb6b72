package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.policy.Evidence;
import dev.aiaudit.sensor.gpu.GpuSampler;
import dev.aiaudit.sensor.gpu.Nvml;
import dev.aiaudit.sensor.gpu.NvmlEmulator;
import dev.aiaudit.store.EventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MEASURE 2.12 / Annex XI energy question ({@code gpu.telemetry}) answered from GPU records, or unknown with why. */
class GpuEvidenceTest {
  @TempDir Path tmp;
  private static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli() * 1_000_000L;

  private static void store(Path data, List<Event> events) {
    List<RecordedEvent> recs = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      recs.add(new RecordedEvent(i + 1, String.format("%064x", i + 1), events.get(i)));
    }
    try (EventStore s = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      s.insert(recs);
      s.flush();
    }
  }

  @Test
  void withTelemetry_countsThePodsEnergyRecords_andCitesThem() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("d"));
    List<Event> events = new ArrayList<>();
    long[] now = {T0};
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      GpuSampler s = GpuSampler.create(nvml, "h", () -> now[0], pid -> new ProcessInfo(pid, 1, 1000, "alice",
          "/usr/bin/python3", null, T0 - 1, "c0ffee" + pid, "containerd", pid == 4001 ? "pod-a" : "pod-b"), events::add);
      for (int i = 0; i < 3; i++) {
        s.sampleOnce();
        now[0] += 10_000_000_000L;
        emu.advance(Duration.ofSeconds(10));
      }
    }
    store(data, events);
    StoreEvidenceSource src = new StoreEvidenceSource(data, Duration.ofDays(30));
    Evidence<Long> ev = src.events("host:pod/pod-a", "gpu.telemetry", Instant.ofEpochSecond(0, T0 - 1));
    assertThat(ev.known()).as(ev.detail()).isTrue();
    assertThat(ev.value()).as("the first sample has no energy interval yet").isEqualTo(2L);
    assertThat(ev.records()).hasSize(2).allSatisfy(r -> assertThat(r.hash()).hasSize(64));
    assertThat(ev.detail()).isEqualTo("2 GPU records with energy figures for pod-a since 2026-12-01T09:59:59.999999999Z");
    assertThat(src.events("host:pod/pod-z", "gpu.telemetry", Instant.ofEpochSecond(0, T0 - 1)).value())
        .as("telemetry ran; this pod used no GPU").isZero();
  }

  @Test
  void withoutTelemetry_isUnknown_citingTheOffRecord() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("off"));
    store(data, List.of(new SensorEvent(T0, "h", SensorEvent.Kind.GPU_TELEMETRY, 0,
        "no NVIDIA driver/NVML on this host: GPU telemetry off: libnvidia-ml.so.1 not found by the dynamic loader")));
    Evidence<Long> ev = new StoreEvidenceSource(data, Duration.ofDays(30))
        .events("host:pod/pod-a", "gpu.telemetry", Instant.ofEpochSecond(0, T0 - 1));
    assertThat(ev.known()).isFalse();
    assertThat(ev.detail()).contains("no GPU telemetry on record since").contains("GPU telemetry off").endsWith("(seq 1)");
  }
}
