package dev.aiaudit.sensor.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.proc.ProcessResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GpuSamplerTest {
  private static final long T0 = 1_764_000_000_000_000_000L;
  private final long[] now = {T0};
  private final List<Event> out = new ArrayList<>();

  private GpuSampler sampler(Nvml nvml) throws NvmlException {
    return GpuSampler.create(nvml, "gpu-node-1", () -> now[0], pid -> ProcessInfo.unknown(pid), out::add);
  }

  private void tick(NvmlEmulator emu, int seconds) {
    now[0] += seconds * 1_000_000_000L;
    emu.advance(Duration.ofSeconds(seconds));
  }

  private List<GpuEvent> gpu(GpuEvent.Kind k) {
    return out.stream().filter(e -> e instanceof GpuEvent g && g.kind() == k).map(e -> (GpuEvent) e).toList();
  }

  @Test
  void rounds_emitDeviceAndProcessRecords_andShareEnergyBySmUtilisation() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      GpuSampler s = sampler(nvml);
      assertThat(s.devices()).extracting(d -> d.migEnabled()).containsExactly(false, true);
      assertThat(s.sampleOnce()).isEqualTo(2 + 3); // two GPUs, three processes on GPU 0
      tick(emu, 10);
      s.sampleOnce();
      GpuEvent dev0 = gpu(GpuEvent.Kind.DEVICE).get(2);
      assertThat(dev0.gpu().index()).isZero();
      assertThat(dev0.metrics().intervalNs()).isEqualTo(10_000_000_000L);
      assertThat(dev0.metrics().energyIntervalMj()).isEqualTo(4_120_000); // 412 W for 10 s
      GpuEvent dev1 = gpu(GpuEvent.Kind.DEVICE).get(3);
      assertThat(dev1.metrics().utilGpuPct()).as("MIG: NOT_SUPPORTED").isEqualTo(-1);
      List<GpuEvent> second = gpu(GpuEvent.Kind.PROCESS).subList(3, 6);
      assertThat(second).extracting(e -> e.process().pid()).containsExactly(4001, 4002, 4003);
      assertThat(second).extracting(e -> e.usage().type()).containsExactly("compute", "compute", "graphics");
      // 60 : 25 : 0 of 4 120 000 mJ
      assertThat(second).extracting(e -> e.usage().energyMj()).containsExactly(2_908_235L, 1_211_765L, 0L);
      assertThat(second.getFirst().usage().usedMemoryBytes()).isEqualTo(38L << 30);
      assertThat(second.getFirst().usage().smUtilPct()).isEqualTo(60);
      out.forEach(e -> assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e));
    }
  }

  @Test
  void processLeavingTheGpu_endsItsSession_withPeakAndGpuSeconds() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      GpuSampler s = sampler(nvml);
      s.sampleOnce();
      for (int i = 0; i < 3; i++) {
        tick(emu, 10);
        s.sampleOnce();
      }
      emu.setProcesses(0, List.of(NvmlEmulator.Proc.compute(4001, 40L << 30, 60)));
      tick(emu, 10);
      s.sampleOnce();
      List<GpuEvent> ended = gpu(GpuEvent.Kind.SESSION);
      assertThat(ended).extracting(e -> e.process().pid()).containsExactlyInAnyOrder(4002, 4003);
      GpuEvent p2 = ended.stream().filter(e -> e.process().pid() == 4002).findFirst().orElseThrow();
      assertThat(p2.timeNs()).isEqualTo(T0);
      assertThat(p2.endTimeNs()).isEqualTo(T0 + 30_000_000_000L);
      assertThat(p2.session().samples()).isEqualTo(4);
      assertThat(p2.session().gpuSeconds()).isEqualTo(30.0);
      assertThat(p2.session().busyGpuSeconds()).isEqualTo(7.5); // 25 % of 30 s
      assertThat(p2.session().peakMemoryBytes()).isEqualTo(20L << 30);
      assertThat(p2.session().endReason()).isEqualTo("exited");
      s.finish();
      GpuEvent p1 = gpu(GpuEvent.Kind.SESSION).getLast();
      assertThat(p1.process().pid()).isEqualTo(4001);
      assertThat(p1.session().peakMemoryBytes()).isEqualTo(40L << 30);
      assertThat(p1.session().endReason()).isEqualTo("agent_stopped");
    }
  }

  @Test
  void gpuLostMidRun_isReportedOnce_endsItsSessions_andTheOtherGpuGoesOn() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      GpuSampler s = sampler(nvml);
      s.sampleOnce();
      emu.loseGpu(0);
      tick(emu, 10);
      s.sampleOnce();
      tick(emu, 10);
      s.sampleOnce();
      List<SensorEvent> lost = out.stream().filter(e -> e instanceof SensorEvent se && se.kind() == SensorEvent.Kind.GPU_LOST)
          .map(e -> (SensorEvent) e).toList();
      assertThat(lost).hasSize(1);
      assertThat(lost.getFirst().message()).contains("GPU 0 GPU-0a1b2c3d-0000-4000-8000-000000000000")
          .contains("NVML_ERROR_GPU_IS_LOST (15)").contains("3 process session(s) on it end");
      assertThat(gpu(GpuEvent.Kind.SESSION)).extracting(e -> e.session().endReason()).containsOnly("gpu_lost").hasSize(3);
      assertThat(gpu(GpuEvent.Kind.DEVICE)).extracting(e -> e.gpu().index()).containsExactly(0, 1, 1, 1);
      assertThat(s.lostGpus()).isEqualTo(1);
    }
  }

  @Test
  void realChildProcess_isAttributedThroughTheProcessResolver() throws Exception {
    Process child = new ProcessBuilder("sleep", "30").start();
    try (NvmlEmulator emu = NvmlEmulator.twoH100((int) child.pid(), 4002, 4003); Nvml nvml = Nvml.open(emu.lookup())) {
      ProcessResolver resolver = ProcessResolver.system(false);
      GpuSampler s = GpuSampler.create(nvml, "h", () -> now[0], resolver::resolve, out::add);
      s.sampleOnce();
      ProcessInfo p = gpu(GpuEvent.Kind.PROCESS).getFirst().process();
      assertThat(p.pid()).isEqualTo((int) child.pid());
      assertThat(p.exe()).isEqualTo(Path.of("/proc/" + child.pid() + "/exe").toRealPath().toString());
      assertThat(p.uid()).isEqualTo((int) Files.getAttribute(Path.of("/proc/" + child.pid()), "unix:uid"));
      assertThat(p.cmdline()).isEqualTo("sleep 30");
      assertThat(p.startTimeNs()).isPositive();
      assertThat(p.attribution()).isEqualTo(Attribution.EXACT);
      assertThat(gpu(GpuEvent.Kind.PROCESS).get(1).process().attribution()).as("pid 4002 does not exist here")
          .isEqualTo(Attribution.UNKNOWN);
    } finally {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
