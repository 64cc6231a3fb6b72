package dev.aiaudit.sensor.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GpuTelemetryTest {
  private final List<Event> out = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void noNvml_printsOneLine_andRecordsWhy() throws Exception {
    SymbolLookup empty = name -> Optional.empty();
    GpuTelemetry t = GpuTelemetry.start(empty, Duration.ofSeconds(10), false, "h", EventClock.SYSTEM,
        ProcessInfo::unknown, out::add, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(t).isNull();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("ai-audit: no NVIDIA driver/NVML on this host: GPU telemetry"
        + " off (nvmlInit_v2 returned NVML_ERROR_FUNCTION_NOT_FOUND (13))\n");
    assertThat(out).singleElement().isInstanceOfSatisfying(SensorEvent.class, s -> {
      assertThat(s.kind()).isEqualTo(SensorEvent.Kind.GPU_TELEMETRY);
      assertThat(s.message()).startsWith("no NVIDIA driver/NVML on this host: GPU telemetry off")
          .endsWith("GPU device-node opens are still recorded by the file sensor");
    });
  }

  @Test
  void thisHost_withoutAGpu_isOff_notAnError() throws Exception {
    // CI has no NVIDIA driver: the real loader path must say "off", never fail the agent
    org.junit.jupiter.api.Assumptions.assumeTrue(Nvml.systemLibrary() == null,
        "this host has " + Nvml.LIBRARY + ": the off path is covered by noNvml_printsOneLine_andRecordsWhy");
    GpuTelemetry t = GpuTelemetry.start(null, Duration.ofSeconds(10), false, "h", EventClock.SYSTEM, ProcessInfo::unknown,
        out::add, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(t).isNull();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("libnvidia-ml.so.1 not found by the dynamic loader");
  }

  @Test
  void required_butAbsent_fails() {
    assertThatThrownBy(() -> GpuTelemetry.start(name -> Optional.empty(), Duration.ofSeconds(1), true, "h",
        EventClock.SYSTEM, ProcessInfo::unknown, out::add, System.err)).isInstanceOf(NvmlException.class);
    assertThat(out).isEmpty();
  }

  @Test
  void running_samplesOnItsInterval_andCloseEndsSessions() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100()) {
      GpuTelemetry t = GpuTelemetry.start(emu.lookup(), Duration.ofMillis(50), false, "h", EventClock.SYSTEM,
          ProcessInfo::unknown, out::add, System.err);
      assertThat(t).isNotNull();
      assertThat(t.description()).startsWith("NVML: 2 GPU(s) (0 NVIDIA H100 80GB HBM3 GPU-0a1b2c3d")
          .contains("[MIG]").endsWith("sampled every 0.05 s");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (out.stream().filter(e -> e instanceof GpuEvent g && g.kind() == GpuEvent.Kind.DEVICE).count() < 6
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      t.close();
      assertThat(out.getFirst()).isInstanceOf(SensorEvent.class);
      assertThat(out.stream().filter(e -> e instanceof GpuEvent g && g.kind() == GpuEvent.Kind.DEVICE)).hasSizeGreaterThanOrEqualTo(6);
      assertThat(out.stream().filter(e -> e instanceof GpuEvent g && g.kind() == GpuEvent.Kind.SESSION)
          .map(e -> ((GpuEvent) e).session().endReason())).containsExactly("agent_stopped", "agent_stopped", "agent_stopped");
      assertThat(t.stats()).contains("failures=0").contains("lost_gpus=0");
    }
  }
}
