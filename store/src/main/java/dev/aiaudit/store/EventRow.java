package dev.aiaudit.store;

import dev.aiaudit.model.Event;
import java.util.Objects;

/**
 * One indexed event as a query returns it: the journal sequence number and chain hash that cite it
 * as evidence, and the event rebuilt from the index columns.
 *
 * @param seq journal sequence number
 * @param hash lower-case hex chain hash of the journal record
 * @param event the event
 */
public record EventRow(long seq, String hash, Event event) {
  public EventRow {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(event, "event");
  }
}
