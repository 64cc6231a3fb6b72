package dev.aiaudit.journal;

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
}
