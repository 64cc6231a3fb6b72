package dev.aiaudit.store;

import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.ProcessInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * GPU use per pod, container, user or process, summed from the GPU process samples ({@link GpuEvent.Kind#PROCESS}) it
 * is fed: GPU-hours (the time each sample stands for, summed over GPUs; accurate to one sampling interval), SM-busy
 * GPU-hours where NVML reports per-process utilisation, peak device memory (cited by seq and hash), and energy in kWh
 * (each process's share of its GPU's energy). Device samples add to the host totals (all GPU energy, idle included).
 * Not thread-safe.
 */
public final class GpuReport implements Consumer<EventRow> {

  /** How rows are grouped. */
  public enum By {
    POD, CONTAINER, USER, PROCESS;

    public static By parse(String s) {
      for (By b : values()) {
        if (b.name().equalsIgnoreCase(s.trim())) {
          return b;
        }
      }
      throw new IllegalArgumentException("unknown grouping '" + s + "' (expected pod, container, user or process)");
    }
  }

  /** Output formats of the report. */
  public enum Format {
    TABLE, JSON, CSV;

    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown format '" + s + "' (expected table, json or csv)");
    }
  }

  /**
   * One group's figures.
   *
   * @param group the pod uid, container id, user or executable ({@code (none)} when the process has none)
   * @param gpuHours hours on GPUs
   * @param busyGpuHours SM-utilisation-weighted hours, -1 when never reported
   * @param peakMemoryBytes most device memory one process of the group held on one GPU
   * @param peakSeq journal seq of the sample at the peak
   * @param peakHash its chain hash
   * @param energyKwh energy share in kWh, -1 when no GPU reported energy
   * @param gpus distinct GPUs used
   * @param processes distinct processes (pid and start time)
   * @param samples process samples summed
   * @param firstNs first sample
   * @param lastNs last sample
   */
  public record Row(String group, double gpuHours, double busyGpuHours, long peakMemoryBytes, long peakSeq,
      String peakHash, double energyKwh, int gpus, int processes, long samples, long firstNs, long lastNs) {}

  private static final class Acc {
    long ns;
    double busyNs;
    boolean busyKnown;
    long peak = -1;
    long peakSeq;
    String peakHash = "";
    long energyMj;
    boolean energyKnown;
    final Set<String> gpus = new HashSet<>();
    final Set<String> procs = new HashSet<>();
    long samples;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
  }

  private final By by;
  private final Map<String, Acc> groups = new LinkedHashMap<>();
  private long deviceEnergyMj;
  private long deviceSamples;
  private final Set<String> allGpus = new HashSet<>();

  public GpuReport(By by) {
    this.by = java.util.Objects.requireNonNull(by, "by");
  }

  @Override
  public void accept(EventRow row) {
    if (!(row.event() instanceof GpuEvent g)) {
      return;
    }
    allGpus.add(g.gpu().uuid());
    if (g.kind() == GpuEvent.Kind.DEVICE) {
      deviceSamples++;
      if (g.metrics().energyIntervalMj() > 0) {
        deviceEnergyMj += g.metrics().energyIntervalMj();
      }
      return;
    }
    if (g.kind() != GpuEvent.Kind.PROCESS) {
      return; // sessions summarise the same samples: counting both would count twice
    }
    GpuProcessUsage u = g.usage();
    Acc a = groups.computeIfAbsent(key(g.process()), k -> new Acc());
    a.ns += u.intervalNs();
    if (u.smUtilPct() >= 0) {
      a.busyKnown = true;
      a.busyNs += u.intervalNs() * (u.smUtilPct() / 100.0);
    }
    if (u.usedMemoryBytes() > a.peak) {
      a.peak = u.usedMemoryBytes();
      a.peakSeq = row.seq();
      a.peakHash = row.hash();
    }
    if (u.energyMj() >= 0) {
      a.energyKnown = true;
      a.energyMj += u.energyMj();
    }
    a.gpus.add(g.gpu().uuid());
    a.procs.add(g.process().pid() + "@" + g.process().startTimeNs());
    a.samples++;
    a.first = Math.min(a.first, g.timeNs());
    a.last = Math.max(a.last, g.timeNs());
  }

  private String key(ProcessInfo p) {
    String k = switch (by) {
      case POD -> p.podUid();
      case CONTAINER -> p.containerId();
      case USER -> p.user() != null ? p.user() : p.uid() >= 0 ? Integer.toString(p.uid()) : null;
      case PROCESS -> p.exe();
    };
    return k == null ? "(none)" : k;
  }

  /** The groups, most GPU-hours first. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    groups.forEach((k, a) -> rows.add(new Row(k, a.ns / 3.6e12, a.busyKnown ? a.busyNs / 3.6e12 : -1, a.peak, a.peakSeq,
        a.peakHash, a.energyKnown ? a.energyMj / 3.6e9 : -1, a.gpus.size(), a.procs.size(), a.samples, a.first, a.last)));
    rows.sort(Comparator.comparingDouble(Row::gpuHours).reversed().thenComparing(Row::group));
    return rows;
  }

  /** All GPUs' energy over the period from the device samples (idle included), kWh. */
  public double deviceEnergyKwh() {
    return deviceEnergyMj / 3.6e9;
  }

  /** Writes the report; control characters in group names are escaped. */
  public void write(Format format, Writer out) {
    List<Row> rows = rows();
    StringBuilder b = new StringBuilder();
    String head = by.name().toLowerCase(Locale.ROOT);
    switch (format) {
      case TABLE -> table(b, head, rows);
      case CSV -> {
        b.append(QueryOutput.csvRecord(new String[] {head, "gpu_hours", "busy_gpu_hours", "peak_memory_gib", "energy_kwh",
            "gpus", "processes", "samples", "first", "last", "peak_seq", "peak_hash"}));
        for (Row r : rows) {
          b.append(QueryOutput.csvRecord(new String[] {QueryOutput.cleanCsv(r.group()), num(r.gpuHours(), 4),
              r.busyGpuHours() < 0 ? "" : num(r.busyGpuHours(), 4), gib(r.peakMemoryBytes()),
              r.energyKwh() < 0 ? "" : num(r.energyKwh(), 6), String.valueOf(r.gpus()), String.valueOf(r.processes()),
              String.valueOf(r.samples()), iso(r.firstNs()), iso(r.lastNs()), String.valueOf(r.peakSeq()),
              r.peakHash() == null ? "" : String.valueOf(r.peakHash())}));
        }
      }
      case JSON -> json(b, head, rows);
    }
    try {
      out.write(b.toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void table(StringBuilder b, String head, List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {head.toUpperCase(Locale.ROOT), "GPU-HOURS", "BUSY GPU-H", "PEAK GiB", "ENERGY kWh", "GPUS",
        "PROCS", "FIRST (UTC)", "LAST (UTC)", "PEAK SEQ"});
    for (Row r : rows) {
      cells.add(new String[] {QueryOutput.clean(r.group()), num(r.gpuHours(), 3),
          r.busyGpuHours() < 0 ? "-" : num(r.busyGpuHours(), 3), gib(r.peakMemoryBytes()),
          r.energyKwh() < 0 ? "-" : num(r.energyKwh(), 4), Integer.toString(r.gpus()), Integer.toString(r.processes()),
          iso(r.firstNs()), iso(r.lastNs()), Long.toString(r.peakSeq())});
    }
    int[] w = new int[cells.getFirst().length];
    for (String[] c : cells) {
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.max(w[i], c[i].length());
      }
    }
    for (String[] c : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < c.length; i++) {
        String pad = " ".repeat(w[i] - c[i].length());
        line.append(i == 0 || i >= 7 ? c[i] + pad : pad + c[i]).append(i < c.length - 1 ? "  " : "");
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    b.append(rows.size()).append(rows.size() == 1 ? " group" : " groups").append(", ").append(allGpus.size())
        .append(" GPU(s); all GPUs' energy (device samples, idle included): ").append(num(deviceEnergyKwh(), 4))
        .append(" kWh over ").append(deviceSamples).append(" device samples\n");
  }

  private void json(StringBuilder b, String head, List<Row> rows) {
    b.append("{\"by\":\"").append(head).append("\",\"gpus\":").append(allGpus.size()).append(",\"device_energy_kwh\":")
        .append(num(deviceEnergyKwh(), 6)).append(",\"device_samples\":").append(deviceSamples).append(",\"groups\":[");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      b.append(i == 0 ? "" : ",").append("{\"group\":\"").append(jsonEscape(r.group())).append("\",\"gpu_hours\":")
          .append(num(r.gpuHours(), 6)).append(",\"busy_gpu_hours\":").append(r.busyGpuHours() < 0 ? "null" : num(r.busyGpuHours(), 6))
          .append(",\"peak_memory_bytes\":").append(r.peakMemoryBytes()).append(",\"energy_kwh\":")
          .append(r.energyKwh() < 0 ? "null" : num(r.energyKwh(), 6)).append(",\"gpus\":").append(r.gpus())
          .append(",\"processes\":").append(r.processes()).append(",\"samples\":").append(r.samples())
          .append(",\"first\":\"").append(iso(r.firstNs())).append("\",\"last\":\"").append(iso(r.lastNs()))
          .append("\",\"peak\":{\"seq\":").append(r.peakSeq()).append(",\"hash\":\"").append(r.peakHash()).append("\"}}");
    }
    b.append("]}\n");
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String num(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String gib(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.2f", bytes / (double) (1L << 30));
  }

  private static String iso(long ns) {
    return java.time.Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
