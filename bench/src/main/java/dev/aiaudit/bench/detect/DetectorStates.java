package dev.aiaudit.bench.detect;

import dev.aiaudit.detect.anomaly.Detector;
import dev.aiaudit.detect.anomaly.FirstSeenDetector;
import dev.aiaudit.detect.anomaly.RareLineageDetector;
import dev.aiaudit.detect.anomaly.RareTimeDetector;
import dev.aiaudit.detect.anomaly.VolumeBaselineDetector;
import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Detector state for {@code n} distinct keys: the records that create them and the retained heap,
 * measured with JOL's {@link GraphLayout} (every object reachable from the detector, by its real
 * layout in this JVM; the records that filled it are not reachable from it, except the strings the
 * state keeps).
 */
final class DetectorStates {
  static final List<String> KINDS = List.of("first-seen-exe-asset", "volume-baseline", "rare-time", "rare-lineage");

  private DetectorStates() {}

  /** A detector of {@code kind} bounded to hold {@code n} keys (learning over at once). */
  static Detector create(String kind, int n) {
    return switch (kind) {
      case "first-seen-exe-asset" -> FirstSeenDetector.exeAsset(Duration.ZERO, n);
      case "volume-baseline" -> new VolumeBaselineDetector(Duration.ofMinutes(1), 5, Duration.ZERO, n);
      case "rare-time" -> new RareTimeDetector(Duration.ZERO, ZoneId.of("UTC"), RareTimeDetector.DEFAULT_MIN_SHARE, n);
      case "rare-lineage" -> new RareLineageDetector(Duration.ZERO, RareLineageDetector.DEFAULT_MAX_LAUNCHES, n);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /**
   * Records making {@code n} distinct keys of {@code kind}: (executable, model directory) pairs for
   * first-seen and volume, model directories for rare-time, (executable, parent) pairs with their
   * launches for rare-lineage (whose launch table keeps its default bound of 65,536).
   */
  static List<RecordedEvent> records(String kind, int n) {
    List<RecordedEvent> out = new ArrayList<>(2 * n);
    long seq = 0;
    for (int i = 0; i < n; i++) {
      ProcessInfo p = new ProcessInfo(1000 + i, 1, 1000, "svc", "/opt/app/bin/worker-" + i, null, 1_000L + i, null, null, null);
      String path = kind.equals("rare-time") ? "/models/model-" + i + "/w.safetensors"
          : "/models/model-" + (i % 1000) + "/w.safetensors";
      if (kind.equals("rare-lineage")) {
        out.add(new RecordedEvent(++seq, "ab".repeat(32), new ProcessEvent(1L, 1L, "h", p, "/usr/bin/launcher-" + (i % 100),
            null, "/", 1, "proc-connector")));
      }
      out.add(new RecordedEvent(++seq, "ab".repeat(32),
          FileEvent.of(1L + i, "h", FileActivity.READ, p, path, AssetKind.MODEL_WEIGHTS, "fanotify")));
    }
    return out;
  }

  /** Feeds the records to the detector (alerts discarded). */
  static Detector fill(Detector d, List<RecordedEvent> records) {
    for (RecordedEvent r : records) {
      d.observe(r, 1L, a -> { });
    }
    return d;
  }

  /** Bytes reachable from the detector (JOL GraphLayout). */
  static long retainedBytes(Detector d) {
    return GraphLayout.parseInstance(d).totalSize();
  }
}
