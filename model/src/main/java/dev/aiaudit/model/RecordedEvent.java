package dev.aiaudit.model;

import java.util.HexFormat;
import java.util.Objects;

/**
 * An event as the journal holds it: its sequence number and the hex SHA-256 chain hash of its
 * record. Evidence (alerts, verdicts) cites events by these two values.
 *
 * @param seq journal sequence number, starting at 1
 * @param hash lower-case hex SHA-256 chain hash of the record
 * @param event the event
 */
public record RecordedEvent(long seq, String hash, Event event) {

  public RecordedEvent {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1: " + seq);
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(event, "event");
  }

  public static RecordedEvent of(long seq, byte[] hash, Event event) {
    return new RecordedEvent(seq, HexFormat.of().formatHex(hash), event);
  }
}
