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
import java.util.zip.CRC32C;
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
 * <p>{@link #append} encodes a batch into one buffer, chains the hashes, writes it with one positional
 * write and forces it once ({@link FsyncPolicy#GROUP}). A failed write or force is rolled back by
 * truncating the segment to where the batch began, so no half batch is ever acknowledged and a later
 * append (once space is freed) continues the chain. Thread-safe: appends are serialised by a lock.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int INITIAL_BUFFER = 8 << 20;

  private final Path dir;
  private final JournalOptions options;
  private final EventClock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final DirectoryLock dirLock;
  private CheckpointSigner signer;
  private KeyPair keys;
  private final Path hwmFile;
  private final FileChannel checkpoints;
  private final RecoveryReport recovery;
  private final MessageDigest sha = sha256();
  private final CRC32C crc = new CRC32C();
  private final BatchEncoder encoder = BatchEncoder.shared();
  private final ScheduledExecutorService flusher;
  private final byte[] scratch = new byte[JournalRecord.HEADER_SIZE];
  /** Direct, so the channel writes it without another copy; reused across batches. */
  private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER);
  private FileChannel segment;
  private Path segmentPath;
  private long segmentSize;
  private long checkpointsSize;
  private long lastSeq;
  private byte[] lastHash;
  private volatile long durableSeq;
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
   *     journal is left as before the call, and a later append may succeed
   */
  public List<RecordedEvent> append(List<Event> batch) {
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
      buffer.clear();
      List<RecordedEvent> out = new ArrayList<>(batch.size());
      long first = lastSeq + 1;
      byte[][] prev = {lastHash};
      encoder.encode(batch, (i, payload, off, len) -> {
        int need = JournalRecord.OVERHEAD + len;
        if (buffer.remaining() < need) {
          grow(need);
        }
        Event e = batch.get(i);
        byte[] h = new byte[JournalRecord.HASH_LENGTH];
        JournalRecord.write(buffer, first + i, e.timeNs(), payload, off, len, sha, crc, prev[0], h, scratch);
        out.add(RecordedEvent.of(first + i, h, e));
        prev[0] = h;
      });
      long seq = first + batch.size() - 1;
      buffer.flip();
      writeAndForce(buffer, seq);
      lastSeq = seq;
      lastHash = prev[0];
      maybeCheckpoint();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Replaces the batch buffer with a larger one holding what was written so far. */
  private void grow(int need) {
    long want = Math.max((long) buffer.position() + need, buffer.capacity() * 2L);
    if (want > Integer.MAX_VALUE - 8) {
      throw new JournalException("batch is too large for one journal write (" + want + " bytes)");
    }
    ByteBuffer bigger = ByteBuffer.allocateDirect((int) want);
    buffer.flip();
    bigger.put(buffer);
    buffer = bigger;
  }

  private void writeAndForce(ByteBuffer data, long newLastSeq) {
    long start = segmentSize;
    int n = data.remaining();
    try {
      long at = start;
      while (data.hasRemaining()) {
        at += segment.write(data, at);
      }
      boolean force = switch (options.fsync()) {
        case GROUP -> true;
        case INTERVAL -> System.nanoTime() - lastForceNanos >= options.fsyncInterval().toNanos();
        case NONE -> false;
      };
      if (force) {
        segment.force(false);
        lastForceNanos = System.nanoTime();
      }
      segmentSize = start + n;
      if (force || options.fsync() == FsyncPolicy.NONE) {
        durableSeq = newLastSeq;
      }
    } catch (IOException e) {
      rollBack(start);
      throw new JournalException("cannot append to journal segment " + segmentPath + ": " + describe(e)
          + "; the batch was not journaled (records up to seq " + lastSeq + " are safe)", e);
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
      segment.force(false);
      durableSeq = lastSeq;
      Path next = Recovery.createSegment(dir, new SegmentHeader(lastSeq + 1, lastHash));
      FileChannel ch = FileChannel.open(next, StandardOpenOption.READ, StandardOpenOption.WRITE);
      segment.close();
      segment = ch;
      segmentPath = next;
      segmentSize = SegmentHeader.SIZE;
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
      segment.force(false);
      durableSeq = lastSeq;
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
        segment.force(false);
        lastForceNanos = System.nanoTime();
        durableSeq = lastSeq;
      }
    } catch (IOException e) {
      broken = "background fsync of " + segmentPath + " failed (" + describe(e) + ")";
      LOG.error("journal {}: {}", dir, broken, e);
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
      segment.force(false);
      lastForceNanos = System.nanoTime();
      durableSeq = lastSeq;
    } catch (IOException e) {
      throw new JournalException("cannot flush journal segment " + segmentPath + ": " + describe(e), e);
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
      closed = true;
      if (flusher != null) {
        flusher.shutdownNow();
      }
      if (broken == null) {
        try {
          segment.force(false);
          durableSeq = lastSeq;
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
