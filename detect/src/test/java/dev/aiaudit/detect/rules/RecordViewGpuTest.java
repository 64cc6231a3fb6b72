package dev.aiaudit.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuMetrics;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.ProcessInfo;
import org.junit.jupiter.api.Test;

class RecordViewGpuTest {
  private static final GpuDevice GPU = new GpuDevice(0, "GPU-x", "NVIDIA H100", null, false);

  @Test
  void processSample_exposesItsProcessAsProcFields() {
    ProcessInfo p = new ProcessInfo(42, 1, 1000, "alice", "/usr/bin/python3", "python3 serve.py", 5L, "abc123", "containerd",
        "pod-1");
    GpuEvent e = GpuEvent.process(1L, "h", GPU, p, new GpuProcessUsage(1L << 30, -1, -1, 50, 10, "compute", 0, -1), "nvml");
    assertThat(RecordView.className(e)).isEqualTo("gpu");
    assertThat(RecordView.activity(e)).isEqualTo("process");
    assertThat(RecordView.value(Field.PROC_EXE, e)).isEqualTo("/usr/bin/python3");
    assertThat(RecordView.value(Field.PROC_POD, e)).isEqualTo("pod-1");
    assertThat(RecordView.value(Field.SOURCE, e)).isEqualTo("nvml");
    assertThat(RecordView.value(Field.COUNT, e)).isEqualTo(1L);
  }

  @Test
  void deviceSample_hasNoProcess() {
    GpuEvent e = GpuEvent.device(1L, "h", GPU, new GpuMetrics(1, 1, 1, 2, 1, 1, 1, 1, 1, 0, -1, 0), "nvml");
    assertThat(RecordView.activity(e)).isEqualTo("device");
    assertThat(RecordView.value(Field.PROC_PID, e)).isEqualTo(-1L);
    assertThat(RecordView.value(Field.PROC_EXE, e)).isEqualTo("");
  }
}
