package dev.aiaudit.cli.config;

import java.time.Duration;

/**
 * Journal settings.
 *
 * @param fsync {@code group} (default: one fsync per batch, acknowledged = durable), {@code
 *     interval} (fsync at most every {@code fsyncInterval}) or {@code none}
 * @param fsyncInterval used with {@code interval}
 * @param segmentSize bytes per segment file before a new one starts
 * @param checkpointEvery signed checkpoint at least this often
 * @param checkpointRecords and at least every this many records
 * @param retention how long journal records are kept (declared for the EU AI Act Art. 19/26(6)
 *     check; the journal does not delete anything younger)
 */
public record JournalConfig(
    String fsync, Duration fsyncInterval, Long segmentSize, Duration checkpointEvery, Integer checkpointRecords, Duration retention) {

  public JournalConfig {
    fsync = fsync == null ? "group" : fsync;
    if (!fsync.equals("group") && !fsync.equals("interval") && !fsync.equals("none")) {
      throw new IllegalArgumentException("journal.fsync must be group, interval or none, not '" + fsync + "'");
    }
    fsyncInterval = fsyncInterval == null ? Duration.ofMillis(100) : fsyncInterval;
    if (fsyncInterval.isZero() || fsyncInterval.isNegative()) {
      throw new IllegalArgumentException("journal.fsync_interval must be more than 0 (e.g. 100ms)");
    }
    segmentSize = segmentSize == null ? 64L << 20 : segmentSize;
    if (segmentSize < 4096) {
      throw new IllegalArgumentException("journal.segment_size must be at least 4096 bytes");
    }
    checkpointEvery = checkpointEvery == null ? Duration.ofSeconds(60) : checkpointEvery;
    if (checkpointEvery.isZero() || checkpointEvery.isNegative()) {
      throw new IllegalArgumentException("journal.checkpoint_every must be more than 0 (e.g. 60s)");
    }
    checkpointRecords = checkpointRecords == null ? 100_000 : checkpointRecords;
    if (checkpointRecords < 1) {
      throw new IllegalArgumentException("journal.checkpoint_records must be >= 1");
    }
    retention = retention == null ? Duration.ofDays(190) : retention;
  }

  public static JournalConfig defaults() {
    return new JournalConfig(null, null, null, null, null, null);
  }

  public JournalConfig withFsync(String f) {
    return new JournalConfig(f, fsyncInterval, segmentSize, checkpointEvery, checkpointRecords, retention);
  }
}
