package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AlertEvent;

/**
 * A journaled alert and, once acknowledged, the acknowledgement (itself a journaled record).
 *
 * @param ack {@code null} while open
 */
public record AlertView(long seq, String hash, AlertEvent alert, Ack ack) {

  /** An acknowledgement: who, why, and the journal record that holds it. */
  public record Ack(long seq, String hash, long timeNs, String by, String comment) {}

  public boolean open() {
    return ack == null;
  }
}
