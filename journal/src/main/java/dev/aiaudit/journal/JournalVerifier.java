package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.CorruptRecordException;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentHeader;
import dev.aiaudit.journal.format.SegmentReader;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.SensorEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    return verify(dir, trusted, HighWaterMark.fileFor(dir));
  }

  /**
   * As {@link #verify(Path, PublicKey)} with the high-water mark read from {@code hwmFile} (a copy kept
   * elsewhere, for example).
   */
  public static VerifyResult verify(Path dir, PublicKey trusted, Path hwmFile) {
    if (!Files.isDirectory(dir)) {
      throw new JournalException("journal directory " + dir + " does not exist or is not a directory");
    }
    try {
      return new Run(dir, trusted, hwmFile).run();
    } catch (IOException e) {
      throw new JournalException("cannot read journal " + dir + ": " + Journal.describe(e), e);
    }
  }

  private static final class Run {
    private static final int LOOKAHEAD = 10_000;

    private static final byte[] ROTATION_MARKER =
        ("\"sensor_event\":\"" + SensorEvent.Kind.KEY_ROTATED.id() + "\"").getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final PublicKey trusted;
    private final Path hwmFile;
    private KeyChain chain;
    private CheckpointEntry hwm;
    private final MessageDigest sha = Journal.sha256();
    private long badSeq = Long.MAX_VALUE;
    private String problem;
    private long records;
    private long lastSeq;
    private byte[] lastHash = Recovery.GENESIS.clone();

    Run(Path dir, PublicKey trusted, Path hwmFile) {
      this.dir = dir;
      this.trusted = trusted;
      this.hwmFile = hwmFile;
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
      PublicKey own = null;
      Path pub = JournalKeys.publicKeyFile(JournalKeys.defaultKeyFile(dir));
      if (trusted == null && Files.exists(pub)) {
        own = JournalKeys.readPublicKey(pub);
      }
      chain = new KeyChain(trusted, own, this::problem);
      HighWaterMark.Mark mark = HighWaterMark.read(hwmFile);
      if (mark.problem() != null) {
        problem(lastGoodCp + 1, VerifyResult.ALTERED, mark.problem());
      }
      hwm = mark.entry();
      Map<Long, Integer> cpAt = new HashMap<>();
      long prevCpSeq = 0;
      for (int i = 0; i < entries.size(); i++) {
        CheckpointEntry cp = entries.get(i);
        if (cp.seq() <= prevCpSeq) {
          problem(cp.seq(), VerifyResult.REORDERED, "checkpoint #%d (seq %d) follows a checkpoint for seq %d"
              .formatted(i + 1, cp.seq(), prevCpSeq));
        }
        cpAt.putIfAbsent(cp.seq(), i);
        prevCpSeq = Math.max(prevCpSeq, cp.seq());
      }

      scan(segments, entries, cpAt);

      // Entries past the last record: checked with the key in force at the end.
      for (int i = 0; i < entries.size(); i++) {
        CheckpointEntry cp = entries.get(i);
        if (cp.seq() > lastSeq) {
          chain.signed(label(i, cp, cpFile), cp);
        }
      }
      for (int i = 0; i < entries.size(); i++) {
        CheckpointEntry cp = entries.get(i);
        if (cp.seq() > lastSeq && badSeq == Long.MAX_VALUE) {
          problem(lastSeq + 1, VerifyResult.TRUNCATED, "records %d..%d are missing at the end: signed checkpoint #%d covers seq %d but the journal ends at seq %d"
              .formatted(lastSeq + 1, cp.seq(), i + 1, cp.seq(), lastSeq));
        }
      }
      if (hwm != null && hwm.seq() > lastSeq) {
        chain.signed("high-water mark " + hwmFile.getFileName() + " (seq " + hwm.seq() + ")", hwm);
        long n = lastSeq + 1;
        String missing = "journal ends at seq %d but the high-water mark %s says %d: %s missing".formatted(lastSeq, hwmFile,
            hwm.seq(), n == hwm.seq() ? "record " + n + " is" : "records " + n + ".." + hwm.seq() + " are");
        if (badSeq == Long.MAX_VALUE) {
          problem(n, VerifyResult.TRUNCATED, missing);
        } else if (badSeq == n && problem.startsWith(VerifyResult.TRUNCATED)) {
          problem = problem + "; " + missing;
        }
      } else if (hwm == null && mark.problem() == null && !entries.isEmpty()) {
        problem(lastSeq + 1, VerifyResult.TRUNCATED, ("the high-water mark %s is missing, so records cut off the end"
            + " (with their checkpoints) cannot be detected; it is rewritten with every checkpoint (pass --hwm FILE for a copy)")
            .formatted(hwmFile));
      }
      chain.finish();
      String hex = Recovery.hex(lastHash);
      long hwmSeq = hwm == null ? -1 : hwm.seq();
      if (problem == null) {
        return new VerifyResult(true, records, segments.size(), entries.size(), -1, "", lastSeq, hex, hwmSeq,
            chain.fingerprints());
      }
      return new VerifyResult(false, records, segments.size(), entries.size(), badSeq, problem, lastSeq, hex, hwmSeq,
          chain.fingerprints());
    }

    private static String label(int i, CheckpointEntry cp, Path cpFile) {
      return "checkpoint #%d (seq %d) in %s".formatted(i + 1, cp.seq(), cpFile.getFileName());
    }

    /** A {@code key_rotated} record: parsed, its signature checked, the chain advanced. */
    private void rotation(JournalRecord rec, byte[] prevHash) {
      Event e;
      try {
        e = EventCodec.decode(rec.payload());
      } catch (RuntimeException ex) {
        return; // not a decodable event: its hash matched, so it is what was written; not a rotation
      }
      if (e instanceof SensorEvent se && se.kind() == SensorEvent.Kind.KEY_ROTATED
          && se.message().startsWith(KeyRotation.PREFIX)) {
        try {
          chain.rotation(KeyRotation.parse(rec.seq(), se.message()), prevHash);
        } catch (IllegalArgumentException ex) {
          chain.malformed(rec.seq(), ex.getMessage());
        }
      }
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
                if (rec.payloadContains(ROTATION_MARKER)) {
                  rotation(rec, hash);
                }
                if (hwm != null && hwm.seq() == seq) {
                  if (!Arrays.equals(hwm.hash(), next)) {
                    problem(seq, VerifyResult.ALTERED, "the chain hash of record %d does not match the high-water mark %s"
                        .formatted(seq, hwmFile));
                    return;
                  }
                  chain.signed("high-water mark " + hwmFile.getFileName() + " (seq " + seq + ")", hwm);
                }
                Integer cpIndex = cpAt.get(seq);
                if (cpIndex != null) {
                  for (int ci = cpIndex; ci < entries.size() && entries.get(ci).seq() == seq; ci++) {
                    chain.signed(label(ci, entries.get(ci), dir.resolve(Segments.CHECKPOINTS)), entries.get(ci));
                  }
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
