package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.cli.config.AgentConfig;
import dev.aiaudit.cli.wiring.Agent;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.sensor.gpu.GpuTelemetry;
import dev.aiaudit.sensor.gpu.Nvml;
import dev.aiaudit.sensor.gpu.NvmlEmulator;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU telemetry through the whole agent path: the NVML emulator's upcall stubs → sampler → the agent's queue → journal →
 * index, then {@code gpu report} and {@code query --class gpu} in-process. A real child process holds "GPU memory".
 */
class GpuCommandTest extends CapturedStdio {
  @TempDir Path tmp;

  @Test
  void emulatedGpus_areJournaledIndexedAndReported() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("models"));
    Path data = tmp.resolve("data");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentConfig cfg = AgentConfig.defaults().withDataDir(data)
        .withWatch(AgentConfig.defaults().watch().withRoots(List.of(root)).withGpuDevices(false));
    Process child = new ProcessBuilder("sleep", "60").start();
    String childExe = Path.of("/proc/" + child.pid() + "/exe").toRealPath().toString();
    try (Agent agent = Agent.start(cfg, new PrintStream(log, true, StandardCharsets.UTF_8), EventClock.SYSTEM);
        NvmlEmulator emu = NvmlEmulator.twoH100((int) child.pid(), 4002, 4003)) {
      if (Nvml.systemLibrary() == null) {
        assertThat(log.toString(StandardCharsets.UTF_8))
            .contains("ai-audit: no NVIDIA driver/NVML on this host: GPU telemetry off");
      }
      ProcessResolver resolver = ProcessResolver.system(false);
      GpuTelemetry t = GpuTelemetry.start(emu.lookup(), Duration.ofMillis(100), true, "gpu-node-1", EventClock.SYSTEM,
          resolver::resolve, agent.queue()::offer, System.err);
      Thread.sleep(650);
      emu.loseGpu(0);
      Thread.sleep(300);
      t.close();
      assertThat(agent.flush(Duration.ofSeconds(20))).isTrue();
    } finally {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    VerifyResult v = JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();

    assertThat(Main.run("gpu", "report", "--data-dir", data.toString(), "--since", "1h", "--by", "process",
        "--format", "csv")).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String csv = out.toString(StandardCharsets.UTF_8);
    assertThat(csv).startsWith("process,gpu_hours,busy_gpu_hours,peak_memory_gib,energy_kwh,");
    assertThat(csv.lines().filter(l -> l.startsWith(childExe + ",")).findFirst()).as(csv).hasValueSatisfying(
        l -> assertThat(l.split(",")[3]).isEqualTo("38.00"));
    out.reset();

    assertThat(Main.run("query", "--data-dir", data.toString(), "--class", "gpu", "--format", "jsonl", "--limit", "0"))
        .isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).isNotEmpty().allMatch(l -> l.contains("\"class_uid\":1099"));
    assertThat(lines).anyMatch(l -> l.contains("\"gpu_record\":\"session\"") && l.contains("\"end_reason\":\"gpu_lost\"")
        && l.contains("\"pid\":" + child.pid()));
    assertThat(lines).anyMatch(l -> l.contains("\"mig_mode\":true") && l.contains("\"gpu_record\":\"device\""));
    out.reset();

    assertThat(Main.run("query", "--data-dir", data.toString(), "--class", "sensor", "--format", "jsonl")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"sensor_event\":\"gpu_lost\"")
        .contains("NVML_ERROR_GPU_IS_LOST (15)");
  }

  @Test
  void report_badGrouping_isABadArgument() {
    assertThat(Main.run("gpu", "report", "--data-dir", tmp.toString(), "--by", "rack")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown grouping 'rack' (expected pod, container, user or process)");
  }

  @Test
  void report_withoutGpuRecords_saysSo() throws Exception {
    Path data = tmp.resolve("empty");
    try (var s = dev.aiaudit.store.EventStore.openDuckDb(Files.createDirectories(data).resolve("events.duckdb"))) {
      s.flush();
    }
    assertThat(Main.run("gpu", "report", "--data-dir", data.toString())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no GPU telemetry records in the window");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 groups, 0 GPU(s)");
  }
}
