package dev.aiaudit.server.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.store.EventRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GPU telemetry records (class 1099) as time series for the charts: per GPU (device samples) utilisation, memory
 * used, power and cumulative energy; per pod or process (process samples) SM utilisation, memory and cumulative
 * energy. Samples are averaged into time buckets (at least {@link #MIN_BUCKET_S} s, at most {@link #MAX_POINTS}
 * points) so every series shares one time axis, as uPlot wants; a bucket without a sample of a series is null.
 */
final class GpuSeries {
  static final int MAX_POINTS = 300;
  static final long MIN_BUCKET_S = 10;
  private static final double GIB = 1024.0 * 1024 * 1024;

  /** The charts, in page order: id, title, unit. */
  static final List<String[]> CHARTS = List.of(
      new String[] {"gpu-util", "GPU utilisation", "%"},
      new String[] {"gpu-mem", "GPU memory used", "GiB"},
      new String[] {"gpu-power", "GPU power", "W"},
      new String[] {"gpu-energy", "GPU energy since the first sample shown", "Wh"},
      new String[] {"proc-util", "SM utilisation per pod / process", "%"},
      new String[] {"proc-mem", "GPU memory per pod / process", "GiB"},
      new String[] {"proc-energy", "GPU energy per pod / process since the first sample shown", "Wh"});

  /** One series: bucket start (s) to (sum, n) of the values, or a running total for energy. */
  private static final class Series {
    final TreeMap<Long, double[]> points = new TreeMap<>();

    void add(long bucket, double v) {
      double[] p = points.computeIfAbsent(bucket, b -> new double[2]);
      p[0] += v;
      p[1]++;
    }
  }

  private final Map<String, Map<String, Series>> charts = new LinkedHashMap<>();
  private final TreeSet<Long> buckets = new TreeSet<>();
  private final long bucketS;
  private int devices;
  private int processes;

  /** @param rows GPU records in any order */
  GpuSeries(List<EventRow> rows) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (EventRow r : rows) {
      min = Math.min(min, r.event().timeNs());
      max = Math.max(max, r.event().timeNs());
    }
    long span = rows.isEmpty() ? 0 : (max - min) / 1_000_000_000L;
    bucketS = Math.max(MIN_BUCKET_S, (span + MAX_POINTS - 1) / MAX_POINTS);
    CHARTS.forEach(c -> charts.put(c[0], new TreeMap<>()));
    // energy: totals accumulate in time order
    List<EventRow> ordered = rows.stream().sorted(java.util.Comparator.comparingLong(r -> r.event().timeNs())).toList();
    Map<String, Double> energy = new java.util.HashMap<>();
    for (EventRow r : ordered) {
      if (!(r.event() instanceof GpuEvent g)) {
        continue;
      }
      long b = g.timeNs() / 1_000_000_000L / bucketS * bucketS;
      buckets.add(b);
      String gpu = gpuLabel(g);
      switch (g.kind()) {
        case DEVICE -> {
          devices++;
          var m = g.metrics();
          if (m.utilGpuPct() >= 0) {
            series("gpu-util", gpu).add(b, m.utilGpuPct());
          }
          if (m.memoryUsedBytes() >= 0) {
            series("gpu-mem", gpu).add(b, m.memoryUsedBytes() / GIB);
          }
          if (m.powerMw() >= 0) {
            series("gpu-power", gpu).add(b, m.powerMw() / 1000.0);
          }
          if (m.energyIntervalMj() >= 0) {
            double wh = energy.merge("gpu\u0000" + gpu, m.energyIntervalMj() / 3.6e6, Double::sum);
            last("gpu-energy", gpu, b, wh);
          }
        }
        case PROCESS -> {
          processes++;
          var u = g.usage();
          String who = processLabel(g.process()) + " on " + gpu;
          if (u.smUtilPct() >= 0) {
            series("proc-util", who).add(b, u.smUtilPct());
          }
          if (u.usedMemoryBytes() >= 0) {
            series("proc-mem", who).add(b, u.usedMemoryBytes() / GIB);
          }
          if (u.energyMj() >= 0) {
            double wh = energy.merge("proc\u0000" + who, u.energyMj() / 3.6e6, Double::sum);
            last("proc-energy", who, b, wh);
          }
        }
        case SESSION -> {
          // sessions summarise process samples already shown
        }
      }
    }
  }

  private Series series(String chart, String name) {
    return charts.get(chart).computeIfAbsent(name, n -> new Series());
  }

  /** A running total: the bucket keeps the latest total (sum of one, n = 1). */
  private void last(String chart, String name, long bucket, double total) {
    series(chart, name).points.put(bucket, new double[] {total, 1});
  }

  static String gpuLabel(GpuEvent g) {
    return g.host() + " gpu" + g.gpu().index() + (g.gpu().name() == null ? "" : " " + g.gpu().name());
  }

  static String processLabel(ProcessInfo p) {
    if (p.podUid() != null) {
      return "pod " + p.podUid();
    }
    if (p.containerId() != null) {
      return "container " + p.containerId().substring(0, Math.min(12, p.containerId().length()));
    }
    String exe = p.exe() == null ? "?" : p.exe().substring(p.exe().lastIndexOf('/') + 1);
    return exe + " [" + p.pid() + "]";
  }

  int devices() {
    return devices;
  }

  int processes() {
    return processes;
  }

  long bucketSeconds() {
    return bucketS;
  }

  /** Series names of one chart. */
  List<String> names(String chart) {
    return List.copyOf(charts.get(chart).keySet());
  }

  /** One chart as {@code {"title","unit","labels":[...],"data":[[t...],[s1...],...]}}: uPlot's columns, null gaps. */
  ObjectNode chart(String[] c) {
    ObjectNode n = ApiJson.MAPPER.createObjectNode().put("id", c[0]).put("title", c[1]).put("unit", c[2]);
    ArrayNode labels = n.putArray("labels");
    ArrayNode data = n.putArray("data");
    ArrayNode t = data.addArray();
    Map<String, Series> s = charts.get(c[0]);
    buckets.forEach(t::add);
    s.forEach((name, series) -> {
      labels.add(name);
      ArrayNode col = data.addArray();
      for (long b : buckets) {
        double[] p = series.points.get(b);
        if (p == null) {
          col.addNull();
        } else {
          col.add(Math.round(p[0] / p[1] * 1000) / 1000.0);
        }
      }
    });
    return n;
  }
}
