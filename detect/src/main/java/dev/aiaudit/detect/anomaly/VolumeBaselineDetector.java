package dev.aiaudit.detect.anomaly;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Volume baseline: accesses (opens and coalesced reads, by their count) per (executable, asset) in
 * tumbling windows. The baseline is an EWMA of the per-window counts; the deviation is robust: 1.4826
 * × the median absolute deviation of the last {@value #HISTORY} windows (at least 1). A window whose
 * running count passes {@code baseline + k × deviation} alerts once, citing the record that crossed
 * it, with baseline, observed and threshold in the alert. Silent during the learning period and
 * until a key has {@value #MIN_WINDOWS} windows of history. Keys are bounded (least recently used
 * evicted, counted).
 */
public final class VolumeBaselineDetector implements Detector {
  static final int HISTORY = 16;
  static final int MIN_WINDOWS = 8;
  public static final int DEFAULT_MAX_KEYS = 100_000;
  private static final double ALPHA = 0.2;

  private final Duration window;
  private final double k;
  private final Duration learning;
  private final int maxKeys;
  private final Map<String, Key> keys;
  private long learningStartNs = -1;
  private long evicted;

  /** Per-key state: 16 ints of history, an EWMA, the current window. */
  static final class Key {
    final int[] history = new int[HISTORY];
    int filled;
    int next;
    double ewma;
    long windowStart;
    long count;
    boolean alerted;
  }

  public VolumeBaselineDetector(Duration window, double k, Duration learning, int maxKeys) {
    if (window.isZero() || window.isNegative() || k <= 0 || maxKeys < 1) {
      throw new IllegalArgumentException("window > 0, k > 0 and maxKeys >= 1 required");
    }
    this.window = window;
    this.k = k;
    this.learning = learning;
    this.maxKeys = maxKeys;
    this.keys = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Key> eldest) {
        if (size() > VolumeBaselineDetector.this.maxKeys) {
          evicted++;
          return true;
        }
        return false;
      }
    };
  }

  @Override
  public String id() {
    return "volume-baseline";
  }

  @Override
  public void observe(RecordedEvent r, long nowNs, Consumer<AlertEvent> out) {
    if (!(r.event() instanceof FileEvent f) || f.process().exe() == null) {
      return;
    }
    String asset = FirstSeenDetector.asset(f);
    if (asset == null) {
      return;
    }
    if (learningStartNs < 0) {
      learningStartNs = nowNs;
    }
    String id = f.process().exe() + '\t' + asset;
    Key s = keys.get(id);
    long w = window.toNanos();
    if (s == null) {
      s = new Key();
      s.windowStart = nowNs - Math.floorMod(nowNs, w);
      keys.put(id, s);
    }
    roll(s, nowNs, w);
    s.count += f.count();
    if (s.alerted || s.filled < MIN_WINDOWS || nowNs - learningStartNs < learning.toNanos()) {
      return;
    }
    double dev = Math.max(1.0, 1.4826 * mad(s));
    double threshold = s.ewma + k * dev;
    if (s.count > threshold) {
      s.alerted = true;
      out.accept(new AlertEvent(nowNs, f.host(), id(), "Unusual volume of access to " + f.asset().id() + " " + asset,
          "Accesses by one executable to one asset in a " + window.toSeconds() + " s window passed its learned baseline by more than "
              + k + " robust deviations (bulk read or exfiltration).",
          AlertSeverity.MEDIUM, List.of("T1005", "T1030", "nist-ai-rmf:MS-2.7"), List.of(AlertEvent.Citation.of(r)),
          f.process().exe() + "|" + asset, 0,
          f.process().exe() + " (pid " + f.process().pid() + "): " + s.count + " accesses this window, baseline "
              + String.format(java.util.Locale.ROOT, "%.1f", s.ewma),
          "detector", new AlertEvent.Measure("accesses_per_window", s.ewma, s.count, threshold)));
    }
  }

  /** Closes finished windows (empty ones count as 0) into the history and the EWMA. */
  private static void roll(Key s, long nowNs, long w) {
    long elapsed = (nowNs - s.windowStart) / w;
    if (elapsed <= 0) {
      return;
    }
    push(s, s.count);
    for (long i = 1; i < Math.min(elapsed, HISTORY); i++) {
      push(s, 0);
    }
    s.windowStart += elapsed * w;
    s.count = 0;
    s.alerted = false;
  }

  private static void push(Key s, long count) {
    int c = (int) Math.min(Integer.MAX_VALUE, count);
    s.ewma = s.filled == 0 ? c : ALPHA * c + (1 - ALPHA) * s.ewma;
    s.history[s.next] = c;
    s.next = (s.next + 1) % HISTORY;
    s.filled = Math.min(HISTORY, s.filled + 1);
  }

  static double mad(Key s) {
    int[] v = Arrays.copyOf(s.history, s.filled);
    Arrays.sort(v);
    double med = median(v);
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = Math.abs(v[i] - med);
    }
    Arrays.sort(d);
    return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
  }

  private static double median(int[] v) {
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
  }

  public int size() {
    return keys.size();
  }

  public long evicted() {
    return evicted;
  }

  @Override
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(id() + ".tsv");
    Path tmp = dir.resolve("." + id() + ".tsv.tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("# ai-audit volume-baseline v1 learning_start_ns=" + learningStartNs + "\n");
      for (var e : keys.entrySet()) {
        Key s = e.getValue();
        StringBuilder b = new StringBuilder(FirstSeenDetector.escape(e.getKey().replace("\t", "\u0000")));
        b.append('\t').append(s.ewma).append('\t').append(s.windowStart).append('\t').append(s.count)
            .append('\t').append(s.filled).append('\t').append(s.next);
        for (int h : s.history) {
          b.append('\t').append(h);
        }
        w.write(b.append('\n').toString());
      }
    }
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void load(Path dir) throws IOException {
    Path f = dir.resolve(id() + ".tsv");
    if (!Files.isRegularFile(f)) {
      return;
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    String head = "# ai-audit volume-baseline v1 learning_start_ns=";
    if (lines.isEmpty() || !lines.getFirst().startsWith(head)) {
      throw new IOException(f + ": not a volume-baseline state file");
    }
    keys.clear();
    try {
      learningStartNs = Long.parseLong(lines.getFirst().substring(head.length()).trim());
      for (int i = 1; i < lines.size(); i++) {
        String[] p = lines.get(i).split("\t");
        if (p.length != 6 + HISTORY) {
          throw new IOException(f + ":" + (i + 1) + ": expected " + (6 + HISTORY) + " columns, found " + p.length);
        }
        Key s = new Key();
        s.ewma = Double.parseDouble(p[1]);
        s.windowStart = Long.parseLong(p[2]);
        s.count = Long.parseLong(p[3]);
        s.filled = Math.min(HISTORY, Integer.parseInt(p[4]));
        s.next = Math.floorMod(Integer.parseInt(p[5]), HISTORY);
        for (int h = 0; h < HISTORY; h++) {
          s.history[h] = Integer.parseInt(p[6 + h]);
        }
        keys.put(FirstSeenDetector.unescape(p[0]).replace("\u0000", "\t"), s);
      }
    } catch (NumberFormatException e) {
      throw new IOException(f + ": malformed number: " + e.getMessage(), e);
    }
  }
}
