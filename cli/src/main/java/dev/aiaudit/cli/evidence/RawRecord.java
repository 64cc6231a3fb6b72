package dev.aiaudit.cli.evidence;

import dev.aiaudit.journal.format.JournalRecord;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * One journal record exactly as it is stored (header, payload, chain hash) with the chain hash of the record
 * before it, which is all it takes to recompute its own hash offline.
 *
 * @param seq journal sequence number
 * @param timeNs the record's time, ns since the epoch
 * @param prevHash chain hash of record {@code seq - 1} (32 zero bytes before the first record)
 * @param bytes the whole stored record ({@link JournalRecord} layout)
 */
record RawRecord(long seq, long timeNs, byte[] prevHash, byte[] bytes) {

  /** Copies the record the flyweight points at. */
  static RawRecord of(JournalRecord r, byte[] prevHash) {
    ByteBuffer b = ByteBuffer.allocate(r.length());
    b.putInt(r.headerCrc()).putInt(r.length()).putLong(r.seq()).putLong(r.timeNs()).putInt(r.bodyCrc())
        .put(r.payload()).put(r.hash());
    return new RawRecord(r.seq(), r.timeNs(), prevHash.clone(), b.array());
  }

  JournalRecord view() {
    return new JournalRecord().wrap(ByteBuffer.wrap(bytes), 0);
  }

  byte[] payload() {
    return view().payload();
  }

  String hashHex() {
    return HexFormat.of().formatHex(view().hash());
  }

  String prevHashHex() {
    return HexFormat.of().formatHex(prevHash);
  }
}
