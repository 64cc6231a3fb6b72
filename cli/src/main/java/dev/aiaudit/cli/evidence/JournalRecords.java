package dev.aiaudit.cli.evidence;

import dev.aiaudit.journal.JournalException;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentHeader;
import dev.aiaudit.journal.format.SegmentReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Streams a journal's records as stored (the bytes {@code verify --pack} rehashes), segment by segment in seq order
 * ({@code segment-<first seq>.log}, docs/journal.md), recomputing the hash chain as it goes. One record in memory at a
 * time. Stops quietly at a torn record at the very end (a write in progress), like the journal's own reader; damage
 * anywhere else is an error naming the file and offset.
 */
final class JournalRecords {

  /** What to do with each record: the flyweight is valid only during the call. */
  interface Visitor {
    void record(JournalRecord r, byte[] prevHash) throws IOException;
  }

  private JournalRecords() {}

  /**
   * Calls {@code v} for every record up to seq {@code limit}, in seq order, as far as was on disk when each segment was
   * opened; returns how many were visited.
   */
  static long forEach(Path dir, long limit, Visitor v) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<Path> segments = segments(dir);
    byte[] prev = null;
    byte[] next = new byte[JournalRecord.HASH_LENGTH];
    long expected = -1;
    long n = 0;
    for (int i = 0; i < segments.size(); i++) {
      Path file = segments.get(i);
      boolean last = i == segments.size() - 1;
      try (SegmentReader in = SegmentReader.open(file)) {
        SegmentHeader h;
        try {
          h = in.readHeader();
        } catch (RuntimeException e) {
          if (last && in.size() < SegmentHeader.SIZE) {
            break; // a segment being created
          }
          throw damaged(dir, file + ": " + e.getMessage());
        }
        if (expected != -1 && h.firstSeq() != expected) {
          throw damaged(dir, file + ": starts at seq " + h.firstSeq() + ", expected " + expected);
        }
        if (prev != null && !Arrays.equals(prev, h.prevHash())) {
          throw damaged(dir, file + ": does not continue the hash chain");
        }
        prev = h.prevHash();
        expected = h.firstSeq();
        while (true) {
          if (expected > limit) {
            return n;
          }
          SegmentReader.Status s = in.next();
          if (s == SegmentReader.Status.END) {
            break;
          }
          if (s != SegmentReader.Status.RECORD) {
            if (last && s != SegmentReader.Status.CORRUPT) {
              return n;
            }
            throw damaged(dir, "%s offset %d: record %d: %s".formatted(file, in.recordPosition(), expected, in.problem()));
          }
          JournalRecord r = in.record();
          if (r.seq() != expected) {
            throw damaged(dir, "%s offset %d: seq %d where %d belongs".formatted(file, in.recordPosition(), r.seq(), expected));
          }
          r.computeHash(sha, prev, next);
          if (!r.hashEquals(next)) {
            throw damaged(dir, "%s offset %d: record %d does not match its chain hash".formatted(file, in.recordPosition(), expected));
          }
          v.record(r, prev);
          prev = next.clone();
          expected++;
          n++;
        }
      }
    }
    return n;
  }

  private static List<Path> segments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new JournalException("journal directory " + dir + " does not exist");
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "segment-*.log")) {
      ds.forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  private static JournalException damaged(Path dir, String what) {
    return new JournalException("journal " + dir + " is damaged (" + what + "); run `ai-audit verify --journal " + dir + "`");
  }
}
