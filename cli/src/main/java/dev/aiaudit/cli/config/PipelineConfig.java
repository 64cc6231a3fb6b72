package dev.aiaudit.cli.config;

import java.time.Duration;

/**
 * Queue between the sensor and the journal.
 *
 * @param queueSize events held in memory before new ones are dropped (and counted, and reported)
 * @param batchSize events per journal batch (one fsync each under {@code fsync: group})
 * @param linger longest wait for a batch to fill
 */
public record PipelineConfig(Integer queueSize, Integer batchSize, Duration linger) {

  public PipelineConfig {
    queueSize = queueSize == null ? 262_144 : queueSize;
    batchSize = batchSize == null ? 4_096 : batchSize;
    linger = linger == null ? Duration.ofMillis(50) : linger;
    if (queueSize < 1 || batchSize < 1) {
      throw new IllegalArgumentException("pipeline.queue_size and pipeline.batch_size must be >= 1");
    }
  }

  public static PipelineConfig defaults() {
    return new PipelineConfig(null, null, null);
  }
}
