package dev.aiaudit.sensor.gpu;

import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.GpuSession;
import dev.aiaudit.model.ProcessInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes on one GPU, each from the first sample that saw it to the last: peak memory, GPU-seconds (the
 * intervals of the samples that saw it, so accurate to one sampling interval), SM-weighted GPU-seconds and energy share.
 * A process is keyed by pid and start time, so a reused pid starts a new session. Not thread-safe.
 */
final class GpuSessions {
  private final GpuDevice gpu;
  private final String host;
  private final Map<String, Open> open = new HashMap<>();

  private static final class Open {
    final ProcessInfo process;
    final long firstNs;
    long lastNs;
    long peak = -1;
    long gpuNs;
    double busyNs;
    boolean utilKnown;
    long energyMj;
    boolean energyKnown;
    long samples;

    Open(ProcessInfo process, long firstNs) {
      this.process = process;
      this.firstNs = firstNs;
    }
  }

  GpuSessions(GpuDevice gpu, String host) {
    this.gpu = gpu;
    this.host = host;
  }

  static String key(ProcessInfo p) {
    return p.pid() + "@" + p.startTimeNs();
  }

  /** Records that {@code p} was on the GPU at {@code nowNs} with {@code u}; returns the session key. */
  String observe(ProcessInfo p, long nowNs, GpuProcessUsage u) {
    String k = key(p);
    Open s = open.computeIfAbsent(k, x -> new Open(p, nowNs));
    s.lastNs = nowNs;
    s.samples++;
    s.peak = Math.max(s.peak, u.usedMemoryBytes());
    s.gpuNs += u.intervalNs();
    if (u.smUtilPct() >= 0) {
      s.utilKnown = true;
      s.busyNs += u.intervalNs() * (u.smUtilPct() / 100.0);
    }
    if (u.energyMj() >= 0) {
      s.energyKnown = true;
      s.energyMj += u.energyMj();
    }
    return k;
  }

  /** Ends the sessions not in {@code seen} (their processes left the GPU) and returns their records. */
  List<GpuEvent> endMissing(Set<String> seen, String source) {
    List<GpuEvent> ended = new ArrayList<>();
    for (Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Open> e = it.next();
      if (!seen.contains(e.getKey())) {
        ended.add(record(e.getValue(), "exited", source));
        it.remove();
      }
    }
    return ended;
  }

  /** Ends every open session with {@code reason} ({@code gpu_lost}, {@code agent_stopped}). */
  List<GpuEvent> endAll(String reason, String source) {
    List<GpuEvent> ended = new ArrayList<>();
    for (Open s : open.values()) {
      ended.add(record(s, reason, source));
    }
    open.clear();
    return ended;
  }

  int size() {
    return open.size();
  }

  private GpuEvent record(Open s, String reason, String source) {
    GpuSession g = new GpuSession(s.peak, s.gpuNs / 1e9, s.utilKnown ? s.busyNs / 1e9 : -1,
        s.energyKnown ? s.energyMj : -1, s.samples, reason);
    return GpuEvent.session(s.firstNs, s.lastNs, host, gpu, s.process, g, source);
  }
}
