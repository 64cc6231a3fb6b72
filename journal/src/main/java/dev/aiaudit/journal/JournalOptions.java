package dev.aiaudit.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Journal settings. Start from {@link #defaults()} and change one thing at a time with the {@code with*}
 * methods, which check their input.
 *
 * @param fsync when appends are forced to disk
 * @param fsyncInterval for {@link FsyncPolicy#INTERVAL}: the longest time between two fsyncs
 * @param segmentBytes a new segment starts before a batch once the current one holds this many bytes
 * @param checkpointEveryRecords sign a checkpoint after this many records ...
 * @param checkpointEvery ... or once this much time has passed since the last one (checked on append)
 * @param keyFile the Ed25519 private key; null means {@code <journal dir>/keys/journal-ed25519.key}
 */
public record JournalOptions(
    FsyncPolicy fsync,
    Duration fsyncInterval,
    long segmentBytes,
    int checkpointEveryRecords,
    Duration checkpointEvery,
    Path keyFile) {

  public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(200);
  public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_CHECKPOINT_EVERY_RECORDS = 100_000;
  public static final Duration DEFAULT_CHECKPOINT_EVERY = Duration.ofSeconds(10);
  /** Smallest segment size accepted (tests use small segments to exercise rollover). */
  public static final long MIN_SEGMENT_BYTES = 1024;

  public JournalOptions {
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(fsyncInterval, "fsyncInterval");
    Objects.requireNonNull(checkpointEvery, "checkpointEvery");
    if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
      throw new IllegalArgumentException("fsyncInterval must be positive: " + fsyncInterval);
    }
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException("segmentBytes must be >= " + MIN_SEGMENT_BYTES + ": " + segmentBytes);
    }
    if (checkpointEveryRecords < 1) {
      throw new IllegalArgumentException("checkpointEveryRecords must be >= 1: " + checkpointEveryRecords);
    }
    if (checkpointEvery.isNegative() || checkpointEvery.isZero()) {
      throw new IllegalArgumentException("checkpointEvery must be positive: " + checkpointEvery);
    }
  }

  /** Group commit, 64 MiB segments, a checkpoint every 100,000 records or 10 s, key under the journal. */
  public static JournalOptions defaults() {
    return new JournalOptions(FsyncPolicy.GROUP, DEFAULT_FSYNC_INTERVAL, DEFAULT_SEGMENT_BYTES,
        DEFAULT_CHECKPOINT_EVERY_RECORDS, DEFAULT_CHECKPOINT_EVERY, null);
  }

  public JournalOptions withFsync(FsyncPolicy policy) {
    return new JournalOptions(policy, fsyncInterval, segmentBytes, checkpointEveryRecords, checkpointEvery, keyFile);
  }

  public JournalOptions withFsyncInterval(Duration interval) {
    return new JournalOptions(fsync, interval, segmentBytes, checkpointEveryRecords, checkpointEvery, keyFile);
  }

  public JournalOptions withSegmentBytes(long bytes) {
    return new JournalOptions(fsync, fsyncInterval, bytes, checkpointEveryRecords, checkpointEvery, keyFile);
  }

  public JournalOptions withCheckpointEveryRecords(int records) {
    return new JournalOptions(fsync, fsyncInterval, segmentBytes, records, checkpointEvery, keyFile);
  }

  public JournalOptions withCheckpointEvery(Duration every) {
    return new JournalOptions(fsync, fsyncInterval, segmentBytes, checkpointEveryRecords, every, keyFile);
  }

  /** @param file the private key file, or null for the default under the journal directory */
  public JournalOptions withKeyFile(Path file) {
    return new JournalOptions(fsync, fsyncInterval, segmentBytes, checkpointEveryRecords, checkpointEvery, file);
  }
}
