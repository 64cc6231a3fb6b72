package dev.aiaudit.export;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.RecordedEvent;
import java.util.Objects;

/**
 * One record on its way out: the journaled event, its seq and chain hash, the hash of the record before it (so
 * a collector can check each link), and the OCSF JSON body, encoded once for every transport.
 *
 * @param seq journal sequence number
 * @param hash hex chain hash of this record
 * @param prevHash hex chain hash of record {@code seq - 1} (64 zeros for seq 1)
 * @param event the event
 * @param ocsf the OCSF JSON of the event, exactly the payload the journal hashed
 * @param severityId OCSF severity_id of the event
 */
public record ExportRecord(long seq, String hash, String prevHash, Event event, byte[] ocsf, int severityId) {

  public ExportRecord {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ocsf, "ocsf");
  }

  /** Encodes the event's OCSF body once. */
  public static ExportRecord of(RecordedEvent r, String prevHash) {
    return new ExportRecord(r.seq(), r.hash(), prevHash, r.event(), EventCodec.encode(r.event()), Severity.idOf(r.event()));
  }
}
