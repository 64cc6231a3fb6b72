package dev.aiaudit.server.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Builds a signed evidence pack (a zip) for a time range; handed in by the cli's wiring, which owns the journal and its
 * signing key (the server imports neither).
 */
@FunctionalInterface
public interface EvidenceExport {

  /**
   * Writes the pack for [since, until] to {@code out} (left open).
   *
   * @param allRecords every journal record of the range, not only those the alerts and verdicts cite
   * @throws IOException when writing fails
   * @throws IllegalStateException when the pack cannot be built (journal or key unreadable); the message says why
   */
  void write(Instant since, Instant until, boolean allRecords, OutputStream out) throws IOException;
}
