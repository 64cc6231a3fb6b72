package dev.aiaudit.sensor.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The binding against {@link NvmlEmulator}'s upcall stubs: every struct crosses real native memory. */
class NvmlTest {

  @Test
  void layouts_matchNvmlH() {
    assertThat(NvmlLayouts.PROCESS_INFO.byteSize()).isEqualTo(24);
    assertThat(NvmlLayouts.PROC_MEM).isEqualTo(8);
    assertThat(NvmlLayouts.PROC_GI).isEqualTo(16);
    assertThat(NvmlLayouts.PROCESS_UTIL_SAMPLE.byteSize()).isEqualTo(32);
    assertThat(NvmlLayouts.UTIL_SM).isEqualTo(16);
    assertThat(NvmlLayouts.PCI_INFO.byteSize()).isEqualTo(68);
    assertThat(NvmlLayouts.PCI_BUS_ID).isEqualTo(36);
    assertThat(NvmlLayouts.MEMORY.byteSize()).isEqualTo(24);
  }

  @Test
  void deviceQueries_readStringsAndStructsThroughNativeMemory() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      assertThat(nvml.deviceCount()).isEqualTo(2);
      MemorySegment g0 = nvml.handle(0);
      assertThat(nvml.uuid(g0)).isEqualTo("GPU-0a1b2c3d-0000-4000-8000-000000000000");
      assertThat(nvml.name(g0)).isEqualTo("NVIDIA H100 80GB HBM3");
      assertThat(nvml.pciBusId(g0)).isEqualTo("00000000:17:00.0");
      assertThat(nvml.migEnabled(g0)).isFalse();
      assertThat(nvml.utilization(g0)).containsExactly(87, 43);
      assertThat(nvml.memory(g0)).containsExactly(59L << 30, 80L << 30);
      assertThat(nvml.powerMw(g0)).isEqualTo(412_000);
      assertThat(nvml.energyMj(g0)).isEqualTo(1_000_000_000L);
      assertThat(nvml.temperatureC(g0)).isEqualTo(45);
      assertThat(nvml.smClockMhz(g0)).isEqualTo(1980);
      assertThat(nvml.memClockMhz(g0)).isEqualTo(2619);
      assertThat(nvml.eccUncorrected(g0)).isZero();
      assertThat(nvml.migEnabled(nvml.handle(1))).isTrue();
    }
  }

  @Test
  void processList_growsItsBufferOnInsufficientSize() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(11, 12, 13); Nvml nvml = Nvml.open(emu.lookup())) {
      MemorySegment g0 = nvml.handle(0);
      emu.setProcesses(0, List.of(NvmlEmulator.Proc.compute(11, 38L << 30, 60), NvmlEmulator.Proc.compute(12, 20L << 30, 25),
          NvmlEmulator.Proc.compute(13, 1L << 30, 5)));
      List<Nvml.ProcessRow> rows = nvml.runningProcesses(g0, false); // first buffer holds 2: INSUFFICIENT_SIZE, grow, retry
      assertThat(rows).containsExactly(new Nvml.ProcessRow(11, 38L << 30, -1, -1), new Nvml.ProcessRow(12, 20L << 30, -1, -1),
          new Nvml.ProcessRow(13, 1L << 30, -1, -1));
      assertThat(nvml.bufferGrowths()).isEqualTo(1);
      List<Nvml.UtilRow> util = nvml.processUtilization(g0, 0);
      assertThat(util).extracting(Nvml.UtilRow::pid, Nvml.UtilRow::smUtil).containsExactly(
          org.assertj.core.groups.Tuple.tuple(11, 60), org.assertj.core.groups.Tuple.tuple(12, 25),
          org.assertj.core.groups.Tuple.tuple(13, 5));
      long seen = util.getFirst().timeStampUs();
      assertThat(nvml.processUtilization(g0, seen)).as("NOT_FOUND: nothing newer than asked").isEmpty();
      assertThat(nvml.unavailable()).doesNotContainKey("nvmlDeviceGetProcessUtilization");
    }
  }

  @Test
  void migGpu_reportsInstanceIdsAndNotSupportedUtilisation() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      emu.setProcesses(1, List.of(new NvmlEmulator.Proc(77, 10L << 30, 3, 0, 50, 10, false)));
      MemorySegment g1 = nvml.handle(1);
      assertThat(nvml.utilization(g1)).isNull();
      assertThat(nvml.processUtilization(g1, 0)).isEmpty();
      assertThat(nvml.runningProcesses(g1, false)).containsExactly(new Nvml.ProcessRow(77, 10L << 30, 3, 0));
      assertThat(nvml.unavailable()).containsEntry("nvmlDeviceGetUtilizationRates", "NVML_ERROR_NOT_SUPPORTED (3)")
          .containsEntry("nvmlDeviceGetProcessUtilization", "NVML_ERROR_NOT_SUPPORTED (3)");
    }
  }

  @Test
  void lostGpu_throwsWithTheCode() throws Exception {
    try (NvmlEmulator emu = NvmlEmulator.twoH100(); Nvml nvml = Nvml.open(emu.lookup())) {
      MemorySegment g0 = nvml.handle(0);
      emu.loseGpu(0);
      assertThatThrownBy(() -> nvml.memory(g0)).isInstanceOf(NvmlException.class)
          .hasMessage("nvmlDeviceGetMemoryInfo returned NVML_ERROR_GPU_IS_LOST (15)")
          .extracting(e -> ((NvmlException) e).code()).isEqualTo(15);
      assertThatThrownBy(() -> nvml.runningProcesses(g0, false)).isInstanceOf(NvmlException.class);
      assertThat(nvml.memory(nvml.handle(1))).as("the other GPU still answers").isNotNull();
    }
  }

  @Test
  void olderDriver_withoutOptionalFunctions_reportsThemUnavailable() throws Exception {
    try (NvmlEmulator base = NvmlEmulator.twoH100();
        NvmlEmulator emu = NvmlEmulator.withoutFunctions(base,
            Set.of("nvmlDeviceGetTotalEnergyConsumption", "nvmlDeviceGetComputeRunningProcesses_v3"));
        Nvml nvml = Nvml.open(emu.lookup())) {
      MemorySegment g0 = nvml.handle(0);
      assertThat(nvml.energyMj(g0)).isEqualTo(-1);
      assertThat(nvml.runningProcesses(g0, false)).isEmpty();
      assertThat(nvml.unavailable()).containsEntry("nvmlDeviceGetTotalEnergyConsumption",
          "NVML_ERROR_FUNCTION_NOT_FOUND (13)");
    }
  }

  @Test
  void open_withoutCoreFunctions_failsWithFunctionNotFound() {
    try (NvmlEmulator base = NvmlEmulator.twoH100();
        NvmlEmulator emu = NvmlEmulator.withoutFunctions(base, Set.of("nvmlInit_v2"))) {
      assertThatThrownBy(() -> Nvml.open(emu.lookup())).isInstanceOf(NvmlException.class)
          .hasMessage("nvmlInit_v2 returned NVML_ERROR_FUNCTION_NOT_FOUND (13)");
    }
  }
}
