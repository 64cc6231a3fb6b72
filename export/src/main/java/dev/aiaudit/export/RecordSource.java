package dev.aiaudit.export;

import dev.aiaudit.model.RecordedEvent;
import java.util.stream.Stream;

/**
 * Where an exporter reads records from: the journal, wired by the cli (the export module does not depend on
 * the journal module).
 */
public interface RecordSource {

  /**
   * The records from {@code fromSeq} on, in seq order, each with its chain hash. The caller closes the stream.
   *
   * @throws RuntimeException when the records cannot be read (the exporter reports it and retries)
   */
  Stream<RecordedEvent> read(long fromSeq);

  /** The last seq on stable storage: an exporter never sends past it, so a crash cannot unsay what a sink holds. */
  long durableSeq();
}
