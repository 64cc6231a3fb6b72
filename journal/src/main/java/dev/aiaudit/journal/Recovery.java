package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.CorruptRecordException;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentHeader;
import dev.aiaudit.journal.format.SegmentReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Journal#open} does before the first append: finds the last segment, re-checks it record by
 * record (checksums, seq, chain hash, the last signed checkpoint), trims a torn tail left by a crash, and
 * refuses, changing nothing, when it finds damage anywhere else.
 */
final class Recovery {

  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  static final byte[] GENESIS = new byte[JournalRecord.HASH_LENGTH];

  private Recovery() {}

  /** Where appending resumes. */
  record State(Path segment, long segmentSize, long lastSeq, byte[] lastHash, long checkpointSeq,
      long checkpointsSize, RecoveryReport report, CheckpointEntry lastCheckpoint) {}

  static State run(Path dir) throws IOException {
    deleteTempFiles(dir);
    List<Segments.Segment> segments = Segments.list(dir);
    if (segments.isEmpty()) {
      checkHighWaterMark(dir, 0);
      Path first = createSegment(dir, new SegmentHeader(1, GENESIS));
      return new State(first, SegmentHeader.SIZE, 0, GENESIS.clone(), 0, 0,
          new RecoveryReport(1, 0, 0, 0, false, 0, "new journal"), null);
    }
    Path cpFile = dir.resolve(Segments.CHECKPOINTS);
    CheckpointLog.Loaded cps = CheckpointLog.read(cpFile);
    if (cps.corruptIndex() >= 0) {
      throw corrupt(dir, cpFile + ": " + cps.corruptProblem());
    }
    CheckpointEntry lastCp = cps.entries().isEmpty() ? null : cps.entries().getLast();

    Segments.Segment last = segments.getLast();
    boolean removedSegment = false;
    SegmentHeader header;
    long size;
    try (SegmentReader r = SegmentReader.open(last.path())) {
      size = r.size();
      try {
        header = r.readHeader();
      } catch (CorruptRecordException e) {
        if (size >= SegmentHeader.SIZE || segments.size() < 2) {
          throw corrupt(dir, last.path() + ": " + e.getMessage());
        }
        header = null;
      }
    }
    if (header == null) {
      // A rollover creates segments by rename, so this is a file cut short by something else; still,
      // a last segment without a whole header holds no records: remove it and resume in the previous one.
      LOG.warn("journal {}: removing last segment {} ({} bytes, no whole header)", dir, last.path(), size);
      Files.delete(last.path());
      Segments.fsyncDir(dir);
      removedSegment = true;
      segments = segments.subList(0, segments.size() - 1);
      last = segments.getLast();
      try (SegmentReader r = SegmentReader.open(last.path())) {
        header = r.readHeader();
      } catch (CorruptRecordException e) {
        throw corrupt(dir, last.path() + ": " + e.getMessage());
      }
    }
    if (header.firstSeq() != last.firstSeq()) {
      throw corrupt(dir, last.path() + ": header says first seq " + header.firstSeq());
    }

    MessageDigest sha = Journal.sha256();
    byte[] hash = header.prevHash();
    byte[] next = new byte[JournalRecord.HASH_LENGTH];
    long expected = header.firstSeq();
    long keep;
    long trimmedBytes = 0;
    int trimmedRecords = 0;
    String detail = "clean";
    try (SegmentReader r = SegmentReader.open(last.path())) {
      r.readHeader();
      size = r.size();
      scan:
      while (true) {
        SegmentReader.Status s = r.next();
        switch (s) {
          case RECORD -> {
            JournalRecord rec = r.record();
            if (rec.seq() != expected) {
              throw corrupt(dir, "%s offset %d: record has seq %d where seq %d belongs"
                  .formatted(last.path(), r.recordPosition(), rec.seq(), expected));
            }
            rec.computeHash(sha, hash, next);
            if (!rec.hashEquals(next)) {
              throw corrupt(dir, "%s offset %d: record %d does not match its chain hash"
                  .formatted(last.path(), r.recordPosition(), expected));
            }
            if (lastCp != null && lastCp.seq() == expected && !Arrays.equals(lastCp.hash(), next)) {
              throw corrupt(dir, "record %d differs from the signed checkpoint for it".formatted(expected));
            }
            byte[] t = hash;
            hash = next;
            next = t;
            expected++;
          }
          case END -> {
            break scan;
          }
          case TORN, CORRUPT_AT_END -> {
            trimmedBytes = size - r.recordPosition();
            trimmedRecords = 1;
            detail = "%s: trimmed torn tail at offset %d (%d bytes, record %d: %s)"
                .formatted(last.path().getFileName(), r.recordPosition(), trimmedBytes, expected, r.problem());
            break scan;
          }
          case CORRUPT -> throw corrupt(dir, "%s offset %d: record %d: %s"
              .formatted(last.path(), r.recordPosition(), expected, r.problem()));
        }
      }
      keep = size - trimmedBytes;
    }
    long lastSeq = expected - 1;
    if (lastCp != null && lastCp.seq() > lastSeq) {
      throw corrupt(dir, "a signed checkpoint covers records up to seq %d but the journal ends at seq %d: records are missing"
          .formatted(lastCp.seq(), lastSeq));
    }
    checkHighWaterMark(dir, lastSeq);
    if (lastCp != null && !HighWaterMark.read(HighWaterMark.fileFor(dir)).present()) {
      LOG.warn("journal {}: its high-water mark {} is missing although signed checkpoints exist (up to seq {}); it is"
          + " written again with the next checkpoint, but a tail cut off before this start can no longer be detected"
          + " on this host", dir, HighWaterMark.fileFor(dir), lastCp.seq());
    }

    // Nothing refused: apply the repairs.
    if (trimmedBytes > 0) {
      try (FileChannel ch = FileChannel.open(last.path(), StandardOpenOption.WRITE)) {
        ch.truncate(keep);
        ch.force(true);
      }
      LOG.warn("journal {}: {}; records up to seq {} kept", dir, detail, lastSeq);
    }
    long cpSize = cps.fileSize();
    long trimmedCp = 0;
    if (cps.tornProblem() != null) {
      trimmedCp = cps.fileSize() - cps.validBytes();
      try (FileChannel ch = FileChannel.open(cpFile, StandardOpenOption.WRITE)) {
        ch.truncate(cps.validBytes());
        ch.force(true);
      }
      cpSize = cps.validBytes();
      LOG.warn("journal {}: trimmed {} bytes from {}: {}", dir, trimmedCp, cpFile.getFileName(), cps.tornProblem());
      if (detail.equals("clean")) {
        detail = "trimmed torn checkpoint entry";
      }
    }
    if (removedSegment && detail.equals("clean")) {
      detail = "removed a segment without a whole header";
    }
    RecoveryReport report = new RecoveryReport(segments.size(), lastSeq, trimmedBytes, trimmedRecords,
        removedSegment, trimmedCp, detail);
    return new State(last.path(), keep, lastSeq, hash, lastCp == null ? 0 : lastCp.seq(), cpSize, report, lastCp);
  }

  /** Refuses a journal that ends before its high-water mark (records or whole segments cut off the end). */
  private static void checkHighWaterMark(Path dir, long lastSeq) {
    Path file = HighWaterMark.fileFor(dir);
    HighWaterMark.Mark m = HighWaterMark.read(file);
    if (m.problem() != null) {
      throw new JournalException("journal " + dir + ": " + m.problem() + "; nothing was changed. Run `ai-audit verify --journal "
          + dir + "`");
    }
    if (m.present() && m.entry().seq() > lastSeq) {
      throw new JournalException("journal " + dir + " ends at seq " + lastSeq + " but its high-water mark " + file
          + " says seq " + m.entry().seq() + ": records " + (lastSeq + 1) + ".." + m.entry().seq()
          + " are missing (cut off the end); nothing was changed. Run `ai-audit verify --journal " + dir
          + "` (if the journal was removed on purpose, remove " + file + " too)");
    }
  }

  /**
   * Creates a segment atomically: header written and forced in a temporary file, renamed into place,
   * directory forced. A crash leaves either no segment or one with a whole header.
   */
  static Path createSegment(Path dir, SegmentHeader header) throws IOException {
    Path target = dir.resolve(Segments.name(header.firstSeq()));
    Path tmp = dir.resolve(Segments.name(header.firstSeq()) + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = header.encode();
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Segments.fsyncDir(dir);
    return target;
  }

  private static void deleteTempFiles(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "segment-*.log.tmp")) {
      for (Path p : ds) {
        Files.delete(p);
      }
    }
  }

  private static JournalException corrupt(Path dir, String what) {
    return new JournalException("journal " + dir + " is damaged (" + what + "); nothing was changed. Run `ai-audit verify --journal "
        + dir + "` to locate the first bad record");
  }

  static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }
}
