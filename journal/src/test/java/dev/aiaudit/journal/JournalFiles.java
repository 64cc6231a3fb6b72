package dev.aiaudit.journal;

import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentReader;
import dev.aiaudit.model.Event;
import dev.aiaudit.testing.Events;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that look at and damage journal files by hand. */
final class JournalFiles {

  static final long T0 = 1_767_225_600_000_000_000L;

  private JournalFiles() {}

  /** Where one record sits. */
  record Slot(long seq, long offset, int length) {}

  static List<Event> batch(long from, int n) {
    List<Event> out = new ArrayList<>(n);
    for (long i = from; i < from + n; i++) {
      out.add(Events.sample(i, T0 + i * 1_000L));
    }
    return out;
  }

  static List<Path> segments(Path dir) throws IOException {
    return Segments.list(dir).stream().map(Segments.Segment::path).toList();
  }

  static List<Slot> slots(Path segment) throws IOException {
    List<Slot> out = new ArrayList<>();
    try (SegmentReader r = SegmentReader.open(segment)) {
      r.readHeader();
      while (r.next() == SegmentReader.Status.RECORD) {
        out.add(new Slot(r.record().seq(), r.recordPosition(), r.record().length()));
      }
    }
    return out;
  }

  static Slot slot(Path dir, long seq) throws IOException {
    for (Path p : segments(dir)) {
      for (Slot s : slots(p)) {
        if (s.seq() == seq) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("no record " + seq);
  }

  static Path segmentOf(Path dir, long seq) throws IOException {
    for (Path p : segments(dir)) {
      for (Slot s : slots(p)) {
        if (s.seq() == seq) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("no record " + seq);
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x20);
    }
  }

  static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  /** Removes bytes [from, from + n) from a file. */
  static void cut(Path file, long from, int n) throws IOException {
    byte[] all = Files.readAllBytes(file);
    byte[] out = new byte[all.length - n];
    System.arraycopy(all, 0, out, 0, (int) from);
    System.arraycopy(all, (int) from + n, out, (int) from, all.length - (int) from - n);
    Files.write(file, out);
  }

  /** Swaps two adjacent byte ranges a then b (a directly before b). */
  static void swapAdjacent(Path file, Slot a, Slot b) throws IOException {
    byte[] all = Files.readAllBytes(file);
    byte[] out = all.clone();
    System.arraycopy(all, (int) b.offset(), out, (int) a.offset(), b.length());
    System.arraycopy(all, (int) a.offset(), out, (int) a.offset() + b.length(), a.length());
    Files.write(file, out);
  }

  static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
  }

  /**
   * Changes the first ASCII digit of a record's payload to another digit (the JSON stays valid) and stores a new
   * body CRC-32C over [bodyCrc + 4, length), as a forger who knows the format would: the CRCs hold afterwards.
   *
   * @return the record's bytes after the edit
   */
  static byte[] editPayloadDigitKeepingCrc(Path segment, Slot s) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      byte[] rec = new byte[s.length()];
      f.seek(s.offset());
      f.readFully(rec);
      int end = rec.length - JournalRecord.HASH_LENGTH;
      int at = -1;
      for (int i = JournalRecord.PAYLOAD_OFFSET; i < end && at < 0; i++) {
        if (rec[i] >= '0' && rec[i] <= '9') {
          at = i;
        }
      }
      if (at < 0) {
        throw new IllegalStateException("record " + s.seq() + " has no digit in its payload");
      }
      rec[at] = (byte) (rec[at] == '9' ? '8' : rec[at] + 1);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(rec, JournalRecord.PAYLOAD_OFFSET, rec.length - JournalRecord.PAYLOAD_OFFSET);
      java.nio.ByteBuffer.wrap(rec).putInt(JournalRecord.BODY_CRC_OFFSET, (int) crc.getValue());
      f.seek(s.offset());
      f.write(rec);
      return rec;
    }
  }

  /**
   * Recomputes and stores a record's chain hash (SHA-256 of {@code prevHash}, bytes [4, 24) and the payload) and
   * then its body CRC, so the record is consistent with its predecessor again.
   */
  static byte[] rehash(Path segment, Slot s, byte[] prevHash) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      byte[] rec = new byte[s.length()];
      f.seek(s.offset());
      f.readFully(rec);
      int end = rec.length - JournalRecord.HASH_LENGTH;
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(prevHash);
      sha.update(rec, JournalRecord.LENGTH_OFFSET, JournalRecord.BODY_CRC_OFFSET - JournalRecord.LENGTH_OFFSET);
      sha.update(rec, JournalRecord.PAYLOAD_OFFSET, end - JournalRecord.PAYLOAD_OFFSET);
      byte[] hash = sha.digest();
      System.arraycopy(hash, 0, rec, end, hash.length);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(rec, JournalRecord.PAYLOAD_OFFSET, rec.length - JournalRecord.PAYLOAD_OFFSET);
      java.nio.ByteBuffer.wrap(rec).putInt(JournalRecord.BODY_CRC_OFFSET, (int) crc.getValue());
      f.seek(s.offset());
      f.write(rec);
      return hash;
    }
  }

  /** The chain hash stored at the end of a record. */
  static byte[] storedHash(Path segment, Slot s) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "r")) {
      byte[] h = new byte[JournalRecord.HASH_LENGTH];
      f.seek(s.offset() + s.length() - JournalRecord.HASH_LENGTH);
      f.readFully(h);
      return h;
    }
  }
}
