package dev.aiaudit.detect.anomaly;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.RecordedEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A stateful detector: observes journaled records, alerts on what its learned state calls unusual. */
public interface Detector {

  /** The detector's id, used as the alert's rule id. */
  String id();

  /** Observes one record at {@code nowNs}; alerts go to {@code out}. */
  void observe(RecordedEvent r, long nowNs, Consumer<AlertEvent> out);

  /** Writes the state under {@code dir} (atomically). */
  void save(Path dir) throws IOException;

  /** Restores the state from {@code dir}, when present. */
  void load(Path dir) throws IOException;
}
