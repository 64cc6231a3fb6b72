package dev.aiaudit.journal;

import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.journal.format.SegmentHeader;
import dev.aiaudit.journal.sign.CheckpointSigner;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.RecordedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained, signed journal of events: the system of record.
 *
 * <p>Directory layout: {@code segment-<first seq, 20 digits>.log} files (format in {@link JournalRecord}
 * and {@link SegmentHeader}), {@code checkpoints.log} (signed checkpoints, {@link CheckpointEntry}),
 * {@code keys/journal-ed25519.key} and {@code .pub} (unless {@link JournalOptions#keyFile()} says
 * otherwise) and {@code journal.lock} (one writer per directory).
 *
 * <p>{@link #append} encodes a batch, chains the hashes and writes it in pieces as it goes ({@link BatchWriter}),
 * and forces it once ({@link FsyncPolicy#GROUP}). A failed write or force is rolled back by
 * truncating the segment to where the batch began, so no half batch is ever acknowledged and a later
 * append (once space is freed) continues the chain. Thread-safe: appends are serialised by a lock.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path dir;
  private final JournalOptions options;
  private final EventClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a {@link #forceWritten} outside the lock ends. */
  private final java.util.concurrent.locks.Condition forceEnded = lock.newCondition();
  private final DirectoryLock dirLock;
  private CheckpointSigner signer;
  private KeyPair keys;
  private final Path hwmFile;
  private final FileChannel checkpoints;
  private final RecoveryReport recovery;
  private final BatchEncoder encoder = BatchEncoder.shared();
  private final ScheduledExecutorService flusher;
  private final BatchWriter writer = new BatchWriter();
  private FileChannel segment;
  private Path segmentPath;
  private long segmentSize;
  private long checkpointsSize;
  private long lastSeq;
  private byte[] lastHash;
  private volatile long durableSeq;
  /** The segment's size and the chain hash at {@link #durableSeq}: where a failed force cuts the journal back to. */
  private long durableSize;
  private byte[] durableHash;
  /** Forces running outside the lock ({@link #forceWritten}); the segment is neither rolled nor closed meanwhile. */
  private int forcing;
  /**
   * The epoch: bumped each time records written but not yet durable are cut off after a failed force; {@link #cutPoints}
   * holds, per past epoch, the durable seq it ended at (records of that epoch above it were cut off).
   */
  private long epoch;
  private long[] cutPoints = new long[0];
  /** The epoch the last append's records were written in (read with the lock held, by {@link #appendUnforced}). */
  private long appendedEpoch;
  /** Test seam: fails the next forces of {@link #forceWritten} (a disk that reports a write-back error). */
  private int failNextForces;
  private long lastCheckpointSeq;
  private long lastCheckpointNanos;
  private long lastForceNanos;
  private String broken;
  private boolean closed;
  /** The last checkpoint (or high-water mark) write failed; logged once per change of state. */
  private String checkpointProblem;
  private long checkpointFailures;
  /** A checkpoint whose copy to the high-water mark file failed; written on the next checkpoint call. */
  private CheckpointEntry hwmPending;

  private Journal(Path dir, JournalOptions options, EventClock clock, DirectoryLock dirLock,
      KeyPair keys, Recovery.State state) throws IOException {
    this.dir = dir;
    this.options = options;
    this.clock = clock;
    this.dirLock = dirLock;
    this.signer = new CheckpointSigner(keys.getPrivate());
    this.keys = keys;
    this.hwmFile = HighWaterMark.fileFor(dir);
    this.recovery = state.report();
    this.segmentPath = state.segment();
    this.segmentSize = state.segmentSize();
    this.lastSeq = state.lastSeq();
    this.durableSeq = state.lastSeq();
    this.lastHash = state.lastHash();
    this.durableSize = state.segmentSize();
    this.durableHash = state.lastHash();
    this.lastCheckpointSeq = state.checkpointSeq();
    this.checkpointsSize = state.checkpointsSize();
    this.lastCheckpointNanos = System.nanoTime();
    this.lastForceNanos = System.nanoTime();
    this.segment = FileChannel.open(segmentPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileChannel cp = null;
    try {
      Path cpFile = dir.resolve(Segments.CHECKPOINTS);
      boolean created = !Files.exists(cpFile);
      cp = FileChannel.open(cpFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (created) {
        Segments.fsyncDir(dir);
      }
    } finally {
      if (cp == null) {
        segment.close();
      }
    }
    this.checkpoints = cp;
    if (options.fsync() == FsyncPolicy.INTERVAL) {
      long ms = Math.max(1, options.fsyncInterval().toMillis());
      flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "journal-fsync");
        t.setDaemon(true);
        return t;
      });
      flusher.scheduleWithFixedDelay(this::backgroundForce, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      flusher = null;
    }
  }

  /**
   * Opens the journal in {@code dir}, creating it (and the signing key) when new, recovering it after a
   * crash otherwise (see {@link #recovery()}).
   *
   * @throws JournalException naming the path when the directory cannot be created or written (read-only
   *     file system, permissions, full disk), is locked by another process, or is damaged beyond a torn tail
   */
  public static Journal open(Path dir, JournalOptions options) throws JournalException {
    return open(dir, options, EventClock.SYSTEM);
  }

  /** As {@link #open(Path, JournalOptions)} with the clock that stamps checkpoints. */
  public static Journal open(Path dir, JournalOptions options, EventClock clock) throws JournalException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    Segments.prepareDirectory(dir);
    DirectoryLock dirLock = DirectoryLock.acquire(dir);
    try {
      Path keyFile = options.keyFile() != null ? options.keyFile() : JournalKeys.defaultKeyFile(dir);
      Recovery.State state;
      try {
        state = Recovery.run(dir);
      } catch (IOException e) {
        throw new JournalException("cannot open journal " + dir + ": " + describe(e), e);
      }
      KeyPair keys = KeyGuard.keysFor(dir, keyFile, state);
      if (state.report().repaired()) {
        LOG.warn("journal {} recovered: {}", dir, state.report());
      }
      try {
        return new Journal(dir, options, clock, dirLock, keys, state);
      } catch (IOException e) {
        throw new JournalException("cannot open journal " + dir + ": " + describe(e), e);
      }
    } catch (RuntimeException e) {
      dirLock.close();
      throw e;
    }
  }

  /**
   * Appends a batch: assigns consecutive seqs, chains the hashes, writes, and (under {@link
   * FsyncPolicy#GROUP}) forces the batch to disk before returning.
   *
   * @return the recorded events, in batch order
   * @throws JournalException when the batch could not be written or forced (for example a full disk); the
   *     journal is left as before the call, and a later append may succeed (a failed force also cuts off records
   *     other writers appended with {@link #appendUnforced} that were not durable yet: the epoch moves on)
   */
  public List<RecordedEvent> append(List<Event> batch) {
    return append(batch, true);
  }

  /**
   * Appends a batch without waiting for it to reach stable storage (whatever the policy): the records are written,
   * chained and returned, but not acknowledged until {@link #durableSeq()} covers them, which {@link #forceWritten}
   * (run on another thread while the caller encodes the next batch), {@link #flush} or a later forced append does.
   * This is how the pipeline overlaps one batch's fsync with the next batch's encoding ({@link JournalSink}).
   *
   * @return the recorded events, in batch order; until durable, a failed force may cut them off (the epoch moves on)
   * @throws JournalException as {@link #append}
   */
  public Appended appendUnforced(List<Event> batch) {
    lock.lock();
    try {
      List<RecordedEvent> out = append(batch, false);
      return new Appended(out, out.isEmpty() ? epoch : appendedEpoch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records written by {@link #appendUnforced} and the journal's epoch right after: they stay at their seqs unless the
   * epoch moves on (a failed force cut them off; see {@link #cutPoint}).
   */
  public record Appended(List<RecordedEvent> records, long epoch) {}

  /** What is durable: records up to {@code durableSeq} written in {@code epoch} or before (up to its cut points). */
  public record Durability(long durableSeq, long epoch) {}

  /** A consistent snapshot of {@link #durableSeq()} and the epoch. */
  public Durability durability() {
    lock.lock();
    try {
      return new Durability(durableSeq, epoch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The durable seq at which {@code pastEpoch} ended: its records up to it were durable, those above were cut off.
   *
   * @throws IllegalArgumentException when {@code pastEpoch} has not ended
   */
  public long cutPoint(long pastEpoch) {
    lock.lock();
    try {
      if (pastEpoch < 0 || pastEpoch >= epoch) {
        throw new IllegalArgumentException("epoch " + pastEpoch + " has not ended (now " + epoch + ")");
      }
      return cutPoints[(int) pastEpoch];
    } finally {
      lock.unlock();
    }
  }

  private List<RecordedEvent> append(List<Event> batch, boolean force) {
    Objects.requireNonNull(batch, "batch");
    lock.lock();
    try {
      ensureWritable();
      if (batch.isEmpty()) {
        return List.of();
      }
      if (segmentSize >= options.segmentBytes() && segmentSize > SegmentHeader.SIZE) {
        roll();
      }
      List<RecordedEvent> out = new ArrayList<>(batch.size());
      long first = lastSeq + 1;
      writer.begin(segment, segmentSize, lastHash);
      long end;
      try {
        encoder.encode(batch, (i, payload, off, len) -> {
          Event e = batch.get(i);
          out.add(RecordedEvent.of(first + i, writer.add(first + i, e.timeNs(), payload, off, len), e));
        });
        end = writer.finish();
      } catch (BatchWriter.WriteFailed e) {
        rollBack(writer.start());
        throw new JournalException("cannot append to journal segment " + segmentPath + ": " + describe(e.getCause())
            + "; the batch was not journaled (records up to seq " + lastSeq + " are safe)", e.getCause());
      } catch (RuntimeException | Error e) {
        if (writer.wroteAny()) { // pieces of a batch that will not be journaled: cut off, or a later recovery reads them
          rollBack(writer.start());
        }
        throw e;
      }
      publishAndForce(end, first + batch.size() - 1, writer.lastHash(), force);
      appendedEpoch = epoch; // before the checkpoint: a failed force there cuts this batch off too
      maybeCheckpoint();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Makes the batch written up to {@code end} the segment's new end; under {@code mayForce} forces it as the policy
   * says. A failed force cuts off everything not yet durable ({@link #cutToDurable}).
   */
  private void publishAndForce(long end, long newLastSeq, byte[] newLastHash, boolean mayForce) {
    segmentSize = end;
    lastSeq = newLastSeq;
    lastHash = newLastHash;
    if (options.fsync() == FsyncPolicy.NONE) {
      markDurable(lastSeq, segmentSize, lastHash);
      return;
    }
    boolean force = mayForce && switch (options.fsync()) {
      case GROUP -> true;
      case INTERVAL -> System.nanoTime() - lastForceNanos >= options.fsyncInterval().toNanos();
      case NONE -> false;
    };
    if (force) {
      try {
        forceLocked();
      } catch (IOException e) {
        throw forceFailed("cannot force journal segment ", e);
      }
    }
  }

  /** Forces the segment with the lock held (after any force running outside it) and marks what it covers durable. */
  private void forceLocked() throws IOException {
    awaitForces();
    segment.force(false);
    lastForceNanos = System.nanoTime();
    markDurable(lastSeq, segmentSize, lastHash);
  }

  private void markDurable(long seq, long size, byte[] hash) {
    if (seq >= durableSeq) {
      durableSize = size;
      durableHash = hash;
      durableSeq = seq;
    }
  }

  /** Waits (releasing the lock) until no {@link #forceWritten} is running outside the lock. */
  private void awaitForces() {
    while (forcing > 0) {
      forceEnded.awaitUninterruptibly();
    }
  }

  /**
   * Forces what has been written (the caller's thread waits for the disk; appends go on meanwhile: the lock is not
   * held during the fsync) and marks it durable.
   *
   * @return what is durable after the force; when the force failed, the records written after the last durable one
   *     were cut off the segment (the epoch moved on: their seqs will be assigned again) and their writer must append
   *     them again
   * @throws JournalException when the journal is closed or broken
   */
  public Durability forceWritten() {
    FileChannel ch;
    long seq;
    long size;
    byte[] hash;
    lock.lock();
    try {
      ensureWritable();
      if (durableSeq >= lastSeq) {
        return new Durability(durableSeq, epoch);
      }
      ch = segment;
      seq = lastSeq;
      size = segmentSize;
      hash = lastHash;
      forcing++;
    } finally {
      lock.unlock();
    }
    IOException failed = null;
    try {
      if (failNextForces > 0) {
        failNextForces--;
        throw new IOException("Input/output error (injected)");
      }
      ch.force(false);
    } catch (IOException e) {
      failed = e;
    }
    lock.lock();
    try {
      forcing--;
      forceEnded.signalAll();
      if (failed == null) {
        lastForceNanos = System.nanoTime();
        markDurable(seq, size, hash);
      } else {
        cutToDurable(failed);
      }
      return new Durability(durableSeq, epoch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Cuts the records that are written but not durable off the segment (after a failed force the kernel may have
   * dropped their pages: a later fsync could report success for data that never reached the disk), so the chain
   * goes on from the last durable record.
   */
  private void cutToDurable(IOException cause) {
    cutPoints = java.util.Arrays.copyOf(cutPoints, cutPoints.length + 1);
    cutPoints[(int) epoch] = durableSeq;
    epoch++;
    lastSeq = durableSeq;
    lastHash = durableHash;
    LOG.warn("journal {}: a force failed ({}); records after seq {} were cut off and are appended again", dir,
        describe(cause), durableSeq);
    rollBack(durableSize);
    segmentSize = durableSize;
  }


  /**
   * After a failed force with the lock held: cuts what was not durable ({@link #cutToDurable}) and returns the exception
   * to throw, naming the segment and the last safe seq.
   */
  private JournalException forceFailed(String what, IOException e) {
    long durable = durableSeq;
    cutToDurable(e);
    return new JournalException(what + segmentPath + ": " + describe(e) + "; records after seq " + durable
        + " were not journaled (records up to seq " + durable + " are safe; their writer appends them again)", e);
  }

  /** Test seam: the next {@code n} calls of {@link #forceWritten} fail as a disk's write-back error would. */
  void failNextForces(int n) {
    lock.lock();
    try {
      failNextForces = n;
    } finally {
      lock.unlock();
    }
  }

  private void rollBack(long start) {
    try {
      segment.truncate(start);
      segment.force(false);
    } catch (IOException e) {
      broken = "could not cut a failed batch off " + segmentPath + " (" + describe(e) + ")";
      LOG.error("journal {}: {}; reopen the journal to recover", dir, broken, e);
    }
  }

  private void ensureWritable() {
    if (closed) {
      throw new JournalException("journal " + dir + " is closed");
    }
    if (broken != null) {
      // Retry the repair once: space may have been freed since.
      try {
        segment.truncate(segmentSize);
        segment.force(false);
        broken = null;
      } catch (IOException e) {
        throw new JournalException("journal " + dir + " needs recovery: " + broken + "; reopen it", e);
      }
    }
  }

  private void roll() {
    try {
      forceLocked();
    } catch (IOException e) {
      throw forceFailed("before starting the next segment, cannot force journal segment ", e);
    }
    try {
      Path next = Recovery.createSegment(dir, new SegmentHeader(lastSeq + 1, lastHash));
      FileChannel ch = FileChannel.open(next, StandardOpenOption.READ, StandardOpenOption.WRITE);
      segment.close();
      segment = ch;
      segmentPath = next;
      segmentSize = SegmentHeader.SIZE;
      durableSize = SegmentHeader.SIZE;
    } catch (IOException e) {
      throw new JournalException("cannot start a new segment in journal " + dir + ": " + describe(e)
          + "; the batch was not journaled (records up to seq " + lastSeq + " are safe)", e);
    }
  }

  private void maybeCheckpoint() {
    if (lastSeq - lastCheckpointSeq >= options.checkpointEveryRecords()
        || System.nanoTime() - lastCheckpointNanos >= options.checkpointEvery().toNanos()) {
      try {
        checkpoint();
      } catch (IOException e) {
        checkpointFailed(e);
      }
    }
  }

  /** Signs and appends a checkpoint for the last record; forces the records it covers first. */
  private void checkpoint() throws IOException {
    if (lastSeq == lastCheckpointSeq) {
      if (hwmPending != null) {
        HighWaterMark.write(hwmFile, hwmPending);
        hwmPending = null;
      }
      return;
    }
    if (durableSeq < lastSeq) {
      try {
        forceLocked();
      } catch (IOException e) {
        cutToDurable(e); // as any failed force: what was not durable is appended again by its writer
        throw e;
      }
    }
    CheckpointEntry cp = signer.sign(lastSeq, clock.nowNs(), lastHash);
    ByteBuffer b = cp.encode();
    long at = checkpointsSize;
    try {
      while (b.hasRemaining()) {
        at += checkpoints.write(b, at);
      }
      checkpoints.force(false);
    } catch (IOException e) {
      try {
        checkpoints.truncate(checkpointsSize);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    checkpointsSize += CheckpointEntry.SIZE;
    lastCheckpointSeq = lastSeq;
    lastCheckpointNanos = System.nanoTime();
    hwmPending = cp;
    HighWaterMark.write(hwmFile, cp);
    hwmPending = null;
    if (checkpointProblem != null) {
      LOG.warn("journal {}: checkpoints are written again (seq {}) after {} failed attempts", dir, lastSeq, checkpointFailures);
      checkpointProblem = null;
    }
  }

  /** One WARN line when checkpoints start failing (not one per append, no stack trace); DEBUG after. */
  private void checkpointFailed(IOException e) {
    checkpointFailures++;
    String what = describe(e);
    if (checkpointProblem == null) {
      LOG.warn("journal {}: cannot write a signed checkpoint for seq {}: {} (retrying on later appends; logged once)",
          dir, lastSeq, what);
    } else {
      LOG.debug("journal {}: checkpoint for seq {} failed again", dir, lastSeq, e);
    }
    checkpointProblem = what;
  }

  /** Why the last checkpoint write failed, or null when checkpoints are written. */
  public String checkpointProblem() {
    lock.lock();
    try {
      return checkpointProblem;
    } finally {
      lock.unlock();
    }
  }

  /** The seq the last signed checkpoint covers. */
  public long checkpointSeq() {
    lock.lock();
    try {
      return lastCheckpointSeq;
    } finally {
      lock.unlock();
    }
  }

  /** The public key checkpoints are signed with now. */
  public java.security.PublicKey publicKey() {
    lock.lock();
    try {
      return keys.getPublic();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Changes the signing key, as a journaled act: pins everything so far with a checkpoint signed by the old
   * key, appends a {@code key_rotated} record in which the old key signs the new public key (bound to the
   * record's seq and the previous chain hash, {@link KeyRotation}), then signs a checkpoint covering that
   * record with the new key. The caller installs the new key files afterwards.
   *
   * @return the rotation as journaled
   */
  public KeyRotation rotateKey(KeyPair next, String host) {
    Objects.requireNonNull(next, "next");
    lock.lock();
    try {
      ensureWritable();
      try {
        checkpoint();
      } catch (IOException e) {
        throw new JournalException("cannot write the checkpoint before a key rotation in " + dir + ": " + describe(e), e);
      }
      KeyRotation rot = KeyRotation.sign(lastSeq + 1, lastHash, keys.getPrivate(), keys.getPublic(), next.getPublic());
      CheckpointSigner oldSigner = signer;
      KeyPair oldKeys = keys;
      signer = new CheckpointSigner(next.getPrivate());
      keys = next;
      try {
        append(List.of(new SensorEvent(clock.nowNs(), host, SensorEvent.Kind.KEY_ROTATED, 0, rot.message())));
        checkpoint();
      } catch (IOException | RuntimeException e) {
        if (lastSeq < rot.seq()) {
          signer = oldSigner;
          keys = oldKeys;
        }
        throw e instanceof JournalException je ? je
            : new JournalException("cannot complete the key rotation in " + dir + ": " + e.getMessage(), e);
      }
      return rot;
    } finally {
      lock.unlock();
    }
  }

  private void backgroundForce() {
    lock.lock();
    try {
      if (!closed && broken == null && durableSeq < lastSeq) {
        forceLocked();
      }
    } catch (IOException e) {
      cutToDurable(e); // their writer (JournalSink) appends them again
    } finally {
      lock.unlock();
    }
  }

  /** Forces everything appended so far to disk (whatever the policy). */
  public void flush() {
    lock.lock();
    try {
      if (closed || durableSeq == lastSeq) {
        return;
      }
      forceLocked();
    } catch (IOException e) {
      throw forceFailed("cannot flush journal segment ", e);
    } finally {
      lock.unlock();
    }
  }

  public long lastSeq() {
    lock.lock();
    try {
      return lastSeq;
    } finally {
      lock.unlock();
    }
  }

  /** Hex chain hash of the last record (64 zeros when the journal is empty). */
  public String lastHash() {
    lock.lock();
    try {
      return Recovery.hex(lastHash);
    } finally {
      lock.unlock();
    }
  }

  /** The last seq known to be on stable storage (equals {@link #lastSeq()} under GROUP after append). */
  public long durableSeq() {
    return durableSeq;
  }

  /** What {@link #open} found and repaired. */
  public RecoveryReport recovery() {
    return recovery;
  }

  public Path directory() {
    return dir;
  }

  /** The options it was opened with. */
  public JournalOptions options() {
    return options;
  }

  /**
   * The records from {@code fromSeq} on, decoded, with their chain hashes checked. Reads what is on disk
   * when each segment is reached; stops quietly at an incomplete record at the very end (a write in
   * progress). Close the stream (try-with-resources) to release files.
   *
   * @throws JournalException when the directory is missing or, while streaming, a record is damaged
   */
  public static Stream<RecordedEvent> read(Path dir, long fromSeq) {
    return JournalReader.stream(dir, fromSeq);
  }

  /**
   * Forces, writes a final signed checkpoint (and the high-water mark), and closes. Idempotent.
   *
   * @throws JournalException when the records cannot be forced or the closing checkpoint cannot be written
   *     (one line: what is on disk and what the last signed checkpoint covers); the files are closed anyway
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      awaitForces();
      closed = true;
      if (flusher != null) {
        flusher.shutdownNow();
      }
      if (broken == null) {
        try {
          forceLocked();
        } catch (IOException e) {
          throw new JournalException("cannot close journal " + dir + " cleanly: " + describe(e)
              + " (records up to seq " + durableSeq + " are on disk; reopening recovers)", e);
        }
        try {
          checkpoint();
        } catch (IOException e) {
          throw new JournalException("journal " + dir + ": the closing checkpoint for seq " + lastSeq
              + " could not be written (" + describe(e) + "); records up to seq " + lastSeq
              + " are on disk, the last signed checkpoint covers seq " + lastCheckpointSeq
              + " (the next start signs the rest)", e);
        }
      } else {
        throw new JournalException("journal " + dir + " closed without a final checkpoint: " + broken
            + "; reopening recovers");
      }
    } finally {
      Segments.closeQuietly(segment);
      Segments.closeQuietly(checkpoints);
      dirLock.close();
      lock.unlock();
    }
  }

  /** Drops the files without a checkpoint or force, as a killed process would. Visible for testing. */
  void abandon() {
    lock.lock();
    try {
      awaitForces();
      closed = true;
      if (flusher != null) {
        flusher.shutdownNow();
      }
      Segments.closeQuietly(segment);
      Segments.closeQuietly(checkpoints);
      dirLock.abandon();
    } finally {
      lock.unlock();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    String what = e.getClass().getSimpleName();
    return m == null ? what : what + ": " + m;
  }


}
