package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.CorruptRecordException;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentHeader;
import dev.aiaudit.journal.format.SegmentReader;
import dev.aiaudit.journal.sign.CheckpointSigner;
import dev.aiaudit.journal.sign.JournalKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole journal, read-only, and names the first record that was altered, removed, reordered or
 * truncated, or the first checkpoint whose signature fails.
 *
 * <p>Checks: every segment header (magic, CRC, first seq matching its file name and following the previous
 * segment, previous hash continuing the chain); every record (header and body CRC-32C, seq following the
 * previous one, chain hash); every checkpoint (CRC, increasing seqs, Ed25519 signature, the chain hash of
 * the record it names, and that it does not name a record past the end).
 *
 * <p>Without a trusted key the public key stored in the journal ({@code keys/journal-ed25519.key.pub}) is
 * used: that proves the checkpoints were made with the journal's key, but someone able to rewrite the
 * journal could replace that key too, so pass a copy of the public key kept elsewhere.
 */
public final class JournalVerifier {

  private JournalVerifier() {}

  /**
   * @param dir the journal directory
   * @param trusted the public key to check checkpoints with, or null for the journal's own
   * @throws JournalException when the verifier could not run (directory missing, unreadable, key unreadable)
   */
  public static VerifyResult verify(Path dir, PublicKey trusted) {
    if (!Files.isDirectory(dir)) {
      throw new JournalException("journal directory " + dir + " does not exist or is not a directory");
    }
    try {
      return new Run(dir, trusted).run();
    } catch (IOException e) {
      throw new JournalException("cannot read journal " + dir + ": " + Journal.describe(e), e);
    }
  }

  private static final class Run {
    private static final int LOOKAHEAD = 10_000;

    private final Path dir;
    private PublicKey key;
    private final MessageDigest sha = Journal.sha256();
    private long badSeq = Long.MAX_VALUE;
    private String problem;
    private long records;
    private long lastSeq;
    private byte[] lastHash = Recovery.GENESIS.clone();

    Run(Path dir, PublicKey key) {
      this.dir = dir;
      this.key = key;
    }

    /** Keeps the problem with the lowest seq (the first one found wins a tie). */
    private void problem(long seq, String kind, String what) {
      if (seq < badSeq) {
        badSeq = seq;
        problem = kind + ": " + what;
      }
    }

    VerifyResult run() throws IOException {
      List<Segments.Segment> segments = Segments.list(dir);
      Path cpFile = dir.resolve(Segments.CHECKPOINTS);
      CheckpointLog.Loaded cps = CheckpointLog.read(cpFile);
      List<CheckpointEntry> entries = cps.entries();
      long lastGoodCp = entries.isEmpty() ? 0 : entries.getLast().seq();
      if (cps.corruptIndex() >= 0) {
        problem(lastGoodCp + 1, VerifyResult.ALTERED, cpFile.getFileName() + ": " + cps.corruptProblem());
      } else if (cps.tornProblem() != null) {
        problem(lastGoodCp + 1, VerifyResult.TRUNCATED, cpFile.getFileName() + ": " + cps.tornProblem());
      }
      if (key == null && !entries.isEmpty()) {
        Path pub = JournalKeys.publicKeyFile(JournalKeys.defaultKeyFile(dir));
        if (Files.exists(pub)) {
          key = JournalKeys.readPublicKey(pub);
        }
      }
      Map<Long, Integer> cpAt = new HashMap<>();
      long prevCpSeq = 0;
      for (int i = 0; i < entries.size(); i++) {
        CheckpointEntry cp = entries.get(i);
        if (cp.seq() <= prevCpSeq) {
          problem(cp.seq(), VerifyResult.REORDERED, "checkpoint #%d (seq %d) follows a checkpoint for seq %d"
              .formatted(i + 1, cp.seq(), prevCpSeq));
        }
        if (key == null) {
          problem(cp.seq(), VerifyResult.BAD_SIGNATURE, "no public key to check checkpoint #%d (seq %d): pass --public-key"
              .formatted(i + 1, cp.seq()));
        } else if (!CheckpointSigner.verify(cp, key)) {
          problem(cp.seq(), VerifyResult.BAD_SIGNATURE, "checkpoint #%d (seq %d) in %s: Ed25519 signature does not verify"
              .formatted(i + 1, cp.seq(), cpFile.getFileName()));
        }
        cpAt.put(cp.seq(), i);
        prevCpSeq = Math.max(prevCpSeq, cp.seq());
      }

      scan(segments, entries, cpAt);

      for (int i = 0; i < entries.size(); i++) {
        CheckpointEntry cp = entries.get(i);
        if (cp.seq() > lastSeq && badSeq == Long.MAX_VALUE) {
          problem(lastSeq + 1, VerifyResult.TRUNCATED, "records %d..%d are missing at the end: signed checkpoint #%d covers seq %d but the journal ends at seq %d"
              .formatted(lastSeq + 1, cp.seq(), i + 1, cp.seq(), lastSeq));
        }
      }
      String hex = Recovery.hex(lastHash);
      if (problem == null) {
        return new VerifyResult(true, records, segments.size(), entries.size(), -1, "", lastSeq, hex);
      }
      return new VerifyResult(false, records, segments.size(), entries.size(), badSeq, problem, lastSeq, hex);
    }

    /** Walks the segments; stops at the first record-level problem. */
    private void scan(List<Segments.Segment> segments, List<CheckpointEntry> entries, Map<Long, Integer> cpAt)
        throws IOException {
      long expected = 1;
      byte[] hash = Recovery.GENESIS.clone();
      byte[] next = new byte[JournalRecord.HASH_LENGTH];
      long prevCpSeq = 0;
      for (int i = 0; i < segments.size(); i++) {
        Segments.Segment seg = segments.get(i);
        boolean isLast = i == segments.size() - 1;
        String name = seg.path().getFileName().toString();
        try (SegmentReader r = SegmentReader.open(seg.path())) {
          SegmentHeader h;
          try {
            h = r.readHeader();
          } catch (CorruptRecordException e) {
            boolean cut = r.size() < SegmentHeader.SIZE;
            problem(expected, cut ? VerifyResult.TRUNCATED : VerifyResult.ALTERED,
                "segment %s header: %s".formatted(name, e.getMessage()));
            return;
          }
          if (h.firstSeq() != seg.firstSeq()) {
            problem(expected, VerifyResult.ALTERED, "segment %s header says it starts at seq %d".formatted(name, h.firstSeq()));
            return;
          }
          if (h.firstSeq() > expected) {
            problem(expected, VerifyResult.REMOVED, "records %d..%d are missing: segment %s starts at seq %d after seq %d"
                .formatted(expected, h.firstSeq() - 1, name, h.firstSeq(), expected - 1));
            return;
          }
          if (h.firstSeq() < expected) {
            problem(h.firstSeq(), VerifyResult.REORDERED, "segment %s starts at seq %d but records up to seq %d came before it"
                .formatted(name, h.firstSeq(), expected - 1));
            return;
          }
          if (!Arrays.equals(h.prevHash(), hash)) {
            problem(expected, VerifyResult.ALTERED, "segment %s does not continue the hash chain after record %d"
                .formatted(name, expected - 1));
            return;
          }
          while (true) {
            SegmentReader.Status s = r.next();
            long at = r.recordPosition();
            switch (s) {
              case END -> {
                break;
              }
              case TORN -> {
                problem(expected, VerifyResult.TRUNCATED, (isLast ? "record %d in %s at offset %d is cut off (%s)"
                    : "segment %s ends inside record %d at offset %d (%s)").formatted(
                        isLast ? expected : name, isLast ? name : expected, at, r.problem()));
                return;
              }
              case CORRUPT, CORRUPT_AT_END -> {
                problem(expected, VerifyResult.ALTERED, "record %d in %s at offset %d: %s"
                    .formatted(expected, name, at, r.problem()));
                return;
              }
              case RECORD -> {
                JournalRecord rec = r.record();
                long seq = rec.seq();
                if (seq != expected) {
                  outOfPlace(r, name, at, seq, expected);
                  return;
                }
                rec.computeHash(sha, hash, next);
                if (!rec.hashEquals(next)) {
                  problem(expected, VerifyResult.ALTERED, "record %d in %s at offset %d does not match its chain hash (it, or the hash stored in record %d, was changed)"
                      .formatted(expected, name, at, expected - 1));
                  return;
                }
                Integer cpIndex = cpAt.get(seq);
                if (cpIndex != null) {
                  CheckpointEntry cp = entries.get(cpIndex);
                  if (!Arrays.equals(cp.hash(), next)) {
                    problem(prevCpSeq + 1, VerifyResult.ALTERED, "records %d..%d were rewritten: the chain hash of record %d does not match signed checkpoint #%d"
                        .formatted(prevCpSeq + 1, seq, seq, cpIndex + 1));
                    return;
                  }
                  prevCpSeq = seq;
                }
                byte[] t = hash;
                hash = next;
                next = t;
                records++;
                lastSeq = seq;
                lastHash = hash.clone();
                expected++;
                if (expected > badSeq) {
                  return;
                }
                continue;
              }
            }
            break;
          }
        }
      }
    }

    private void outOfPlace(SegmentReader r, String name, long at, long seq, long expected) throws IOException {
      if (seq < expected) {
        problem(expected, VerifyResult.REORDERED, "record %d in %s at offset %d appears after record %d"
            .formatted(seq, name, at, expected - 1));
        return;
      }
      for (int n = 0; n < LOOKAHEAD; n++) {
        if (r.next() != SegmentReader.Status.RECORD) {
          break;
        }
        if (r.record().seq() == expected) {
          problem(expected, VerifyResult.REORDERED, "record %d is out of place in %s: record %d is at offset %d where record %d belongs, record %d comes at offset %d"
              .formatted(expected, name, seq, at, expected, expected, r.recordPosition()));
          return;
        }
      }
      problem(expected, VerifyResult.REMOVED, (seq == expected + 1 ? "record %d is missing" : "records %d.." + (seq - 1) + " are missing")
          .formatted(expected) + " from %s: record %d follows record %d at offset %d".formatted(name, seq, expected - 1, at));
    }
  }
}
