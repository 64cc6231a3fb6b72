package dev.aiaudit.cli.wiring;

import dev.aiaudit.detect.DetectionEngine;
import dev.aiaudit.detect.WarmUp;
import dev.aiaudit.detect.anomaly.Detector;
import dev.aiaudit.detect.rules.RuleSet;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.journal.JournalSink;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.Event;
import dev.aiaudit.pipeline.BatchingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's start-time warm-up of the path a record takes to its alert: pipeline queue → journal
 * (encoding, chain hash, group fsync) → detection → alert back into the queue → journal. It runs
 * before the sensor is attached, over a <em>throwaway</em> journal in a temporary directory under
 * the data directory (its own key, deleted afterwards) and a scratch detection engine ({@link
 * WarmUp#scratch}: the loaded rules' programs with their own counters, fresh detectors), so the real
 * journal, the detectors' learned state and the counters see nothing of it. Without it, the first
 * seconds of a busy host run interpreted code and build a backlog that alerts wait behind.
 *
 * <p>It writes about {@value #BYTES_PER_RECORD} bytes per record; it does not start unless the data
 * directory's file system has twice that plus {@value #RESERVE_BYTES} bytes free, and it stops at the
 * first failed append. Either way the caller reports it and the agent starts without the warm-up.
 */
public final class PipelineWarmUp {
  /** Journal bytes per warm-up record, rounded up (a record is ≈ 1,150 bytes; checkpoints add little). */
  static final long BYTES_PER_RECORD = 1_500;
  /** Space left free beyond twice the estimate: the warm-up never brings the data disk near full. */
  static final long RESERVE_BYTES = 256L << 20;
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

  private PipelineWarmUp() {}

  private static void flushOrGiveUp(BatchingSink q) throws IOException, InterruptedException {
    boolean flushed = q.flush(FLUSH_TIMEOUT);
    var st = q.stats();
    if (st.failing() || st.failedAttempts() > 0 || !flushed) { // e.g. a full disk: give up the warm-up, not the start
      throw new IOException("the throwaway journal could not be written"
          + (st.lastFailure() == null ? "" : ": " + st.lastFailure()));
    }
  }

  /**
   * Sends {@code records} warm-up records ({@link WarmUp#records}) through a pipeline built like the
   * agent's ({@code queueSize}, {@code maxBatch}, {@code linger}), a throwaway journal under
   * {@code parent} and a scratch engine; returns what it did and what it cost (wall and process CPU).
   *
   * @throws IOException too little free space, or the temporary journal cannot be made, written or removed
   */
  public static WarmUp.Result run(Path parent, JournalOptions options, int queueSize, int maxBatch, Duration linger,
      RuleSet rules, List<Detector> freshDetectors, int records) throws IOException, InterruptedException {
    long cpu0 = WarmUp.cpuNs();
    long t0 = System.nanoTime();
    long need = 2L * records * BYTES_PER_RECORD;
    long free = Files.getFileStore(parent).getUsableSpace();
    if (free < need + RESERVE_BYTES) {
      throw new IOException(String.format("the throwaway journal needs about %,d MiB free under %s, there are %,d MiB",
          (need + RESERVE_BYTES) >> 20, parent.toAbsolutePath(), free >> 20));
    }
    Path dir = Files.createTempDirectory(parent, ".warm-up-");
    long[] alerts = {0};
    try {
      DetectionEngine scratch = WarmUp.scratch(rules, freshDetectors);
      List<Event> recs = WarmUp.records(rules, records, EventClock.SYSTEM.nowNs());
      try (Journal journal = Journal.open(dir.resolve("journal"), options)) {
        BatchingSink[] q = new BatchingSink[1];
        JournalSink sink = new JournalSink(journal, batch -> {
          List<? extends Event> out = scratch.process(batch);
          alerts[0] += out.size();
          q[0].offerAllPromptly(out);
        });
        q[0] = BatchingSink.builder(sink).setQueueSize(queueSize).setMaxBatch(maxBatch).setLinger(linger)
            .setCloseTimeout(Duration.ofSeconds(1)).setHost("warm-up").build();
        try {
          int chunk = Math.max(1, Math.min(queueSize / 2, 8 * maxBatch)); // never fill the queue: nothing dropped
          for (int i = 0; i < recs.size(); i += chunk) {
            q[0].offerAll(recs.subList(i, Math.min(recs.size(), i + chunk)));
            flushOrGiveUp(q[0]);
          }
          flushOrGiveUp(q[0]); // the alerts of the last chunk
        } finally {
          q[0].close();
          sink.drain(); // ends its forcing thread; the journal closes with its try
        }
      }
      return new WarmUp.Result(recs.size(), alerts[0], System.nanoTime() - t0, WarmUp.cpuNs() - cpu0);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
