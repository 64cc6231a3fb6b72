package dev.aiaudit.store;

import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuMetrics;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.GpuSession;
import java.util.Locale;

/** One line for a GPU record in the table and the CSV's {@code message}: the GPU, then its or the process's figures. */
final class GpuText {
  private GpuText() {}

  static String detail(GpuEvent g) {
    StringBuilder b = new StringBuilder(gpu(g.gpu())).append(": ");
    switch (g.kind()) {
      case DEVICE -> {
        GpuMetrics m = g.metrics();
        b.append("util ").append(pct(m.utilGpuPct())).append(", mem ").append(gib(m.memoryUsedBytes())).append('/')
            .append(gib(m.memoryTotalBytes())).append(" GiB, ").append(m.powerMw() < 0 ? "?" : m.powerMw() / 1000)
            .append(" W, ").append(m.temperatureC() < 0 ? "?" : Integer.toString(m.temperatureC())).append(" C");
        if (m.energyIntervalMj() >= 0) {
          b.append(", ").append(String.format(Locale.ROOT, "%.1f", m.energyIntervalMj() / 1000.0)).append(" J in ")
              .append(m.intervalNs() / 1_000_000_000L).append(" s");
        }
      }
      case PROCESS -> {
        GpuProcessUsage u = g.usage();
        b.append(gib(u.usedMemoryBytes())).append(" GiB held, sm ").append(pct(u.smUtilPct())).append(", ").append(u.type());
        if (u.gpuInstanceId() >= 0) {
          b.append(", MIG gi ").append(u.gpuInstanceId()).append(" ci ").append(u.computeInstanceId());
        }
      }
      case SESSION -> {
        GpuSession s = g.session();
        b.append("session ").append(String.format(Locale.ROOT, "%.1f", s.gpuSeconds())).append(" GPU-s, peak ")
            .append(gib(s.peakMemoryBytes())).append(" GiB, ")
            .append(s.energyMj() < 0 ? "? " : String.format(Locale.ROOT, "%.1f ", s.energyMj() / 1000.0)).append("J, ended: ")
            .append(s.endReason());
      }
    }
    return b.toString();
  }

  private static String gpu(GpuDevice d) {
    return "GPU " + d.index() + (d.name() == null ? "" : " " + d.name()) + (d.migEnabled() ? " [MIG]" : "");
  }

  private static String pct(int p) {
    return p < 0 ? "?" : p + "%";
  }

  private static String gib(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
  }
}
