package dev.aiaudit.detect.anomaly;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rare time: access to an asset at an hour of the day that asset is not used at. Per asset (the
 * directory of a model or data set, a GPU device node: {@link FirstSeenDetector#asset}) the detector
 * counts accesses per hour of day (records, in {@code zone}, by the record's own time). Each asset
 * learns for {@code learning} from its first access; afterwards an access in an hour holding less
 * than {@code minShare} of the asset's accesses alerts (the engine throttles per asset and hour for
 * an hour). Counting goes on after learning, so a new schedule that keeps up becomes usual.
 * State is bounded: {@code maxAssets} assets, least recently used evicted (counted).
 */
public final class RareTimeDetector implements Detector {
  public static final String ID = "rare-time";
  public static final int DEFAULT_MAX_ASSETS = 20_000;
  /** An hour is rare below this share of the asset's accesses (1 %). */
  public static final double DEFAULT_MIN_SHARE = 0.01;
  private static final String FILE = ID + ".tsv";
  private static final String HEADER = "# ai-audit rare-time v1";

  private final Duration learning;
  private final ZoneId zone;
  private final double minShare;
  private final int maxAssets;
  private final Map<String, Hours> assets;
  private long evicted;

  /** Per asset: accesses per hour of day and when it was first seen. */
  static final class Hours {
    final int[] count = new int[24];
    long total;
    long firstNs;
  }

  public RareTimeDetector(Duration learning, ZoneId zone, double minShare, int maxAssets) {
    if (learning.isNegative() || minShare <= 0 || minShare >= 1 || maxAssets < 1) {
      throw new IllegalArgumentException("learning >= 0, 0 < minShare < 1 and maxAssets >= 1 required");
    }
    this.learning = learning;
    this.zone = zone;
    this.minShare = minShare;
    this.maxAssets = maxAssets;
    this.assets = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Hours> eldest) {
        if (size() > RareTimeDetector.this.maxAssets) {
          evicted++;
          return true;
        }
        return false;
      }
    };
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void observe(RecordedEvent r, long nowNs, Consumer<AlertEvent> out) {
    if (!(r.event() instanceof FileEvent f)) {
      return;
    }
    String asset = FirstSeenDetector.asset(f);
    if (asset == null) {
      return;
    }
    Hours h = assets.get(asset);
    if (h == null) {
      h = new Hours();
      h.firstNs = nowNs;
      assets.put(asset, h);
    }
    int hour = Instant.ofEpochSecond(0, f.timeNs()).atZone(zone).getHour();
    boolean judged = nowNs - h.firstNs >= learning.toNanos() && h.total > 0;
    double share = h.total == 0 ? 0 : h.count[hour] / (double) h.total;
    if (h.count[hour] < Integer.MAX_VALUE) {
      h.count[hour]++;
      h.total++;
    }
    if (!judged || share >= minShare) {
      return;
    }
    out.accept(new AlertEvent(nowNs, f.host(), ID,
        "Access to " + f.asset().id() + " " + asset + " at an unusual hour (" + hour + ":00 " + zone + ")",
        "The asset is not normally used at this hour of the day: " + String.format(Locale.ROOT, "%.2f", 100 * share)
            + " % of its accesses since it was first seen fell in this hour (rare below "
            + String.format(Locale.ROOT, "%.2f", 100 * minShare) + " %); usual hours: " + usualHours(h) + ".",
        AlertSeverity.LOW, List.of("T1078", "nist-ai-rmf:MS-2.7", "eu-ai-act:art-15"),
        List.of(AlertEvent.Citation.of(r)), asset + "|" + hour, 0,
        who(f) + " " + f.activity().id() + " " + f.path() + " at " + hour + ":00 " + zone, "detector",
        new AlertEvent.Measure("hour_share", share, hour, minShare)));
  }

  static String who(FileEvent f) {
    return (f.process().exe() == null ? "pid " + f.process().pid() : f.process().exe() + " (pid " + f.process().pid() + ")")
        + (f.process().user() != null ? " user " + f.process().user() : "");
  }

  private String usualHours(Hours h) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      if (h.total > 0 && h.count[i] / (double) h.total >= minShare) {
        b.append(b.isEmpty() ? "" : ",").append(i);
      }
    }
    return b.isEmpty() ? "none" : b.toString();
  }

  /** Whether {@code asset}'s hours are judged at {@code nowNs} (its learning period is over). */
  public boolean learned(String asset, long nowNs) {
    Hours h = assets.get(asset);
    return h != null && nowNs - h.firstNs >= learning.toNanos();
  }

  public int size() {
    return assets.size();
  }

  public long evicted() {
    return evicted;
  }

  @Override
  public void save(Path dir) throws IOException {
    List<String[]> rows = new ArrayList<>(assets.size());
    for (var e : assets.entrySet()) {
      Hours h = e.getValue();
      String[] row = new String[2 + 24];
      row[0] = e.getKey();
      row[1] = Long.toString(h.firstNs);
      for (int i = 0; i < 24; i++) {
        row[2 + i] = Integer.toString(h.count[i]);
      }
      rows.add(row);
    }
    StateFile.write(dir, FILE, HEADER + " zone=" + zone.getId(), rows);
  }

  @Override
  public void load(Path dir) throws IOException {
    StateFile.Loaded f = StateFile.read(dir, FILE, HEADER);
    if (f == null) {
      return;
    }
    String savedZone = f.header("zone");
    if (!savedZone.equals(zone.getId())) {
      throw new IOException(f.file() + ":1: hours were learned in zone " + savedZone + ", configured zone is " + zone.getId()
          + " (remove the file to learn again, or configure " + savedZone + ")");
    }
    assets.clear();
    for (int i = 0; i < f.rows().size(); i++) {
      if (f.rows().get(i).length != 26) {
        throw new IOException(f.file() + ":" + (i + 2) + ": expected 26 fields, found " + f.rows().get(i).length);
      }
      Hours h = new Hours();
      h.firstNs = f.number(i, 1);
      for (int k = 0; k < 24; k++) {
        long c = f.number(i, 2 + k);
        if (c < 0 || c > Integer.MAX_VALUE) {
          throw new IOException(f.file() + ":" + (i + 2) + ": hour " + k + " count out of range: " + c);
        }
        h.count[k] = (int) c;
        h.total += c;
      }
      assets.put(f.rows().get(i)[0], h);
    }
  }
}
